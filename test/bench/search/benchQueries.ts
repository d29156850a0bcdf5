import type { SearchFilters } from '../../../renderer/search/protocol';

/**
 * Picks the benchmark's queries from a sample of the corpus's visible texts (normalised): common and
 * rare 2- and 4-character Chinese terms and Latin terms, by their frequency in the sample.
 */
export interface BenchQuery {
  kind: string;
  query: string;
  /** Messages of the sample containing it. */
  sampleCount: number;
}

const CJK = /^[\u4e00-\u9fff]+$/;
const LATIN = /^[a-z][a-z0-9-]{3,}$/;

function counts(sample: readonly string[], extract: (text: string) => Iterable<string>): Map<string, number> {
  const found = new Map<string, number>();
  for (const text of sample) {
    for (const term of new Set(extract(text))) found.set(term, (found.get(term) ?? 0) + 1);
  }
  return found;
}

function* substrings(text: string, length: number): Iterable<string> {
  const cps = Array.from(text);
  for (let i = 0; i + length <= cps.length; i += 1) {
    const term = cps.slice(i, i + length).join('');
    if (CJK.test(term)) yield term;
  }
}

function* latinWords(text: string): Iterable<string> {
  for (const word of text.split(/[^a-z0-9-]+/)) if (LATIN.test(word)) yield word;
}

function pick(found: Map<string, number>, kind: string, common: boolean, n: number): BenchQuery[] {
  const sorted = [...found].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (common) {
    // The most frequent, and two further down the head.
    const ranks = [0, 4, 19].filter((r) => r < sorted.length).slice(0, n);
    return ranks
      .map((r) => sorted[r] as [string, number])
      .map(([query, sampleCount]) => ({ kind, query, sampleCount }));
  }
  const rare = sorted.filter(([, c]) => c === 1);
  const step = Math.max(1, Math.floor(rare.length / n));
  return Array.from({ length: Math.min(n, rare.length) }, (_, i) => rare[i * step] as [string, number]).map(
    ([query, sampleCount]) => ({ kind, query, sampleCount }),
  );
}

export function chooseQueries(sample: readonly string[]): BenchQuery[] {
  const bigrams = counts(sample, (t) => substrings(t, 2));
  const fourgrams = counts(sample, (t) => substrings(t, 4));
  const latin = counts(sample, latinWords);
  return [
    ...pick(bigrams, 'cjk2-common', true, 3),
    ...pick(bigrams, 'cjk2-rare', false, 3),
    ...pick(fourgrams, 'cjk4-common', true, 3),
    ...pick(fourgrams, 'cjk4-rare', false, 3),
    ...pick(latin, 'latin-common', true, 3),
    ...pick(latin, 'latin-rare', false, 3),
  ];
}

/** The filtered variant: one corp, external senders, the archive's last 30 days. */
export function benchFilters(corpId: string, newestMsgtime: number): SearchFilters {
  return { corpIds: [corpId], sender: 'external', fromTime: newestMsgtime - 30 * 86_400_000 };
}
