/**
 * Re-lays out JSON text without parsing it: every token (string, number, literal) is kept exactly as
 * written — a 20-digit number keeps its digits, a raw control character inside a string stays where
 * it is (docs/wecom-sdk.md §1.6) — and only the whitespace between tokens changes. Meant for text
 * that parses (tolerantly); callers show anything else verbatim, since whitespace outside strings is
 * not kept.
 */
export type JsonLayout = 'pretty' | 'compact';

export function layoutJson(text: string, layout: JsonLayout, indent = '  '): string {
  const pretty = layout === 'pretty';
  let out = '';
  let depth = 0;
  let i = 0;
  const newline = () => (pretty ? `\n${indent.repeat(depth)}` : '');
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === '"') {
      // A string token, verbatim up to its closing quote (or the end of the text).
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, Math.min(j + 1, text.length));
      i = j + 1;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i += 1;
      continue;
    }
    if (ch === '{' || ch === '[') {
      // An empty object or array stays on one line: `{}`, `[]`.
      let j = i + 1;
      while (j < text.length && ' \t\n\r'.includes(text[j] as string)) j += 1;
      const close = ch === '{' ? '}' : ']';
      if (text[j] === close) {
        out += ch + close;
        i = j + 1;
        continue;
      }
      depth += 1;
      out += ch + newline();
    } else if (ch === '}' || ch === ']') {
      depth = Math.max(0, depth - 1);
      out += newline() + ch;
    } else if (ch === ',') {
      out += ch + newline();
    } else if (ch === ':') {
      out += pretty ? ': ' : ':';
    } else {
      // A number, a literal or stray text: up to the next structural character or whitespace.
      let j = i;
      while (j < text.length && !'{}[],:" \t\n\r'.includes(text[j] as string)) j += 1;
      out += text.slice(i, j);
      i = j;
      continue;
    }
    i += 1;
  }
  return out;
}
