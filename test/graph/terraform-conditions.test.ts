import { describe, expect, it } from 'vitest';
import { possibleTogether } from '../../src/graph/queries/guards.js';
import { alternatives } from '../../src/graph/value.js';
import { build, prop, resource } from './terraform-helpers.js';

/** The literal values a property may take, in order. */
function options(text: string, address: string, name: string): unknown[] {
  const r = resource(build({ 'main.tf': text }), address);
  return alternatives(prop(r, name)).map((v) => (v.kind === 'literal' ? v.value : v.kind));
}

describe('Terraform conditions decided together', () => {
  it('a count on one test of a variable decides another test of it in the body', () => {
    const text = `variable "mode" {
  default = "a"
}
resource "aws_instance" "x" {
  count   = var.mode == "a" ? 1 : 0
  same    = var.mode == "a" ? "yes" : "no"
  other   = var.mode == "b" ? "b" : "not b"
  negated = var.mode != "a" ? "not a" : "a"
  free    = var.other == "z" ? "z" : "not z"
}
variable "other" {
  default = "z"
}
`;
    expect(options(text, 'aws_instance.x', 'same')).toEqual(['yes']);
    expect(options(text, 'aws_instance.x', 'other')).toEqual(['not b']);
    expect(options(text, 'aws_instance.x', 'negated')).toEqual(['a']);
    // A condition on another variable stays open: both branches.
    expect(options(text, 'aws_instance.x', 'free')).toEqual(['z', 'not z']);
  });

  it('follows locals and bools, and leaves a variable used any other way untried', () => {
    const text = `variable "managed" {
  type    = bool
  default = true
}
variable "names" {
  default = []
}
locals {
  is_managed = var.managed
}
resource "aws_instance" "x" {
  count   = local.is_managed ? 1 : 0
  via     = !var.managed ? "self" : "managed"
  sized   = length(var.names) > 0 ? "some" : "none"
}
`;
    expect(options(text, 'aws_instance.x', 'via')).toEqual(['managed']);
    expect(options(text, 'aws_instance.x', 'sized')).toEqual(['some', 'none']);
  });

  it('guards resources and dynamic blocks, and tells which can be there together', () => {
    const text = `variable "kind" {
  default = "managed"
}
resource "aws_eks_node_group" "g" {
  count = var.kind == "managed" ? 1 : 0
}
resource "aws_launch_template" "self" {
  dynamic "iam_instance_profile" {
    for_each = var.kind == "self" ? [1] : []
    content {
      name = "p"
    }
  }
}
resource "aws_launch_template" "hybrid" {
  dynamic "iam_instance_profile" {
    for_each = var.kind != "self" ? [1] : []
    content {
      name = "p"
    }
  }
}
`;
    const built = build({ 'main.tf': text });
    const group = resource(built, 'aws_eks_node_group.g');
    const inSelf = prop(resource(built, 'aws_launch_template.self'), 'iam_instance_profile', 0);
    const inHybrid = prop(resource(built, 'aws_launch_template.hybrid'), 'iam_instance_profile', 0);
    expect(group.when).toHaveLength(1);
    expect(possibleTogether(group.when, inSelf.when)).toBe(false);
    expect(possibleTogether(group.when, inHybrid.when)).toBe(true);
  });

  it('a chain of thousands of locals is followed without running out of stack, and its hops stay bounded', () => {
    const n = 20_000;
    const chain = Array.from({ length: n - 1 }, (_, i) => `  l${i + 1} = local.l${i}`).join('\n');
    const text = `variable "mode" {
  default = "a"
}
locals {
  l0 = var.mode == "a"
${chain}
}
resource "aws_instance" "x" {
  count   = var.mode == "a" && local.l${n - 1} ? 1 : 0
  profile = var.mode == "b" ? "role-name" : "profile-name"
  flag    = local.l${n - 1}
}
`;
    expect(options(text, 'aws_instance.x', 'profile')).toEqual(['profile-name']);
    // Each hop copied its predecessors' once: quadratic in the chain (20,000 locals took 10 s and 2 GB).
    const flag = prop(resource(build({ 'main.tf': text }), 'aws_instance.x'), 'flag');
    expect(flag.via?.length).toBeLessThanOrEqual(64);
  });
});
