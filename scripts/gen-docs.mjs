// Writes docs/rules/<id>.md, the README's rule and config tables and the config's JSON Schema from the metadata.
// Run after `npm run build` (npm run docs does both through the build in prepare).
import { mkdirSync, readFileSync, writeFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rules } from '../dist/rules/index.js';
import { renderRuleDoc, withRuleTable } from '../dist/engine/docs.js';
import { configSchema, SCHEMA_FILE, withConfigTable } from '../dist/config/schema.js';
import { ruleExamples } from './rule-examples.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'docs', 'rules');
mkdirSync(dir, { recursive: true });
const wanted = new Set(rules.map((r) => `${r.id}.md`));
for (const name of readdirSync(dir)) if (!wanted.has(name)) rmSync(join(dir, name));
for (const rule of rules) writeFileSync(join(dir, `${rule.id}.md`), renderRuleDoc(rule, ruleExamples(join(root, 'fixtures'), rule.id)));
const readmePath = join(root, 'README.md');
writeFileSync(readmePath, withConfigTable(withRuleTable(readFileSync(readmePath, 'utf8'), rules), rules));
writeFileSync(join(root, SCHEMA_FILE), `${JSON.stringify(configSchema(rules), null, 2)}\n`);
console.log(`wrote ${rules.length} rule pages, the README tables and ${SCHEMA_FILE}`);
