import { defaultConfig } from '../config/config.js';
import type { DiscoverResult } from '../discover/discover.js';
import { isInstalledModuleFile } from '../discover/config-files.js';
import { rules } from '../rules/index.js';
import { cwdOf, graphOf, stageClock } from './build-graph.js';
import { maskFinding } from './mask.js';
import type { LintOptions, LintResult } from './options.js';
import { applyOverrides } from './overrides.js';
import { runRules } from './run-rules.js';
import { applySuppressions } from './suppress/suppress.js';

/** @internal The rest of a run once its files are read: here, or on the roomy-heap worker (lint-worker.ts). */
export async function lintDiscovered(found: DiscoverResult, options: LintOptions): Promise<LintResult> {
  const config = options.config ?? defaultConfig;
  const clock = stageClock(options.timings);
  const { graph, fileCount, missing, inputs } = await graphOf(found, options, config, clock);
  const raised = clock('rules', () => runRules(graph, rules, config, { explain: options.explain }).filter((f) => !isInstalledModuleFile(f.file)));
  const kept = clock('suppress', () => applySuppressions(raised, { sources: graph.sources, resources: graph.resources }));
  // After suppression, so that the suppression stage's own findings obey the config too.
  // Masked last, so that no stage's message can print a credential from the user's files.
  const cwd = cwdOf(options);
  const masked = clock('suppress', () => applyOverrides(kept, config, cwd)).map((f) => maskFinding(f, cwd));
  // Edits are built here, where the graph is, and only when asked: src/fix/ (and the parsers it re-reads with) loads then.
  const expand = options.fixes && masked.some((f) => f.fix) ? (await import('../fix/expand.js')).expandFixes : undefined;
  const findings = expand ? clock('fix', () => expand(masked, graph)) : masked;
  const undeclaredInputs = inputs.undeclared(options);
  return {
    findings,
    fileCount,
    files: [...graph.sources.keys()].sort(),
    missing,
    ...(found.skippedTemplateDirs && { skippedTemplateDirs: found.skippedTemplateDirs }),
    ...(options.withGraph ? { graph } : {}),
    ...(options.withSources ? { sources: graph.sources } : {}),
    ...(undeclaredInputs.length > 0 ? { undeclaredInputs } : {}),
  };
}
