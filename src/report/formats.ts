import type { Finding } from '../rules/types.js';

export interface ReportContext {
  /** Paths are shown relative to this directory. */
  cwd: string;
  /** How many files were linted. */
  fileCount: number;
  color: boolean;
}

export type Formatter = (findings: readonly Finding[], ctx: ReportContext) => string;

/** Loaded on demand so a CLI run pays only for the reporter it uses. */
const LOADERS = {
  stylish: async (): Promise<Formatter> => (await import('./stylish.js')).formatStylish,
  json: async (): Promise<Formatter> => (await import('./json.js')).formatJson,
} as const;

export type Format = keyof typeof LOADERS;
export const FORMATS = Object.keys(LOADERS) as Format[];

export function isFormat(name: string): name is Format {
  return Object.hasOwn(LOADERS, name);
}

export async function loadFormatter(format: Format): Promise<Formatter> {
  return LOADERS[format]();
}
