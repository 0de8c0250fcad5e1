import type { Graph } from '../graph/types.js';
import type { Rule } from '../rules/rule.js';
import type { Finding } from '../shared/finding.js';

export interface ReportContext {
  /** Paths are shown relative to this directory. */
  cwd: string;
  /** How many files were linted. */
  fileCount: number;
  color: boolean;
  /** Every linted file, when known: junit reports a passing testcase for each clean one. */
  files?: readonly string[];
  /** The rules that ran, for SARIF's rule metadata; every built-in rule when absent. */
  rules?: readonly Rule[];
  /** The resource graph, for the formats that draw it (`GRAPH_FORMATS`). */
  graph?: Graph;
  /** Columns to wrap stylish output to; undefined: no wrapping (a pipe or a file). */
  width?: number;
  /** `--explain`: stylish lists each finding's related locations under it. */
  explain?: boolean;
  /** `--graph-all`: the drawings show every unit, not only those with findings. */
  graphAll?: boolean;
}

export type Formatter = (findings: readonly Finding[], ctx: ReportContext) => string;

/** Loaded on demand so a CLI run pays only for the reporters it uses. */
const LOADERS = {
  stylish: async (): Promise<Formatter> => (await import('./stylish.js')).formatStylish,
  compact: async (): Promise<Formatter> => (await import('./compact.js')).formatCompact,
  json: async (): Promise<Formatter> => (await import('./json.js')).formatJson,
  sarif: async (): Promise<Formatter> => (await import('./sarif.js')).formatSarif,
  junit: async (): Promise<Formatter> => (await import('./junit.js')).formatJunit,
  github: async (): Promise<Formatter> => (await import('./github.js')).formatGithub,
  codequality: async (): Promise<Formatter> => (await import('./codequality.js')).formatCodeQuality,
  mermaid: async (): Promise<Formatter> => (await import('./mermaid.js')).formatMermaid,
  dot: async (): Promise<Formatter> => (await import('./dot.js')).formatDot,
  html: async (): Promise<Formatter> => (await import('./html.js')).formatHtml,
  codeframe: async (): Promise<Formatter> => (await import('./stylish.js')).formatCodeFrame,
} as const;

export type Format = keyof typeof LOADERS;
export const FORMATS = Object.keys(LOADERS) as Format[];

/** Formats that draw the resource graph: `lint()` is asked to return it. */
export const GRAPH_FORMATS: ReadonlySet<Format> = new Set<Format>(['mermaid', 'dot', 'html']);

/** Formats that print each fix's edits: `lint()` is asked to build them (`LintOptions.fixes`); the others only say "fixable". */
export const EDIT_FORMATS: ReadonlySet<Format> = new Set<Format>(['json', 'sarif']);

export function isFormat(name: string): name is Format {
  return Object.hasOwn(LOADERS, name);
}

export async function loadFormatter(format: Format): Promise<Formatter> {
  return LOADERS[format]();
}
