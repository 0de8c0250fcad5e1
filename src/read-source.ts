import { isUtf8 } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, readFileSync, readSync } from 'node:fs';

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

/** `maxSize` in bytes; 0 or less means no limit. */
export function readSource(abs: string, maxSize: number): SourceRead {
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
    return classify(readFileSync(fd));
  } catch (error) {
    return { kind: 'error', error };
  } finally {
    closeSync(fd);
  }
}

function readHead(fd: number): string {
  const head = Buffer.alloc(SNIFF_BYTES);
  const n = readSync(fd, head, 0, SNIFF_BYTES, 0);
  return head.subarray(0, n).toString('utf8');
}

/** Decides what a file's bytes are; exported for tests. */
export function classify(bytes: Buffer): SourceRead {
  // UTF-16 text is full of NUL bytes; say what it is rather than call it binary.
  const bom16 = utf16Bom(bytes);
  if (bom16) {
    const sniff = bytes.toString('utf16le');
    return { kind: 'encoding', offset: 0, message: `the file is ${bom16} (it starts with a UTF-16 byte-order mark); save it as UTF-8`, prefix: '', sniff };
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) return { kind: 'binary', offset: nul, sniff: bytes.toString('utf8') };
  if (isUtf8(bytes)) return { kind: 'text', text: bytes.toString('utf8') };
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

function utf16Bom(bytes: Buffer): string | undefined {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'UTF-16LE';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'UTF-16BE';
  return undefined;
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
