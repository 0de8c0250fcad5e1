import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/index.js';
import type { Resource } from '../../src/graph/types.js';
import { surelyPossibleTogether } from '../../src/graph/queries/guards.js';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/conditional-reference');

async function graphOf(dir: string, parameters?: Record<string, string>) {
  const result = await lint({ paths: [dir], cwd: dir, withGraph: true, ...(parameters && { parameters }) });
  if (!result.graph) throw new Error('no graph');
  return { graph: result.graph, findings: result.findings.map((f) => `${path.basename(f.file)}:${f.line}:${f.rule}:${f.severity}`) };
}

/** The resources built from `file` as a nested instance, by the chain of stacks that creates them. */
function instancesOf(resources: readonly Resource[], file: string, address: string): Map<string, Resource> {
  const out = new Map<string, Resource>();
  for (const r of resources) {
    if (r.address === address && path.basename(r.unit) === file && r.nestedIn) out.set(r.nestedIn.map((n) => n.stack).join('.'), r);
  }
  return out;
}

describe('nested stack instances', () => {
  it('keys an instance by its whole chain: the template below a template nested twice is built once for each', async () => {
    const { graph } = await graphOf(path.join(fixtures, 'bad-nested-output-two-levels'));
    const profiles = instancesOf(graph.resources, 'profile.yaml', 'Profile');
    // tier.yaml on its own nests Profiles; main.yaml nests tier.yaml twice (Tier, OpenTier).
    expect([...profiles.keys()].sort()).toEqual(['OpenTier.Profiles', 'Profiles', 'Tier.Profiles']);
    expect(profiles.get('Tier.Profiles')?.nestedIn?.map((n) => [n.stack, path.basename(n.unit), n.guard?.test])).toEqual([
      ['Tier', 'main.yaml', 'EnableTier'],
      ['Profiles', 'tier.yaml', 'HasProfile'],
    ]);
  });

  it("evaluates a grandchild stack's Condition in its parent instance's conditions, with the values that instance was given", async () => {
    const { graph } = await graphOf(path.join(fixtures, 'bad-nested-output-two-levels'));
    const profiles = instancesOf(graph.resources, 'profile.yaml', 'Profile');
    const hasProfile = (chain: string) => profiles.get(chain)?.nestedIn?.[profiles.get(chain)!.nestedIn!.length - 1].guard;
    // Tier is given WithProfile: "yes": HasProfile holds there; OpenTier is given a parameter's default: it may not.
    const given = hasProfile('Tier.Profiles')!;
    const open = hasProfile('OpenTier.Profiles')!;
    expect(surelyPossibleTogether([{ space: given.space, test: given.test, holds: false }])).toBe(false);
    expect(surelyPossibleTogether([{ space: open.space, test: open.test, holds: false }])).toBe(true);
    // The host in that instance, under the same condition, shares its guard's space: one condition, not two.
    const host = instancesOf(graph.resources, 'tier.yaml', 'Host').get('OpenTier');
    expect(host?.when?.some((g) => g.space === open.space && g.test === 'HasProfile')).toBe(true);
  });

  it('gives a template nested from two parents the guards of each parent, in that parent\'s conditions', async () => {
    const { graph } = await graphOf(path.join(fixtures, 'bad-nested-output-two-parents'));
    const profiles = graph.resources.filter((r) => r.address === 'Profile' && r.nestedIn);
    const units = profiles.map((r) => (r.nestedIn ?? []).map((n) => `${path.basename(n.unit)}:${n.stack}:${n.guard?.test ?? '-'}`).join(' '));
    expect(units.sort()).toEqual(['a.yaml:Mid:UseMid mid.yaml:Profiles:-', 'b.yaml:Mid:UseMid mid.yaml:Profiles:-', 'mid.yaml:Profiles:-']);
    const [a, b] = ['a.yaml', 'b.yaml'].map((file) => profiles.find((r) => path.basename(r.nestedIn?.[0].unit ?? '') === file)?.nestedIn?.[0].guard);
    expect(a?.space).not.toBe(b?.space);
  });

  it('builds no instance of a stack whose Condition the given parameters make false: the reference is to what is not created', async () => {
    const { graph, findings } = await graphOf(path.join(fixtures, 'bad-nested-output'), { InstallBatch: 'false', Environment: 'prod' });
    expect(instancesOf(graph.resources, 'profile.yaml', 'Profile').has('Batch')).toBe(false);
    expect(findings.filter((f) => f.startsWith('main.yaml:38:'))).toEqual(['main.yaml:38:unresolved-reference:error']);
    // IsProd is given true: Workers is created, Worker reads it safely.
    expect(findings.filter((f) => f.startsWith('main.yaml:30:'))).toEqual([]);
  });
});
