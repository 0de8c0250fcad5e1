import type { MessageData } from '../shared/finding.js';
import { shownName } from '../shared/text.js';
import { shortenValue } from './mask.js';

/**
 * Message templates, as ESLint's `meta.messages`: `{{name}}` (spaces inside
 * the braces allowed) is replaced by `data.name`. A value is inserted as
 * given, in one pass (a value holding `{{x}}` is not expanded again); the
 * template writes the quotes around a literal (`named "{{name}}"`), a label
 * made by a query (`describe.ts`) carries its own. A placeholder without a
 * value stays as written, so a missing value shows instead of vanishing
 * (test/rule-messages.test.ts finds them). An empty value is shown as `""`
 * (`shownName`) where the template does not quote it already. The filled text
 * is then shortened and masked like any message (`mask.ts`).
 */
const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w]*)\s*\}\}/g;

export function fillMessage(template: string, data: MessageData | undefined): string {
  return template.replace(PLACEHOLDER, (whole, name: string, at: number) => {
    if (data === undefined || !Object.hasOwn(data, name)) return whole;
    const value = String(data[name]);
    return template[at - 1] === '"' ? value : shownName(value);
  });
}

/** The placeholder names of a template, in order of first use. */
export function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

/** A value kept on a finding, shortened as a quoted value in a message is. */
export function shortenData(value: string | number): string | number {
  return typeof value === 'number' ? value : shortenValue(value);
}
