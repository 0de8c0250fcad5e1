import { valuesAtPath } from './queries/paths.js';
import { slotTable } from './slots.data.js';
import { extraSlots } from './slots.extra.js';
import type { Iac, Resource, SlotDef, SlotUse } from './types.js';
import { alternatives, type ObjectValue } from './value.js';

const byType = new Map<string, SlotDef[]>();
for (const slot of [...slotTable, ...extraSlots]) {
  const key = `${slot.iac}\0${slot.resourceType}`;
  const list = byType.get(key);
  if (list) list.push(slot);
  else byType.set(key, [slot]);
}

export function slotsForType(iac: Iac, type: string): readonly SlotDef[] {
  return byType.get(`${iac}\0${type}`) ?? [];
}

/** Every value a resource puts into a slot of the table, one use per list element and per branch. */
export function slotUses(resource: Resource): SlotUse[] {
  if (resource.external) return [];
  const uses: SlotUse[] = [];
  for (const slot of slotsForType(resource.iac, resource.type)) {
    for (const { value, parent } of valuesAtPath(resource.props, slot.path)) {
      if (slot.when && !siblingsMatch(parent, slot.when)) continue;
      for (const v of value.kind === 'list' ? value.items : [value]) {
        const options = alternatives(v);
        const through = options.length > 1 || options[0] !== v ? [v.loc, ...(v.via ?? [])] : undefined;
        for (const alt of options) uses.push(through ? { resource, slot, value: alt, through } : { resource, slot, value: alt });
      }
    }
  }
  return uses;
}

/** Elastic Beanstalk option settings: the slot applies only where Namespace/OptionName match. */
function siblingsMatch(parent: ObjectValue, when: Record<string, string>): boolean {
  return Object.entries(when).every(([key, expected]) => {
    const entry = parent.entries.find((e) => e.key === key);
    return entry !== undefined && entry.value.kind === 'literal' && String(entry.value.value).toLowerCase() === expected.toLowerCase();
  });
}
