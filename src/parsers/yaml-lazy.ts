import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

let loaded: typeof Yaml | undefined;

/**
 * The `yaml` package, loaded on first use. Most runs never need it: the fast
 * reader reads ordinary templates, and only a config file, a template our fast
 * reader declines, or `Metadata` naming us calls for it. Loading it costs about
 * 70 CommonJS modules (15-20 ms) at every start; `require` keeps the callers synchronous.
 */
export function yaml(): typeof Yaml {
  loaded ??= createRequire(import.meta.url)('yaml') as typeof Yaml;
  return loaded;
}
