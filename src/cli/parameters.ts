// `--parameters KEY=VALUE` and `--parameters-file FILE` → LintOptions.parameters (CloudFormation deploy-time values).
import path from 'node:path';
import { UsageError } from './usage-error.js';
import { DEFAULT_MAX_FILE_SIZE, readTextFile } from '../discover/read-source.js';
import { isRecord, record } from '../shared/own.js';

/** `KEY=VALUE` pairs, the value verbatim after the first `=`; a later flag for the same key wins. */
export function parseParameterFlags(raw: readonly string[]): Record<string, string> {
  const out = record<string>();
  for (const flag of raw) {
    const eq = flag.indexOf('=');
    const key = eq < 0 ? '' : flag.slice(0, eq).trim();
    if (!/^[A-Za-z0-9]+$/.test(key)) throw new UsageError(`--parameters expects KEY=VALUE with an alphanumeric parameter name (got "${flag}")`);
    out[key] = flag.slice(eq + 1);
  }
  return out;
}

/**
 * A parameters file in either shape CloudFormation users already have: the
 * AWS CLI's `[{"ParameterKey": ..., "ParameterValue": ...}]`, or a CodePipeline
 * template configuration `{"Parameters": {"Key": "Value"}}`.
 */
export function readParametersFile(file: string, cwd: string): Record<string, string> {
  const got = readTextFile(path.resolve(cwd, file), DEFAULT_MAX_FILE_SIZE);
  if ('problem' in got) throw new UsageError(`--parameters-file ${file}: ${got.missing ? 'no such file' : `cannot be read (${got.problem})`}`);
  let data: unknown;
  try {
    data = JSON.parse(got.text);
  } catch (error) {
    throw new UsageError(`--parameters-file ${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parameters = parametersOf(data);
  if (!parameters) {
    throw new UsageError(`--parameters-file ${file}: expected [{"ParameterKey": ..., "ParameterValue": ...}] or {"Parameters": {"Key": "Value"}}`);
  }
  return parameters;
}

function parametersOf(data: unknown): Record<string, string> | undefined {
  if (Array.isArray(data)) {
    const out = record<string>();
    for (const item of data) {
      if (!isRecord(item) || typeof item.ParameterKey !== 'string' || !isScalar(item.ParameterValue)) return undefined;
      out[item.ParameterKey] = String(item.ParameterValue);
    }
    return out;
  }
  if (isRecord(data) && isRecord(data.Parameters)) {
    const out = record<string>();
    for (const [key, value] of Object.entries(data.Parameters)) {
      if (!isScalar(value)) return undefined;
      out[key] = String(value);
    }
    return out;
  }
  return undefined;
}

function isScalar(v: unknown): v is string | number | boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}
