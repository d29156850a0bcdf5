import { FIELD_SEPARATOR } from '../../main/common/message';
import { codePoints, normalizeText } from './normalize';

/**
 * A parsed query: every term must occur (AND) as a substring of the normalised text. A bare word is a
 * term; a quoted phrase ("…" or “…”) is one term with its spaces, matched exactly.
 */
export interface ParsedQuery {
  terms: string[];
}

const QUOTE_PAIRS: Readonly<Record<string, string>> = { '"': '"', '“': '”', '「': '」', '＂': '＂' };

export function parseQuery(input: string): ParsedQuery {
  const terms: string[] = [];
  const add = (raw: string) => {
    // The field separator of the indexed text never belongs to a term (a phrase stays inside one field).
    const term = normalizeText(raw.replaceAll(FIELD_SEPARATOR, ' '));
    if (term !== '' && !terms.includes(term)) terms.push(term);
  };
  let i = 0;
  let word = '';
  while (i < input.length) {
    const ch = input[i] as string;
    const close = QUOTE_PAIRS[ch];
    if (close !== undefined) {
      const end = input.indexOf(close, i + 1);
      if (end > i) {
        add(word);
        word = '';
        add(input.slice(i + 1, end));
        i = end + 1;
        continue;
      }
      // An unclosed quote: the rest is the phrase.
      add(word);
      word = '';
      add(input.slice(i + 1));
      break;
    }
    if (/\s/.test(ch)) {
      add(word);
      word = '';
    } else {
      word += ch;
    }
    i += 1;
  }
  add(word);
  // A term contained in another term adds nothing to an AND.
  const kept = terms.filter(
    (term, at) => !terms.some((other, j) => j !== at && other.includes(term) && other !== term),
  );
  return { terms: kept };
}

/** Whether a normalised text contains every term. */
export function matchesAll(normalized: string, terms: readonly string[]): boolean {
  for (const term of terms) if (!normalized.includes(term)) return false;
  return true;
}

/** Terms whose gram postings are exact (1 or 2 code points); longer ones need verification. */
export function isExactByGrams(term: string): boolean {
  return codePoints(term).length <= 2;
}
