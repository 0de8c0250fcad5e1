// Test-only fault injection for the built CLI (node --import ./inject-fault.mjs dist/cli.js ...):
// the CloudFormation parser throws on files whose name contains "boom", the
// Terraform builder on modules holding such a file, and a rule on resources
// named "boom", so that containment is tested end to end without a real bug.
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`
const patches = {
  '/dist/parsers/cloudformation.js': ['export function parseCloudFormation(', 'function parseCloudFormation__real(',
    'export function parseCloudFormation(text, file) { if (file.includes("boom")) throw new TypeError("injected parser failure"); return parseCloudFormation__real(text, file); }'],
  '/dist/graph/terraform/index.js': ['export function buildTerraformModule(', 'function buildTerraformModule__real(',
    'export function buildTerraformModule(input) { if (input.files.some((f) => f.path.includes("boom"))) throw new RangeError("injected builder failure"); return buildTerraformModule__real(input); }'],
  '/dist/rules/trust-policy-wildcard-action.js': ['check(graph, report', 'check__real(graph, report',
    ''],
};
export async function load(url, context, next) {
  const result = await next(url, context);
  const key = Object.keys(patches).find((k) => url.endsWith(k));
  if (!key) return result;
  const [from, to, extra] = patches[key];
  let source = String(result.source).replace(from, to);
  if (key.endsWith('trust-policy-wildcard-action.js')) {
    source = source.replace('check__real(graph, report', 'check(graph, report, options) { if (graph.resources.some((r) => r.address.includes("Boom") || r.address.includes("boom"))) throw new Error("injected rule failure"); return this.check__real(graph, report, options); },\\n  check__real(graph, report');
  }
  return { ...result, source: source + '\\n' + extra + '\\n' };
}
`),
);
