import { LineIndex, type Loc } from '../../shared/source.js';

/**
 * A file written for a template engine to render into CloudFormation: AWS
 * Proton's Jinja templates (`{% for instance in service_instances %}` around
 * resources, `Deploy{{ loop.index }}Project` keys), cookiecutter and copier
 * sources. Their statement and expression tags are no YAML, so the file does
 * not parse as written, and what a broken parse keeps (half a loop, a resource
 * cut off) would be reported as findings of its own. A CloudFormation dynamic
 * reference (`{{resolve:ssm:name}}`) is CloudFormation's, not an engine's.
 */
const ENGINE_TAG = /\{%-?.*?-?%\}|\{\{(?!\s*resolve:).*?\}\}/;

export interface EngineTag {
  /** The tag as written, e.g. `{% for x in xs %}`. */
  text: string;
  loc: Loc;
}

/**
 * The first template-engine tag on one of the lines where the file failed to
 * parse (1-based), or undefined: a file whose errors lie elsewhere is a broken
 * template, and its errors are reported as such.
 */
export function engineTagAtError(file: string, text: string, errorLines: readonly number[]): EngineTag | undefined {
  const lines = new LineIndex(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  for (const line of [...new Set(errorLines)].sort((a, b) => a - b)) {
    if (line < 1 || line > lines.lineCount) continue;
    const m = ENGINE_TAG.exec(lines.lineText(line));
    if (!m) continue;
    const start = lines.lineStart(line) + m.index;
    return { text: m[0], loc: lines.loc(file, start, start + m[0].length) };
  }
  return undefined;
}
