import { describe, expect, it } from 'vitest';
import { assetManifestName, assetSourcePath } from '../../src/graph/cloudformation/cdk-assets.js';

describe('CDK asset manifests', () => {
  const manifest = JSON.stringify({
    version: '36.0.0',
    files: {
      abc: { source: { path: 'AppStackWorkers.nested.template.json', packaging: 'file' }, destinations: { 'a-r': { bucketName: 'b', objectKey: 'abc.json' } } },
      def: { source: { path: 'asset.def', packaging: 'zip' }, destinations: { 'a-r': { bucketName: 'b', objectKey: 'def.zip' } } },
    },
  });

  it('names the file uploaded as an object key', () => {
    expect(assetSourcePath(manifest, 'abc.json')).toBe('AppStackWorkers.nested.template.json');
    expect(assetSourcePath(manifest, 'def.zip')).toBe('asset.def');
    expect(assetSourcePath(manifest, 'other.json')).toBeUndefined();
  });

  it('is undefined for text that is not a manifest', () => {
    for (const text of ['', 'not json', '[]', 'null', '{"files": 3}', '{"files": {"x": null}}', '{"files": {"x": {"source": {"path": 1}, "destinations": {"d": {"objectKey": "abc.json"}}}}}']) {
      expect(assetSourcePath(text, 'abc.json'), text).toBeUndefined();
    }
  });

  it('belongs beside a template CDK wrote', () => {
    expect(assetManifestName('AppStack.template.json')).toBe('AppStack.assets.json');
    expect(assetManifestName('template.yaml')).toBeUndefined();
  });
});
