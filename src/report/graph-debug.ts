import path from 'node:path';
import { shownLiteral } from '../graph/queries/describe.js';
import type { Graph, SlotUse } from '../graph/types.js';
import type { Value } from '../graph/value.js';
import { forOutput } from '../engine/mask.js';

/**
 * `--debug-graph`: every slot value of the run, one line each, with what it
 * resolved to and, when it stayed unknown, why. It shows why a finding did
 * not fire: a slot whose value is `unknown` is never judged.
 *
 *   main.tf:18:13 module.ec2.aws_instance.this iam_instance_profile (instance-profile name): ref aws_iam_role.app name
 *   main.tf:30:26 aws_instance.app iam_instance_profile (instance-profile name): unknown: module iam comes from ...
 */
export function formatGraphDebug(graph: Graph, cwd: string): string {
  const lines = graph.slots.map((use) => forOutput(slotLine(use, graph, cwd)));
  return lines.length === 0 ? 'no slot values in the analysed code\n' : `${lines.join('\n')}\n`;
}

function slotLine(use: SlotUse, graph: Graph, cwd: string): string {
  const { loc } = use.value;
  const where = `${display(loc.file, cwd)}:${loc.range.start.line}:${loc.range.start.column}`;
  const slot = `${use.slot.path} (${use.slot.expects} ${use.slot.form})`;
  return `${where} ${use.resource.address} ${slot}: ${describeValue(use.value, graph)}`;
}

/** The value's kind and what a reader needs to follow it: the reference target, the literal, the reason. */
export function describeValue(v: Value, graph: Graph): string {
  switch (v.kind) {
    case 'unknown':
      return `unknown: ${v.reason}`;
    case 'ref': {
      const target = graph.resource(v.target);
      return `ref ${target ? target.address : `${v.target} (not in the analysed code)`} ${v.attribute}`;
    }
    case 'literal':
      return `literal ${shownLiteral(v.value)}`;
    case 'template': {
      const holes = v.parts.filter((p): p is Value => typeof p !== 'string');
      return `template with ${holes.length} computed part${holes.length === 1 ? '' : 's'}${holes.length > 0 ? ` (${holes.map((h) => describeValue(h, graph)).join('; ')})` : ''}`;
    }
    case 'choice':
      return `choice of ${v.options.length}`;
    case 'object':
      return `object of ${v.entries.length} key${v.entries.length === 1 ? '' : 's'}`;
    case 'list':
      return `list of ${v.items.length}`;
  }
}

function display(file: string, cwd: string): string {
  if (!path.isAbsolute(file)) return file;
  const rel = path.relative(cwd, file);
  return rel.startsWith('..') ? file : rel;
}
