import { closeSync, constants, fstatSync, isUtf8, openSync, readFileSync, readSync } from '../shared/builtins.js';
import { errorCode, errorMessage } from '../shared/fs-errors.js';
import { noteRead } from './probes.js';

/**
 * Reads one source file as bytes and decides whether it can be linted as
 * UTF-8 text. `readFile(..., 'utf8')` would silently turn bad bytes into
 * U+FFFD and read a 5 GB file (or block forever on a FIFO); here those are
 * values the caller reports.
 */

/** 10 MiB: far above any hand-written template or module file, well below what would stall a CI run. */
export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;

/** How much of a refused file is decoded so the caller can still tell whether it is a template at all. */
const SNIFF_BYTES = 64 * 1024;

export type SourceRead =
  | { kind: 'text'; text: string }
  /** Refused unread beyond its first bytes; `sniff` is those bytes, decoded leniently. */
  | { kind: 'too-large'; size: number; sniff: string }
  /** A NUL byte: not a text file. */
  | { kind: 'binary'; offset: number; sniff: string }
  /** Not UTF-8: `offset` is the first bad byte; `prefix` is the valid text before it (for a line:column). */
  | { kind: 'encoding'; offset: number; message: string; prefix: string; sniff: string }
  | { kind: 'not-a-file' }
  | { kind: 'error'; error: unknown };

/** `maxSize` in bytes; 0 or less means no limit. Every read is noted for `--cache` (probes.ts), found or not. */
export function readSource(abs: string, maxSize: number): SourceRead {
  const got = readSourceOnce(abs, maxSize);
  noteRead(abs, got);
  return got;
}

/** A file that is input to the run but not linted (a config, a baseline, a parameters file, a `.gitignore`): its text, or why not in a few words. */
export type TextRead = { text: string } | { problem: string; missing: boolean };

/**
 * Reads such a file through the same guards as a template (regular files only,
 * `maxSize`, UTF-8), so that one named `/dev/zero`, a FIFO or a link to either
 * is a short problem to report rather than a hang or an out-of-memory abort.
 * Not noted for `--cache`: these are options, which the cache keys by value.
 */
export function readTextFile(abs: string, maxSize: number): TextRead {
  const got = readSourceOnce(abs, maxSize);
  switch (got.kind) {
    case 'text':
      return { text: got.text };
    case 'error':
      return { problem: errorText(got.error), missing: errorCode(got.error) === 'ENOENT' };
    case 'not-a-file':
      return { problem: 'not a regular file', missing: false };
    case 'too-large':
      return { problem: `${got.size} bytes, larger than the limit of ${maxSize}`, missing: false };
    case 'binary':
      return { problem: `a NUL byte at byte offset ${got.offset}: not a text file`, missing: false };
    case 'encoding':
      return { problem: got.message, missing: false };
  }
}

function errorText(error: unknown): string {
  return errorCode(error) === 'ENOENT' ? 'no such file' : errorMessage(error);
}

function readSourceOnce(abs: string, maxSize: number): SourceRead {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO named like a template must not wait for a writer.
    fd = openSync(abs, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return { kind: 'error', error };
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return { kind: 'not-a-file' };
    if (maxSize > 0 && info.size > maxSize) return { kind: 'too-large', size: info.size, sniff: readHead(fd) };
    return classify(readAll(fd, info.size));
  } catch (error) {
    return { kind: 'error', error };
  } finally {
    closeSync(fd);
  }
}

/**
 * The file's bytes, its size already known: `readFileSync(fd)` would stat it again.
 * A size of 0 (a file of /proc, or one still empty) is read to its end as it is.
 */
function readAll(fd: number, size: number): Buffer {
  if (size === 0) return readFileSync(fd);
  const bytes = Buffer.allocUnsafe(size);
  let read = 0;
  while (read < size) {
    const n = readSync(fd, bytes, read, size - read, read);
    if (n === 0) break; // it shrank since
    read += n;
  }
  return read < size ? bytes.subarray(0, read) : bytes;
}

function readHead(fd: number): string {
  const head = Buffer.alloc(SNIFF_BYTES);
  const n = readSync(fd, head, 0, SNIFF_BYTES, 0);
  return head.subarray(0, n).toString('utf8');
}

/** Decides what a file's bytes are; exported for tests. */
export function classify(bytes: Buffer): SourceRead {
  // UTF-16 and UTF-32 text is full of NUL bytes: say what it is rather than call it binary, and
  // decode it for the sniff, so that a template saved in them is reported, not skipped as "not a template".
  const wide = wideEncoding(bytes);
  if (wide) {
    const how = wide.bom ? `it starts with a ${wide.name} byte-order mark` : `no byte-order mark, but its NUL bytes fall as in ${wide.name}`;
    return { kind: 'encoding', offset: 0, message: `the file is ${wide.name} (${how}); save it as UTF-8`, prefix: '', sniff: decodeWide(bytes, wide) };
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) return { kind: 'binary', offset: nul, sniff: bytes.toString('utf8') };
  if (isUtf8(bytes)) {
    const text = bytes.toString('utf8');
    // One byte-order mark is removed before parsing; a second would be read as part of the first key.
    if (text.startsWith('\ufeff\ufeff')) return { kind: 'encoding', offset: 3, message: 'the file starts with two byte-order marks; remove one', prefix: '', sniff: text.replace(/^\ufeff+/, '') };
    return { kind: 'text', text };
  }
  const offset = firstInvalidUtf8(bytes);
  const byte = bytes[offset].toString(16).toUpperCase().padStart(2, '0');
  return {
    kind: 'encoding',
    offset,
    message: `invalid UTF-8 at byte offset ${offset} (0x${byte}); the file must be saved as UTF-8`,
    prefix: bytes.subarray(0, offset).toString('utf8'),
    sniff: bytes.toString('utf8'),
  };
}

interface WideEncoding {
  name: 'UTF-16LE' | 'UTF-16BE' | 'UTF-32LE' | 'UTF-32BE';
  unit: 2 | 4;
  littleEndian: boolean;
  bom: boolean;
}

const WIDE: ReadonlyArray<Omit<WideEncoding, 'bom'> & { mark: number[] }> = [
  // UTF-32LE's mark begins with UTF-16LE's: tried first.
  { name: 'UTF-32LE', unit: 4, littleEndian: true, mark: [0xff, 0xfe, 0, 0] },
  { name: 'UTF-32BE', unit: 4, littleEndian: false, mark: [0, 0, 0xfe, 0xff] },
  { name: 'UTF-16LE', unit: 2, littleEndian: true, mark: [0xff, 0xfe] },
  { name: 'UTF-16BE', unit: 2, littleEndian: false, mark: [0xfe, 0xff] },
];

/** How many leading bytes decide a file without a byte-order mark (templates start with ASCII keys and comments). */
const SAMPLE_BYTES = 512;

/** UTF-16 or UTF-32 by byte-order mark, else by where the NUL bytes fall in the first bytes of mostly-ASCII text. */
export function wideEncoding(bytes: Uint8Array): WideEncoding | undefined {
  for (const { mark, ...e } of WIDE) if (mark.every((b, i) => bytes[i] === b) && bytes.length >= mark.length) return { ...e, bom: true };
  const n = Math.min(bytes.length, SAMPLE_BYTES) & ~3;
  if (n < 4) return undefined;
  const zeros = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) if (bytes[i] === 0) zeros[i & 3]++;
  const quarter = n / 4;
  const mostly = (k: number): boolean => zeros[k] >= quarter * 0.9;
  const rarely = (k: number): boolean => zeros[k] <= quarter * 0.1;
  const without = { bom: false };
  if (rarely(0) && mostly(1) && mostly(2) && mostly(3)) return { name: 'UTF-32LE', unit: 4, littleEndian: true, ...without };
  if (mostly(0) && mostly(1) && mostly(2) && rarely(3)) return { name: 'UTF-32BE', unit: 4, littleEndian: false, ...without };
  if (rarely(0) && rarely(2) && mostly(1) && mostly(3)) return { name: 'UTF-16LE', unit: 2, littleEndian: true, ...without };
  if (mostly(0) && mostly(2) && rarely(1) && rarely(3)) return { name: 'UTF-16BE', unit: 2, littleEndian: false, ...without };
  return undefined;
}

/** The text, leniently (U+FFFD for what does not decode): only to tell whether it is a template. */
function decodeWide(bytes: Buffer, e: WideEncoding): string {
  const body = bytes.subarray(0, bytes.length - (bytes.length % e.unit));
  if (e.unit === 2) return e.littleEndian ? body.toString('utf16le') : Buffer.from(body).swap16().toString('utf16le');
  const points: string[] = [];
  for (let i = 0; i < body.length; i += 4) {
    const cp = e.littleEndian ? body.readUInt32LE(i) : body.readUInt32BE(i);
    points.push(cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? String.fromCodePoint(cp) : '\ufffd');
  }
  return points.join('');
}

/**
 * Offset of the first byte that does not start or continue a well-formed
 * UTF-8 sequence (RFC 3629: no overlongs, no surrogates, nothing above
 * U+10FFFF); `bytes.length` when there is none.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const n = sequenceLength(b);
    if (n === 1) {
      i++;
      continue;
    }
    if (n === 0 || i + n > bytes.length) return i;
    const [lo, hi] = secondByteRange(b);
    if (bytes[i + 1] < lo || bytes[i + 1] > hi) return i;
    for (let k = 2; k < n; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    i += n;
  }
  return i;
}

function sequenceLength(b: number): number {
  if (b < 0x80) return 1;
  if (b >= 0xc2 && b <= 0xdf) return 2;
  if (b >= 0xe0 && b <= 0xef) return 3;
  if (b >= 0xf0 && b <= 0xf4) return 4;
  return 0;
}

/** The second byte's range excludes overlongs (E0, F0), surrogates (ED) and code points above U+10FFFF (F4). */
function secondByteRange(b: number): [number, number] {
  if (b === 0xe0) return [0xa0, 0xbf];
  if (b === 0xed) return [0x80, 0x9f];
  if (b === 0xf0) return [0x90, 0xbf];
  if (b === 0xf4) return [0x80, 0x8f];
  return [0x80, 0xbf];
}
