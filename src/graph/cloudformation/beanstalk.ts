import type { CfnMap, CfnMapEntry, CfnNode } from '../../parsers/cloudformation-tree.js';
import type { Loc } from '../../shared/source.js';
import type { Declared } from './index.js';
import { mapGet } from './intrinsics.js';

/**
 * The logical id the option settings of an `.ebextensions` config file are
 * modelled under: the key as written, so that a finding names what the user wrote.
 */
export const OPTION_SETTINGS_ID = 'option_settings';

/**
 * Elastic Beanstalk applies the `option_settings` of an `.ebextensions` config
 * file to the environment, as `OptionSettings` of
 * `AWS::ElasticBeanstalk::Environment` are applied (Elastic Beanstalk
 * Developer Guide, "Option settings"): `IamInstanceProfile` in
 * `aws:autoscaling:launchconfiguration` takes an instance profile there too.
 * They are modelled as an environment holding those settings, so the slot
 * table's rows for the environment read them. Both forms are read: a map of
 * namespaces to options (`aws:autoscaling:launchconfiguration: {IamInstanceProfile: x}`)
 * and a list of `{namespace, option_name, value}`.
 */
export function optionSettingsEnvironment(root: CfnMap): Declared | undefined {
  const entry = root.entries.find((e) => e.key === OPTION_SETTINGS_ID);
  if (!entry) return undefined;
  const settings = entry.value.kind === 'map' ? fromMapForm(entry.value) : entry.value.kind === 'seq' ? fromListForm(entry.value.items) : [];
  if (settings.length === 0) return undefined;
  const at = entry.keyLoc;
  const scalar = (value: string, loc: Loc): CfnNode => ({ kind: 'scalar', value, loc, style: 'plain' });
  const setting = (s: Setting): CfnMap => ({
    kind: 'map',
    loc: s.value.loc,
    entries: [
      { key: 'Namespace', keyLoc: s.namespaceLoc, value: scalar(s.namespace, s.namespaceLoc) },
      { key: 'OptionName', keyLoc: s.optionLoc, value: scalar(s.option, s.optionLoc) },
      { key: 'Value', keyLoc: s.optionLoc, value: s.value },
    ],
  });
  const optionSettings: CfnMapEntry = { key: 'OptionSettings', keyLoc: at, value: { kind: 'seq', items: settings.map(setting), loc: entry.value.loc } };
  // The properties are placed at the key, not around the values: no fix may write a CloudFormation reference
  // into an option value, which Elastic Beanstalk reads as text.
  const properties: CfnMap = { kind: 'map', entries: [optionSettings], loc: at };
  const body: CfnMap = {
    kind: 'map',
    loc: entry.value.loc,
    entries: [
      { key: 'Type', keyLoc: at, value: scalar('AWS::ElasticBeanstalk::Environment', at) },
      { key: 'Properties', keyLoc: at, value: properties },
    ],
  };
  return { logicalId: OPTION_SETTINGS_ID, keyLoc: at, body, type: 'AWS::ElasticBeanstalk::Environment' };
}

interface Setting {
  namespace: string;
  namespaceLoc: Loc;
  option: string;
  optionLoc: Loc;
  value: CfnNode;
}

/** `namespace: {option: value}`. */
function fromMapForm(settings: CfnMap): Setting[] {
  const out: Setting[] = [];
  for (const ns of settings.entries) {
    if (ns.value.kind !== 'map') continue;
    for (const option of ns.value.entries) {
      out.push({ namespace: ns.key, namespaceLoc: ns.keyLoc, option: option.key, optionLoc: option.keyLoc, value: option.value });
    }
  }
  return out;
}

/** `- {namespace, option_name, value}`; without a namespace, the option is an environment property, never a profile. */
function fromListForm(items: readonly CfnNode[]): Setting[] {
  const out: Setting[] = [];
  for (const item of items) {
    if (item.kind !== 'map') continue;
    const namespace = mapGet(item, 'namespace');
    const option = mapGet(item, 'option_name');
    const value = mapGet(item, 'value');
    if (namespace?.kind !== 'scalar' || option?.kind !== 'scalar' || !value) continue;
    out.push({ namespace: String(namespace.value), namespaceLoc: namespace.loc, option: String(option.value), optionLoc: option.loc, value });
  }
  return out;
}
