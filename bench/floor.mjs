// The physical floor of a lint: read every file's bytes (and JSON.parse the JSON ones), nothing else.
//   node bench/floor.mjs LIST   (LIST: a file of paths, one a line)
import { readFileSync } from 'node:fs';

let chars = 0;
for (const file of readFileSync(process.argv[2], 'utf8').split('\n')) {
  if (!file) continue;
  const text = readFileSync(file, 'utf8');
  chars += text.length;
  if (/\.json$/i.test(file) || /^\uFEFF?\s*\{/.test(text)) {
    try {
      JSON.parse(text);
    } catch {
      // a few corpus files are not JSON: their bytes still count
    }
  }
}
console.log(chars);
