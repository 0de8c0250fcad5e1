// The CLI's output, through process.stdout and process.stderr: a program that imports the CLI
// and runs it in-process (a test harness) owns them and may be capturing what is written.
// Writing to the descriptors directly would save building the stream (about 2 ms of a start)
// but bypass such a host, and an ES module cannot tell that it was imported rather than run.

export const writeOut = (text: string): void => {
  process.stdout.write(text);
};

export const writeErr = (text: string): void => {
  process.stderr.write(text);
};

/** Standard output when it is a terminal (for its colours and width). */
export function stdoutTerminal(): { isTTY: true; columns?: number } | undefined {
  const { stdout } = process;
  return stdout.isTTY ? { isTTY: true, columns: stdout.columns } : undefined;
}
