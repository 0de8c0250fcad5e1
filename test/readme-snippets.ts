// Reads the code blocks that the README shows users, so tests run exactly what users copy.
import { readFileSync } from 'node:fs';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The first ```lang block after the heading `## title` (any level). */
export function readmeSnippet(title: string, lang: string): string {
  const heading = new RegExp(`^#{2,4} ${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`, 'm').exec(README);
  if (!heading) throw new Error(`README has no heading "${title}"`);
  const fence = '```' + lang + '\n';
  const start = README.indexOf(fence, heading.index);
  if (start < 0) throw new Error(`README has no \`\`\`${lang} block after "${title}"`);
  const end = README.indexOf('\n```', start + fence.length);
  return README.slice(start + fence.length, end + 1);
}
