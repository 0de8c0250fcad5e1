#!/usr/bin/env node
/**
 * Checks our HCL parser against HashiCorp's (`@cdktf/hcl2json`: hclsyntax
 * v2.17 compiled to WebAssembly, plus the cdktf fork of tmccombs/hcl2json).
 *
 *   npm run build && npm run hcl:diff -- <dir...>
 *
 * Every `.tf` file under the directories is parsed by both. Our tree is
 * rendered into hcl2json's JSON shape by replaying its converter on our AST:
 * blocks nest by type and labels into arrays, literals become JSON values,
 * templates are rebuilt from their parts, and every other expression is
 * `"${" + its exact source text + "}"`. The source text is cut from the file
 * with our ranges, so a wrong range shows up as a mismatch. One line is
 * printed per mismatching file, then the summary line. Exit 1 when a file
 * differs or is rejected by us only.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { parseHcl } from '../dist/parsers/hcl/index.js';

const require = createRequire(import.meta.url);
const { parse: hcl2json } = require('@cdktf/hcl2json');

class ConvertError extends Error {}

/** Replays hcl2json's converter (convert/convert.go) on our tree. */
class Hcl2JsonShape {
  constructor(text) {
    this.text = text;
  }

  body(body) {
    const out = Object.create(null);
    for (const item of body.items) if (item.type === 'Block') this.block(item, out);
    for (const item of body.items) if (item.type === 'Attribute') out[item.name] = this.expression(item.expr);
    return out;
  }

  block(block, into) {
    let out = into;
    let key = block.blockType;
    for (const label of block.labels) {
      if (key in out) {
        out = out[key];
        if (Array.isArray(out) || typeof out !== 'object' || out === null) throw new ConvertError(`Unable to convert Block to JSON: ${block.blockType}`);
      } else {
        out = out[key] = Object.create(null);
      }
      key = label.value;
    }
    const value = this.body(block.body);
    if (key in out) {
      if (!Array.isArray(out[key])) throw new ConvertError(`cannot have blocks with and without labels: ${key}`);
      out[key].push(value);
    } else {
      out[key] = [value];
    }
  }

  expression(e) {
    switch (e.type) {
      case 'Literal':
        return e.value;
      case 'Unary':
        if (e.operand.type !== 'Literal') return this.wrap(e);
        if (e.op === '-' && typeof e.operand.value === 'number') return -e.operand.value;
        if (e.op === '!' && typeof e.operand.value === 'boolean') return !e.operand.value;
        throw new ConvertError('invalid operand for unary operator');
      case 'Template':
        if (isPassthrough(e)) return this.expression(e.parts[0].expr);
        return this.template(e.parts);
      case 'Tuple':
        return e.items.map((x) => this.expression(x));
      case 'Object': {
        const out = Object.create(null);
        for (const item of e.items) out[this.key(item.key)] = this.expression(item.value);
        return out;
      }
      default:
        return this.wrap(e);
    }
  }

  key(k) {
    if (k.bareKey || isScopeTraversal(k)) return this.source(k.range);
    return this.stringPart(k);
  }

  stringPart(e) {
    switch (e.type) {
      case 'Literal':
        if (e.value === null) return 'null';
        if (typeof e.value === 'number') return goNumberString(e.raw ?? String(e.value));
        return escapeLiteral(String(e.value));
      case 'Template':
        return this.template(e.parts);
      case 'Conditional': {
        const otherwise = this.stringPart(e.else);
        return `%{if ${this.source(e.condition.range)}}${this.stringPart(e.then)}${otherwise ? `%{else}${otherwise}` : ''}%{endif}`;
      }
      default:
        return this.wrap(e);
    }
  }

  template(parts) {
    let s = '';
    for (const p of parts) s += this.templatePart(p);
    return s;
  }

  templatePart(p) {
    switch (p.type) {
      case 'TemplateLiteral':
        return escapeLiteral(p.value);
      case 'TemplateInterpolation':
        return this.stringPart(p.expr);
      case 'TemplateIf': {
        const otherwise = this.template(p.else ?? []);
        return `%{if ${this.source(p.condition.range)}}${this.template(p.then)}${otherwise ? `%{else}${otherwise}` : ''}%{endif}`;
      }
      case 'TemplateFor': {
        const vars = p.keyVar ? `${p.keyVar}, ${p.valueVar}` : p.valueVar;
        return `%{for ${vars} in ${this.source(p.collection.range)}}${this.template(p.body)}%{endfor}`;
      }
      default:
        throw new Error(`unknown template part ${p.type}`);
    }
  }

  wrap(e) {
    return '${' + this.source(e.range) + '}';
  }

  /** hcl2json's rangeSource, quirk included: a `)` right after the range is taken too. */
  source(range) {
    let end = range.end.offset;
    if (this.text[end] === ')') end++;
    return this.text.slice(range.start.offset, end);
  }
}

function isPassthrough(t) {
  return !t.heredoc && t.parts.length === 1 && t.parts[0].type === 'TemplateInterpolation';
}

/** Would hclsyntax have made this a ScopeTraversalExpr (a root name with attribute and constant index steps)? */
function isScopeTraversal(e) {
  switch (e.type) {
    case 'Variable':
      return true;
    case 'GetAttr':
      return isScopeTraversal(e.object);
    case 'Index': {
      const k = e.key;
      const constant = e.legacy || k.type === 'Literal' || (k.type === 'Template' && k.parts.length === 1 && k.parts[0].type === 'TemplateLiteral');
      return constant && isScopeTraversal(e.collection);
    }
    default:
      return false;
  }
}

/** hcl2json re-escapes template introducers in literal text, so its strings stay valid templates. */
function escapeLiteral(s) {
  return s.split('${').join('$${').split('%{').join('%%{');
}

/** cty's number → string: the exact decimal, no exponent, no trailing zeros (big.Float Text('f', -1)). */
function goNumberString(raw) {
  const m = /^(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(raw);
  if (!m) return raw;
  let digits = m[1] + (m[2] ?? '');
  let point = m[1].length + Number(m[3] ?? 0);
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  if (point > digits.length) digits += '0'.repeat(point - digits.length);
  const int = digits.slice(0, point).replace(/^0+(?=\d)/, '') || '0';
  const frac = digits.slice(point).replace(/0+$/, '');
  return frac ? `${int}.${frac}` : int;
}

/** The first path where two JSON values differ, or null. */
function firstDifference(a, b, path) {
  if (a === b) return null;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') {
    if (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b)) return null;
    return { path, ours: a, theirs: b };
  }
  if (Array.isArray(a) !== Array.isArray(b)) return { path, ours: a, theirs: b };
  if (Array.isArray(a)) {
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  for (const k of keys) {
    const d = firstDifference(a[k], b[k], path ? `${path}.${k}` : k);
    if (d) return d;
  }
  return null;
}

function brief(v) {
  const s = v === undefined ? '(missing)' : JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

function* tfFiles(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== '.git' && e.name !== '.terraform') yield* tfFiles(p);
    } else if (e.isFile() && e.name.endsWith('.tf')) {
      yield p;
    }
  }
}

function ours(text) {
  const file = parseHcl(text, 'x.tf');
  const error = file.diagnostics.find((d) => d.severity === 'error');
  if (error) return { error: `${error.range.start.line}:${error.range.start.column}: ${error.message}` };
  try {
    const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    return { json: new Hcl2JsonShape(src).body(file.body) };
  } catch (err) {
    if (err instanceof ConvertError) return { error: `conversion: ${err.message}` };
    throw err;
  }
}

async function theirs(text) {
  try {
    return { json: await hcl2json('x.tf', text) };
  } catch (err) {
    return { error: String(err instanceof Error ? err.message : err).split('\n')[0] };
  }
}

async function main(dirs) {
  if (dirs.length === 0) {
    console.error('usage: npm run hcl:diff -- <dir...>');
    process.exit(2);
  }
  const counts = { files: 0, mismatches: 0, both: 0, theirsOnly: 0, oursOnly: 0 };
  for (const dir of dirs) {
    for (const path of tfFiles(dir)) {
      counts.files++;
      const name = relative(process.cwd(), path) || path;
      const text = readFileSync(path, 'utf8');
      const a = ours(text);
      const b = await theirs(text);
      if (a.error && b.error) counts.both++;
      else if (b.error) {
        counts.theirsOnly++;
        console.log(`${name}: rejected by hcl2json only: ${b.error}`);
      } else if (a.error) {
        counts.oursOnly++;
        console.log(`${name}: rejected by us only: ${a.error}`);
      } else {
        const d = firstDifference(a.json, b.json, '');
        if (d) {
          counts.mismatches++;
          console.log(`${name}: ${d.path || '(root)'}: ours ${brief(d.ours)}, hcl2json ${brief(d.theirs)}`);
        }
      }
    }
  }
  const c = counts;
  console.log(`${c.files} files, ${c.mismatches} mismatches, ${c.both} rejected by both, ${c.theirsOnly} rejected by hcl2json only, ${c.oursOnly} rejected by us only`);
  process.exit(c.mismatches > 0 || c.oursOnly > 0 ? 1 : 0);
}

await main(process.argv.slice(2));
