import { FIELD_SEPARATOR } from '../../main/common/message';
import { normalizeWithMap } from './normalize';

/** A piece of a snippet: rendered as a text node, highlighted when `hit`. */
export interface SnippetPart {
  text: string;
  hit: boolean;
}

/**
 * A window of the original text around the first match, with every match of every term inside it
 * marked. Matching happens on the normalised text and is mapped back to source characters, so a
 * query "abc" highlights "ＡＢＣ" as written.
 */
export function buildSnippet(source: string, terms: readonly string[], context = 36): SnippetPart[] {
  if (source === '') return [];
  const mapped = normalizeWithMap(source);
  const ranges: [number, number][] = [];
  for (const term of terms) {
    if (term === '') continue;
    for (let at = mapped.text.indexOf(term); at >= 0; at = mapped.text.indexOf(term, at + term.length)) {
      ranges.push([mapped.start[at] as number, mapped.end[at + term.length - 1] as number]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: [number, number][] = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  const first = merged[0];
  let from = first ? Math.max(0, first[0] - context) : 0;
  let to = first ? Math.min(source.length, first[1] + context * 2) : Math.min(source.length, context * 3);
  // Never cut a surrogate pair in half.
  if (from > 0 && /[\uDC00-\uDFFF]/.test(source[from] ?? '')) from -= 1;
  if (to < source.length && /[\uDC00-\uDFFF]/.test(source[to] ?? '')) to += 1;
  const parts: SnippetPart[] = [];
  const push = (text: string, hit: boolean) => {
    // Whitespace and the field separator read as one space.
    if (text !== '') parts.push({ text: text.replaceAll(FIELD_SEPARATOR, ' ').replace(/\s+/g, ' '), hit });
  };
  if (from > 0) push('…', false);
  let at = from;
  for (const [start, end] of merged) {
    if (end <= from || start >= to) continue;
    push(source.slice(at, Math.max(at, start)), false);
    push(source.slice(Math.max(at, start), Math.min(end, to)), true);
    at = Math.min(end, to);
  }
  push(source.slice(at, to), false);
  if (to < source.length) push('…', false);
  return parts;
}
