/**
 * A CDK cloud assembly's asset manifest (`<Stack>.assets.json`, beside `<Stack>.template.json` in
 * `cdk.out`): which local file each asset is, and the S3 object it is uploaded as. A CDK nested stack's
 * TemplateURL names only that object (`.../<hash>.json`); the manifest names its template
 * (`<Id>.nested.template.json`).
 */

const MANIFEST_OF_TEMPLATE = /\.template\.json$/;

/** The asset manifest's file name for a stack template's file name, or undefined for a file CDK did not write. */
export function assetManifestName(templateName: string): string | undefined {
  return MANIFEST_OF_TEMPLATE.test(templateName) ? templateName.replace(MANIFEST_OF_TEMPLATE, '.assets.json') : undefined;
}

interface FileAsset {
  source?: { path?: unknown };
  destinations?: Record<string, { objectKey?: unknown } | undefined>;
}

/** The path (relative to the manifest) of the file asset uploaded as `objectKey`; undefined when none is, or the text is not a manifest. */
export function assetSourcePath(manifestText: string, objectKey: string): string | undefined {
  let manifest: unknown;
  try {
    manifest = JSON.parse(manifestText);
  } catch {
    return undefined;
  }
  const files = typeof manifest === 'object' && manifest !== null ? (manifest as { files?: unknown }).files : undefined;
  if (typeof files !== 'object' || files === null) return undefined;
  for (const asset of Object.values(files as Record<string, FileAsset | undefined>)) {
    const destinations = Object.values(asset?.destinations ?? {});
    const source = asset?.source?.path;
    if (typeof source === 'string' && destinations.some((d) => d?.objectKey === objectKey)) return source;
  }
  return undefined;
}
