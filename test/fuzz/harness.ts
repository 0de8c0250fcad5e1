// One worker thread runs each case (worker.mjs); a case that does not answer within its budget
// is a hang: the worker is ended and the input is reported. A correctness bound, not a benchmark.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';

export type Kind = 'cloudformation' | 'hcl' | 'tfjson' | 'embedded-json' | 'lint-yaml' | 'lint-json' | 'lint-tf' | 'lint-tfjson';

export class Checker {
  private worker!: Worker;
  private next = 0;
  private waiting = new Map<number, (problems: string[]) => void>();

  static async start(): Promise<Checker> {
    const c = new Checker();
    await c.spawn();
    return c;
  }

  private spawn(): Promise<void> {
    this.worker = new Worker(new URL('./worker.mjs', import.meta.url));
    this.worker.on('message', (m: { id?: number; problems?: string[] }) => {
      if (m.id === undefined) return;
      this.waiting.get(m.id)?.(m.problems ?? []);
      this.waiting.delete(m.id);
    });
    this.worker.on('error', (e) => {
      for (const done of this.waiting.values()) done([`worker failed: ${e.stack ?? String(e)}`]);
      this.waiting.clear();
    });
    return new Promise((resolve) => this.worker.once('message', () => resolve()));
  }

  /** The problems found with `text`; a hang is one, and the worker is replaced. */
  async check(kind: Kind, text: string, budgetMs: number): Promise<string[]> {
    const id = this.next++;
    let timer: NodeJS.Timeout | undefined;
    const answer = new Promise<string[]>((resolve) => this.waiting.set(id, resolve));
    const timeout = new Promise<'hang'>((resolve) => (timer = setTimeout(() => resolve('hang'), budgetMs)));
    this.worker.postMessage({ id, kind, text });
    const got = await Promise.race([answer, timeout]);
    clearTimeout(timer);
    if (got !== 'hang') return got;
    this.waiting.delete(id);
    await this.worker.terminate();
    await this.spawn();
    return [`no answer within ${budgetMs} ms (a hang, or work far beyond linear)`];
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

/** Seed texts for a kind: the shared real-world corpus when it is there, else the fixtures; small files only. */
export function seeds(kind: Kind, roots: string[], maxBytes = 24 * 1024, maxFiles = 400): string[] {
  const wanted = (name: string): boolean => {
    if (kind === 'hcl' || kind === 'lint-tf') return name.endsWith('.tf');
    if (kind === 'tfjson' || kind === 'lint-tfjson') return name.endsWith('.tf.json') || (name.endsWith('.json') && !name.endsWith('.expect.json'));
    if (kind === 'lint-json' || kind === 'embedded-json') return name.endsWith('.json') && !name.endsWith('.expect.json');
    return /\.(ya?ml|json|template)$/.test(name) && !name.endsWith('.expect.json');
  };
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const abs = path.join(dir, name);
      const info = statSync(abs);
      if (info.isDirectory()) walk(abs);
      else if (wanted(name) && info.size <= maxBytes) out.push(readFileSync(abs, 'utf8'));
    }
  };
  for (const root of roots) walk(root);
  // An even spread over the corpus rather than its first directories.
  const step = Math.max(1, Math.floor(out.length / maxFiles));
  return out.filter((_, i) => i % step === 0).slice(0, maxFiles);
}

/** Fragments that break parsers: openers without closers, quotes, escapes, odd whitespace and code points. */
const HOSTILE = [
  '{', '}', '[', ']', '(', ')', '"', "'", '`', '\\', '\\u', '\\u12', '${', '%{', '}}', '<<EOT\n', '<<-EOT\n', 'EOT\n',
  '\t', '\r', '\r\n', '\n', '\uFEFF', '\u0000', '\u00a0', '\u2028', '\ud800', '\udc00', '\ufffd', '😀',
  '&a ', '*a', '!Ref ', '!Sub ', '!GetAtt ', '- ', ': ', '? ', '|', '>-', '---\n', '...\n', '#', '//', '/*', '*/',
  '= ', ' = ', '==', '?', ':', ',', '.', '..', '...', '*', '-1e999', '0x', '1.2.3', 'for ', ' in ', 'if ', 'endif', '~}',
  'jsonencode(', 'file("../../etc/passwd")', 'AKIAQWERTYUIOPLKJHGF', '"Resources": ', 'Resources:\n', 'resource "aws_iam_role" "r" {\n',
];

type Op =
  | { op: 'flip'; at: number; bits: number }
  | { op: 'truncate'; at: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'delete'; at: number; length: number }
  | { op: 'repeat'; at: number; length: number; times: number }
  | { op: 'splice'; at: number; other: number; from: number; length: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), bits: fc.integer({ min: 1, max: 0xffff }) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 8, unit: 'binary' })) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ op: fc.constant('repeat' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 16 }), times: fc.integer({ min: 2, max: 200 }) }),
  fc.record({ op: fc.constant('splice' as const), at: fc.nat(), other: fc.nat(), from: fc.nat(), length: fc.integer({ min: 1, max: 400 }) }),
);

function apply(text: string, op: Op, pool: readonly string[]): string {
  const at = text.length === 0 ? 0 : op.at % (text.length + 1);
  switch (op.op) {
    case 'flip':
      return at >= text.length ? text : text.slice(0, at) + String.fromCharCode(text.charCodeAt(at) ^ op.bits) + text.slice(at + 1);
    case 'truncate':
      return text.slice(0, at);
    case 'insert':
      return text.slice(0, at) + op.text + text.slice(at);
    case 'delete':
      return text.slice(0, at) + text.slice(at + op.length);
    case 'repeat':
      return text.slice(0, at) + text.slice(at, at + op.length).repeat(op.times) + text.slice(at + op.length);
    case 'splice': {
      const other = pool[op.other % pool.length] ?? '';
      const from = other.length === 0 ? 0 : op.from % other.length;
      return text.slice(0, at) + other.slice(from, from + op.length) + text.slice(at);
    }
  }
}

/** Inputs: a seed mutated by up to six operations (byte flips, truncation, splices, hostile fragments), or fragments alone. */
export function inputs(pool: readonly string[]): fc.Arbitrary<string> {
  const mutated = fc
    .tuple(fc.nat(), fc.array(opArb, { minLength: 1, maxLength: 6 }))
    .map(([i, ops]) => ops.reduce((text, op) => apply(text, op, pool), pool.length > 0 ? pool[i % pool.length] : ''));
  const soup = fc.array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 6 })), { maxLength: 120 }).map((parts) => parts.join(''));
  return fc.oneof({ arbitrary: mutated, weight: 4 }, { arbitrary: soup, weight: 1 });
}
