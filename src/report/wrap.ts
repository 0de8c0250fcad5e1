/**
 * Greedy word wrap to `width` columns, never inside a word: a word longer than the
 * width gets a line of its own. Spaces between words collapse to one at a break only.
 */
export function wrapWords(text: string, width: number): string[] {
  if (text.length <= width) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  lines.push(line);
  return lines;
}

/** The width to wrap to: `COLUMNS` when it is a positive integer, else the terminal's, else none (no wrapping). */
export function outputWidth(env: NodeJS.ProcessEnv, stream: { isTTY?: boolean; columns?: number }): number | undefined {
  const fromEnv = /^\s*(\d+)\s*$/.exec(env.COLUMNS ?? '');
  if (fromEnv && Number(fromEnv[1]) > 0) return Number(fromEnv[1]);
  return stream.isTTY && stream.columns && stream.columns > 0 ? stream.columns : undefined;
}
