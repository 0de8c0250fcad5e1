// What every lint run of the CLI loads, behind one import() (one file to resolve and link instead of four).
export { lint, rules } from '../index.js';
export { loadConfig, ConfigError } from '../config/config.js';
export { inScope } from '../engine/in-paths.js';
export { withModuleFiles } from '../discover/discover.js';
