// Test-only fault injection for the built CLI (node --import ./inject-fault.mjs dist/cli.js ...):
// the CloudFormation parser throws on files whose name contains "boom", the
// Terraform builder on modules holding such a file, and a rule on resources
// named "boom", so that containment is tested end to end without a real bug.
// The bin's chunks (dist/chunk-*.cjs) are CommonJS, which module hooks do not see: they are
// rewritten as they are compiled; ES modules of dist/ (tsc's per-module files) through a load hook.
import Module, { register } from 'node:module';

// By function, not by file: the CLI is a bundle, the library's per-module files are tsc's; a
// function keeps its name in both, exported or not.
const inject = `function inject(url, source) {
  const wrappers = {
    parseCloudFormation: 'function parseCloudFormation(text, file) { if (file.includes("boom")) throw new TypeError("injected parser failure"); return parseCloudFormation__real(text, file); }',
    buildTerraformModule: 'function buildTerraformModule(input) { if (input.files.some((f) => f.path.includes("boom"))) throw new RangeError("injected builder failure"); return buildTerraformModule__real(input); }',
  };
  const RULE = 'trust-policy-wildcard-action';
  const ruleCheck = 'check(graph, report, options) { if (graph.resources.some((r) => r.address.includes("Boom") || r.address.includes("boom"))) throw new Error("injected rule failure"); return this.check__real(graph, report, options); },\\n  check__real(graph, report';
  for (const [name, wrapper] of Object.entries(wrappers)) {
    const m = new RegExp('(export )?function ' + name + '\\\\(').exec(source);
    if (m) source = source.replace(m[0], 'function ' + name + '__real(') + '\\n' + (m[1] ?? '') + wrapper + '\\n';
  }
  // The rule's own check(): the first after its id in the bundle, or the first in its own file.
  const at = url.endsWith('/dist/rules/' + RULE + '.js') ? 0 : source.indexOf('id: "' + RULE + '"');
  if (at >= 0) {
    const i = source.indexOf('check(graph, report', at);
    if (i >= 0) source = source.slice(0, i) + ruleCheck + source.slice(i + 'check(graph, report'.length);
  }
  return source;
}`;

const ours = (where) => where.includes('/dist/') && !where.includes('/node_modules/');

register(
  'data:text/javascript,' +
    encodeURIComponent(`
${inject}
export async function load(url, context, next) {
  const result = await next(url, context);
  if (!url.includes('/dist/') || url.includes('/node_modules/') || result.source == null) return result;
  return { ...result, source: inject(url, String(result.source)) };
}
`),
);

const injectCommonJs = new Function(`${inject}; return inject;`)();
const compile = Module.prototype._compile;
Module.prototype._compile = function (content, filename) {
  return compile.call(this, ours(filename) ? injectCommonJs(filename, content) : content, filename);
};
