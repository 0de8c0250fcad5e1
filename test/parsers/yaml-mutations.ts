/** Small random edits of YAML text, for comparing the fast and complete readers. */

export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

const INSERTIONS = [
  ' ', '\n', ':', '-', '#', '"', "'", '[', ']', '{', '}', ',', '!', '\t', 'x', '  ', '\\', ': ', '- ', '\r\n', '?',
  '...', '---', '"a": 1', '0', '!Ref ', '|-', '>-', '|', '>', '\n  ', '\n    ', 'a: b', '\n- ', '\n\n', ' #c', "''", '""',
  '&a ', '*a', '%', '@',
];

/** One edit: insert a token, delete a few characters, or delete, duplicate, indent or dedent a line. */
export function mutate(text: string, random: () => number): string {
  const kind = Math.floor(random() * 6);
  const at = Math.floor(random() * text.length);
  if (kind <= 1) return text.slice(0, at) + INSERTIONS[Math.floor(random() * INSERTIONS.length)] + text.slice(at);
  if (kind === 2) return text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 3));
  const lines = text.split('\n');
  const line = Math.floor(random() * lines.length);
  if (kind === 3) lines.splice(line, 1);
  else if (kind === 4) lines.splice(line, 0, lines[line]);
  else lines[line] = random() < 0.5 ? ' ' + lines[line] : lines[line].replace(/^ /, '');
  return lines.join('\n');
}
