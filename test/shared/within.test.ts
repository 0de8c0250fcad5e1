import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isWithin } from '../../src/shared/within.js';

describe('isWithin', () => {
  const root = path.resolve('/work/project');
  it('holds for the root and what is under it', () => {
    expect(isWithin(root, root)).toBe(true);
    expect(isWithin(root, path.join(root, 'infra', 'main.tf'))).toBe(true);
    expect(isWithin(root, path.join(root, '..cache', 'x.yaml'))).toBe(true);
  });
  it('fails for the parent, a sibling and a folder whose name only starts the same', () => {
    expect(isWithin(root, path.dirname(root))).toBe(false);
    expect(isWithin(root, path.resolve('/work/other/x.tf'))).toBe(false);
    expect(isWithin(root, `${root}-old/x.tf`)).toBe(false);
  });
});
