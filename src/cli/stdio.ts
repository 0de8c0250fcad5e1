// The CLI's output, written to the file descriptors directly. `process.stdout` builds a
// stream (for a pipe, a socket) and loads about 20 modules: about 2 ms of every start
// (bench/run.mjs), to write one report.
import { fstatSync, writeSync } from '../shared/builtins.js';

export const writeOut = (text: string): void => writeAll(1, text);
export const writeErr = (text: string): void => writeAll(2, text);

/** Standard output when it is a terminal (for its colours and width); nothing for a file or a pipe. */
export function stdoutTerminal(): { isTTY: true; columns?: number } | undefined {
  // Only a character device can be a terminal: files and pipes never build process.stdout.
  if (!isCharacterDevice(1)) return undefined;
  const { stdout } = process;
  return stdout.isTTY ? { isTTY: true, columns: stdout.columns } : undefined;
}

function isCharacterDevice(fd: number): boolean {
  try {
    return fstatSync(fd).isCharacterDevice();
  } catch {
    return false;
  }
}

/** The whole text; a reader that has gone (`| head`) ends the writing, not the run. */
function writeAll(fd: number, text: string): void {
  if (text === '') return;
  const bytes = Buffer.from(text, 'utf8');
  let at = 0;
  while (at < bytes.length) {
    try {
      at += writeSync(fd, bytes, at, bytes.length - at);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') return;
      // A descriptor another process left non-blocking: wait for the reader to drain it.
      if (code === 'EAGAIN') Atomics.wait(PAUSE, 0, 0, 1);
      else throw error;
    }
  }
}

const PAUSE = new Int32Array(new SharedArrayBuffer(4));
