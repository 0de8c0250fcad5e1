// Test-only fault injection for the built CLI (node --import ./inject-fault.mjs dist/cli.js ...):
// the CloudFormation parser throws on files whose name contains "boom", the
// Terraform builder on modules holding such a file, and a rule on resources
// named "boom", so that containment is tested end to end without a real bug.
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`
// By function, not by file: the CLI is a bundle (dist/chunk-*.js), the library's per-module files
// are tsc's; a function keeps its name in both, exported or not.
const wrappers = {
  parseCloudFormation: 'function parseCloudFormation(text, file) { if (file.includes("boom")) throw new TypeError("injected parser failure"); return parseCloudFormation__real(text, file); }',
  buildTerraformModule: 'function buildTerraformModule(input) { if (input.files.some((f) => f.path.includes("boom"))) throw new RangeError("injected builder failure"); return buildTerraformModule__real(input); }',
};
const RULE = 'trust-policy-wildcard-action';
const ruleCheck = 'check(graph, report, options) { if (graph.resources.some((r) => r.address.includes("Boom") || r.address.includes("boom"))) throw new Error("injected rule failure"); return this.check__real(graph, report, options); },\\n  check__real(graph, report';
export async function load(url, context, next) {
  const result = await next(url, context);
  if (!url.includes('/dist/') || url.includes('/node_modules/') || result.source == null) return result;
  let source = String(result.source);
  for (const [name, wrapper] of Object.entries(wrappers)) {
    const m = new RegExp('(export )?function ' + name + '\\\\(').exec(source);
    if (m) source = source.replace(m[0], 'function ' + name + '__real(') + '\\n' + (m[1] ?? '') + wrapper + '\\n';
  }
  // The rule's own check(): the first after its bundle marker, or the first in its own file.
  const at = url.endsWith('/dist/rules/' + RULE + '.js') ? 0 : source.indexOf('// src/rules/' + RULE + '.ts');
  if (at >= 0) {
    const i = source.indexOf('check(graph, report', at);
    if (i >= 0) source = source.slice(0, i) + ruleCheck + source.slice(i + 'check(graph, report'.length);
  }
  return { ...result, source };
}
`),
);
