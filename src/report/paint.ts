/**
 * Terminal colours for stylish output: basic 16-colour SGR codes, written the way chalk
 * writes them at its level 1, so that output stays byte for byte what it was when stylish
 * used chalk. chalk cost about 9 ms of every run's start (four modules, and the process,
 * os and tty built-ins it imports), colour or not; this is a table and two replacements.
 */
const SGR = {
  bold: [1, 22],
  dim: [2, 22],
  underline: [4, 24],
  red: [31, 39],
  yellow: [33, 39],
  blue: [34, 39],
  cyan: [36, 39],
} as const;

export type Style = keyof typeof SGR;

/** Text in the given styles, outermost first (`paint(t, 'red', 'bold')` is chalk's `red.bold(t)`). */
export type Paint = (text: string, ...styles: Style[]) => string;

const sgr = (code: number): string => `\u001B[${code}m`;

/** With colour off, every text stays as it is. */
const plain: Paint = (text) => text;

const colored: Paint = (text, ...styles) => {
  if (text === '' || styles.length === 0) return text;
  let body = text;
  // A close code already in the text would end our style early: each is followed by a re-open.
  if (body.includes('\u001B')) {
    for (const style of [...styles].reverse()) {
      const [open, close] = SGR[style].map(sgr);
      body = body.split(close).join(close + open);
    }
  }
  const openAll = styles.map((s) => sgr(SGR[s][0])).join('');
  const closeAll = [...styles].reverse().map((s) => sgr(SGR[s][1])).join('');
  // Styles end before each line break and start again after it, so no terminal lets one bleed into the next line.
  if (body.includes('\n')) body = body.replace(/\r?\n/g, (eol) => closeAll + eol + openAll);
  return openAll + body + closeAll;
};

export function painter(color: boolean): Paint {
  return color ? colored : plain;
}
