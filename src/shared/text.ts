/** Small text helpers shared by the reports, the CLI, masking and the language server. */

/** `text` as a regular expression that matches it literally. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `1 file`, `2 files`; `many` for words whose plural is not `word + s`. */
export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}

/** A name as a message shows it: an empty one (a logical id `""`, `Ref: ""`) as `""`, not a gap between two spaces. */
export function shownName(name: string): string {
  return name === '' ? '""' : name;
}

/** `text` with its first letter upper-case: a label that starts a sentence. */
export function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
