import type { IngestMessageDto } from '../../../main/contract';
import { ArchiveDb, commitBatch, DataKeyHolder, openRows, readUnopened } from '../../../renderer/db';
import type { Rule } from '../../../renderer/rules/model';
import { readChecked, rulesTables } from '../../../renderer/rules/ruleStore';
import { RulesClient } from '../../../renderer/rules/rulesClient';
import type { RunResult } from '../../../renderer/rules/runner';
import { pageOf, searchTables } from '../../../renderer/search/indexStore';
import { blockPages, IndexReader } from '../../../renderer/rules/indexReader';
import { compileRule } from '../../../renderer/rules/matcher';
import { ruleCandidates } from '../../../renderer/rules/runner';
import { normalizeText } from '../../../renderer/search/normalize';
import { SearchClient } from '../../../renderer/search/searchClient';
import { backfillPending, searchDerivedIndex } from '../../../renderer/search/searchIndex';

/**
 * The rules benchmark's page, in Chromium (real IndexedDB, real workers). Both origins keep the
 * search index (its worker merges segments); `?rules=1` also runs the rules worker, which checks
 * every block ingest writes against the saved rules. Driven by rules.bench.ts.
 */
export interface RulesBenchApi {
  saveRules(rules: Rule[]): Promise<void>;
  ingest(corpId: string, cursor: string, messages: IngestMessageDto[]): Promise<number>;
  /** Segments waiting for the search worker's merge, read from the store. */
  status(): Promise<{ segments: number; backfillPending: boolean }>;
  /** The last block the rules worker checked, and the last block written. */
  checked(): Promise<{ checked: number; last: number; alerts: number }>;
  retroactive(ruleIds: string[]): Promise<RunResult & { wallMs: number }>;
  /** The per-message substring loop over the same texts: fold each text, try every term. */
  naive(terms: string[]): Promise<{ ms: number; readMs: number; messages: number; hitMessages: number }>;
  /**
   * The least any run over this index must do, with nothing else: the candidates' posting lookups
   * (ruleCandidates, as the run makes them) and an unopened read of every text page holding a
   * candidate (the faster of a get per page and key ranges over them) — no decryption, no matching,
   * no alerts.
   */
  floor(rules: Rule[]): Promise<{ candidatesMs: number; readMs: number; pages: number }>;
}

const params = new URLSearchParams(location.search);
const withRules = params.get('rules') === '1';
// Sealed at rest as in the app: one data key for the page's database and both workers'.
const keys = new DataKeyHolder();
const db = new ArchiveDb({ derived: [searchDerivedIndex], dataKey: keys });
// The search worker merges the index's segments meanwhile, as in the app.
const search = new SearchClient(new Worker('./search-worker.js', { type: 'module' }));
const rules = withRules ? new RulesClient(new Worker('./rules-worker.js', { type: 'module' })) : null;
let batchId = 0;
// The key's bytes come from the bench (base64url), kept with a kept profile so its rows still open.
const raw = Uint8Array.from(atob((params.get('key') ?? '').replaceAll('-', '+').replaceAll('_', '/')), (c) =>
  c.charCodeAt(0),
);
const key = await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
keys.set(key);
search.setDataKey(key);
rules?.setDataKey(key);
void search.warm().catch(() => undefined);

async function floor(list: Rule[]): Promise<{ candidatesMs: number; readMs: number; pages: number }> {
  const started = performance.now();
  const candidates = await ruleCandidates(list.map(compileRule), new IndexReader(db));
  const candidatesMs = performance.now() - started;
  const { texts, docs } = searchTables(db);
  const pages = new Set<number>();
  const blocks = candidates.includes('all') ? ((await docs.toCollection().primaryKeys()) as number[]) : [];
  for (const block of blocks) for (const page of blockPages(block)) pages.add(page);
  for (const ids of candidates) if (ids !== 'all') for (const id of ids) pages.add(pageOf(id));
  const sorted = [...pages].sort((a, b) => a - b);
  // Two ways, the faster counts: a get per page, or every page from the first to the last as key
  // ranges of 1 024 (the pages between are read too, never opened).
  const timed = async (read: () => Promise<unknown>) => {
    const from = performance.now();
    await readUnopened(db, [texts], read);
    return performance.now() - from;
  };
  const perPage = await timed(() => texts.bulkGet(sorted));
  const first = sorted[0] ?? 0;
  const last = sorted.at(-1) ?? -1;
  const ranges = await timed(async () => {
    for (let from = first; from <= last; from += 1024)
      await texts
        .where('id')
        .between(from, Math.min(from + 1023, last), true, true)
        .toArray();
  });
  return { candidatesMs, readMs: Math.min(perPage, ranges), pages: pages.size };
}

const api: RulesBenchApi = {
  floor,
  async saveRules(list) {
    await rulesTables(db).rules.bulkPut(list);
  },
  async ingest(corpId, cursor, messages) {
    const started = performance.now();
    batchId += 1;
    await commitBatch(db, corpId, { batchId, cursor, messages });
    return performance.now() - started;
  },
  async status() {
    return { segments: await searchTables(db).segments.count(), backfillPending: await backfillPending(db) };
  },
  async checked() {
    const last = (await searchTables(db).docs.orderBy('id').lastKey()) as number | undefined;
    return { checked: await readChecked(db), last: last ?? 0, alerts: await rulesTables(db).alerts.count() };
  },
  async retroactive(ruleIds) {
    if (!rules) throw new Error('no rules worker on this page');
    const started = performance.now();
    const result = await rules.run(ruleIds, () => undefined).done;
    return { ...result, wallMs: performance.now() - started };
  },
  async naive(terms) {
    const started = performance.now();
    const folded = terms.map((term) => normalizeText(term));
    let messages = 0;
    let hitMessages = 0;
    const { texts } = searchTables(db);
    let after = 0;
    let readMs = 0;
    for (;;) {
      const reading = performance.now();
      // The best full-scan read the app has: a key range read unopened, opened after (as TextPages does).
      const page = await openRows(
        db,
        texts.name,
        await readUnopened(db, [texts], () => texts.where('id').above(after).limit(64).toArray()),
      );
      readMs += performance.now() - reading;
      if (page.length === 0) break;
      for (const block of page) {
        for (const text of block.texts) {
          messages += 1;
          const normalized = normalizeText(text);
          let hit = false;
          for (const term of folded) if (normalized.includes(term)) hit = true;
          if (hit) hitMessages += 1;
        }
        after = block.id;
      }
    }
    return { ms: performance.now() - started, readMs, messages, hitMessages };
  },
};

(window as unknown as { bench: RulesBenchApi }).bench = api;
document.title = 'ready';
