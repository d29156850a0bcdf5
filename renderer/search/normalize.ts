/**
 * Search normalisation, shared by the index and the query so both sides fold text the same way:
 * per code point NFKC (full-width ＡＢＣ１２３ → ABC123, ｶﾅ → カナ, ① → 1), then lower case, and any run
 * of whitespace as one space. Per code point rather than over the whole string, so every character of
 * the normalised text maps back to one source character (highlighting) and grams never span a fold.
 */

import { FIELD_SEPARATOR } from '../../main/common/message';

const foldCache = new Map<number, string>();

function foldCodePoint(cp: number): string {
  // Fast paths: ASCII and the CJK Unified Ideographs are NFKC-stable; only ASCII letters change case.
  if (cp < 0x80) return cp >= 0x41 && cp <= 0x5a ? String.fromCharCode(cp + 32) : String.fromCharCode(cp);
  if (cp >= 0x4e00 && cp <= 0x9fff) return String.fromCharCode(cp);
  let folded = foldCache.get(cp);
  if (folded === undefined) {
    folded = String.fromCodePoint(cp).normalize('NFKC').toLowerCase();
    foldCache.set(cp, folded);
  }
  return folded;
}

function isSpace(cp: number): boolean {
  return (
    cp === 0x20 ||
    (cp >= 0x09 && cp <= 0x0d) ||
    cp === 0xa0 ||
    cp === 0x3000 ||
    cp === 0x2028 ||
    cp === 0x2029 ||
    (cp >= 0x2000 && cp <= 0x200a) ||
    cp === 0xfeff
  );
}

/** The normalised form of `text` (what the index stores grams of and verification searches in). */
export function normalizeText(text: string): string {
  let out = '';
  let lastSpace = true;
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    if (isSpace(cp)) {
      if (!lastSpace) out += ' ';
      lastSpace = true;
      continue;
    }
    out += foldCodePoint(cp);
    lastSpace = false;
  }
  return lastSpace && out.endsWith(' ') ? out.slice(0, -1) : out;
}

/** Normalised text plus, for every UTF-16 unit of it, the [start, end) of its source character. */
export interface MappedText {
  text: string;
  start: Uint32Array;
  end: Uint32Array;
}

export function normalizeWithMap(source: string): MappedText {
  const parts: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let lastSpace = true;
  let at = 0;
  for (const ch of source) {
    const cp = ch.codePointAt(0) as number;
    const from = at;
    at += ch.length;
    if (isSpace(cp)) {
      if (!lastSpace) {
        parts.push(' ');
        starts.push(from);
        ends.push(at);
      }
      lastSpace = true;
      continue;
    }
    const folded = foldCodePoint(cp);
    parts.push(folded);
    for (let i = 0; i < folded.length; i += 1) {
      starts.push(from);
      ends.push(at);
    }
    lastSpace = false;
  }
  return { text: parts.join(''), start: Uint32Array.from(starts), end: Uint32Array.from(ends) };
}

/** Code points of a string (emoji and other astral characters count as one). */
export function codePoints(text: string): string[] {
  return Array.from(text);
}

/**
 * The grams a term is looked up by: a 1-character term by its unigram, longer terms by every
 * bigram (the index holds both for every document). Spaces inside phrases are part of the grams.
 */
export function termGrams(term: string): string[] {
  const cps = codePoints(term);
  if (cps.length === 1) return cps;
  const grams = new Set<string>();
  for (let i = 0; i + 1 < cps.length; i += 1) grams.add(`${cps[i] as string}${cps[i + 1] as string}`);
  return [...grams];
}

/**
 * Every gram a document is found by: its unigrams (1-character queries) and bigrams (everything
 * longer), each once. A 1- or 2-character term is matched exactly by its gram's posting list;
 * longer terms are candidates to verify against the normalised text.
 */
export function documentGrams(normalized: string, into: Set<string>): Set<string> {
  into.clear();
  let previous = '';
  for (const ch of normalized) {
    // Two fields of one message: no gram spans the separator (a phrase never matches across it).
    if (ch === FIELD_SEPARATOR) {
      previous = '';
      continue;
    }
    if (ch !== ' ') into.add(ch);
    if (previous !== '') into.add(previous + ch);
    previous = ch;
  }
  return into;
}

/** Lookups per term at most: a long term is found by a spread of its bigrams, then verified. */
export const MAX_LOOKUP_GRAMS = 6;

/**
 * The grams a term is looked up by. All of them for short terms; for long ones (an md5, a URL) an
 * even spread including the first and last, since every lookup reads one record per generation and
 * verification checks the whole term anyway.
 */
export function lookupGrams(term: string): string[] {
  const grams = termGrams(term);
  if (grams.length <= MAX_LOOKUP_GRAMS) return grams;
  const picked = new Set<string>();
  for (let i = 0; i < MAX_LOOKUP_GRAMS; i += 1) {
    picked.add(grams[Math.round((i * (grams.length - 1)) / (MAX_LOOKUP_GRAMS - 1))] as string);
  }
  return [...picked];
}
