import { LineIndex, type Loc, stripBom } from '../../shared/source.js';

/**
 * Files written for a tool to fill in before CloudFormation reads them: AWS
 * Proton's Jinja templates, Go text/template sources (`{{if .Transform}}`), (`{% for instance in service_instances %}` around
 * resources, `Deploy{{ loop.index }}Project` keys), cookiecutter and copier
 * sources, and the deployment templates of AWS Solutions, whose build script
 * replaces `%TEMPLATE_BUCKET_NAME%`-style placeholders (`!Sub %BUCKET%` is no
 * YAML until then). Such a file does not parse as written, and what a broken
 * parse keeps (half a loop, a resource cut off) would be reported as findings
 * of its own. A CloudFormation dynamic reference (`{{resolve:ssm:name}}`) is
 * CloudFormation's, not an engine's.
 */
const ENGINE_TAGS: ReadonlyArray<{ tag: RegExp; tool: string }> = [
  // Go's text/template: an action keyword or a field of the data (`{{if .Transform}}`, `{{ .Name }}`), never Jinja's `{{ name }}`.
  { tag: /\{\{-?\s*(?:(?:if|else|end|range|with|define|template|block)\b|\.[A-Za-z_]).*?\}\}/, tool: "Go's text/template" },
  { tag: /\{%-?.*?-?%\}|\{\{(?!\s*resolve:).*?\}\}/, tool: "Jinja, as AWS Proton's templates are" },
  { tag: /%%?[A-Z][A-Z0-9_]*%%?/, tool: "a build script's placeholder, as AWS Solutions' deployment templates have" },
];

export interface EngineTag {
  /** The tag as written, e.g. `{% for x in xs %}`. */
  text: string;
  /** The tool that fills it in. */
  tool: string;
  loc: Loc;
}

/**
 * The first template-engine tag on one of the lines where the file failed to
 * parse (1-based), or undefined: a file whose errors lie elsewhere is a broken
 * template, and its errors are reported as such.
 */
export function engineTagAtError(file: string, text: string, errorLines: readonly number[]): EngineTag | undefined {
  const lines = new LineIndex(stripBom(text));
  for (const line of [...new Set(errorLines)].sort((a, b) => a - b)) {
    if (line < 1 || line > lines.lineCount) continue;
    const text = lines.lineText(line);
    for (const { tag, tool } of ENGINE_TAGS) {
      const m = tag.exec(text);
      if (!m) continue;
      const start = lines.lineStart(line) + m.index;
      return { text: m[0], tool, loc: lines.loc(file, start, start + m[0].length) };
    }
  }
  return undefined;
}
