import type { IngestMessageDto } from '../../../main/contract';
import { ArchiveDb, DataKeyHolder, commitBatch } from '../../../renderer/db';
import { importDataKey } from '../../../renderer/db/sealed';
import {
  PLAIN_ARCHIVE_WORKER,
  type SearchPage,
  type SearchRequest,
  type SearchStatus,
} from '../../../renderer/search/protocol';
import { SearchClient } from '../../../renderer/search/searchClient';
import { searchTables } from '../../../renderer/search/indexStore';
import { searchDerivedIndex } from '../../../renderer/search/searchIndex';

/**
 * The search benchmark's page, run in Chromium (real IndexedDB, real worker). `?index=0` builds the
 * archive without the search index: the ingest baseline on its own origin. Driven by searchBench.ts.
 */
export interface BenchApi {
  ingest(corpId: string, cursor: string, messages: IngestMessageDto[]): Promise<number>;
  search(request: SearchRequest): Promise<{ page: SearchPage; ms: number }>;
  status(): Promise<SearchStatus>;
  /** Waits for the worker's filter columns (warming); answers its status. */
  warm(): Promise<SearchStatus>;
  /** Docs blocks after the last run (search/docRuns.ts): the worker's maintenance merges them by 64. */
  blocksAfterRuns(): Promise<number>;
  storageBytes(): Promise<number>;
  /** Logical bytes of the search stores' records (typed arrays by length, strings as UTF-8). */
  indexBytes(): Promise<Record<string, number>>;
  /** ms since navigation start when the first index-backed answer came (cold start). */
  coldStart(
    request: SearchRequest,
  ): Promise<{ readyMs: number; firstAnswerMs: number; firstIndexAnswerMs: number; mode: string }>;
}

const params = new URLSearchParams(location.search);
const withIndex = params.get('index') !== '0';
// Sealed as in the app (docs/security.md §8), handed to the worker like compose does; a fixed key, since
// the cold-start run reloads the page over the same IndexedDB. `?sealed=0` (bench --unsealed) stores
// plain rows: the before/after of encryption at rest on the same harness.
const sealed = params.get('sealed') !== '0';
const keys = new DataKeyHolder();
const db = new ArchiveDb({
  derived: withIndex ? [searchDerivedIndex] : [],
  ...(sealed ? { dataKey: keys } : {}),
});
const client = withIndex
  ? new SearchClient(
      new Worker('./worker.js', { type: 'module', ...(sealed ? {} : { name: PLAIN_ARCHIVE_WORKER }) }),
    )
  : null;
if (sealed) {
  const dataKey = await importDataKey(new Uint8Array(32).map((_, i) => i + 1));
  keys.set(dataKey);
  client?.setDataKey(dataKey);
}
let batchId = 0;

const api: BenchApi = {
  async ingest(corpId, cursor, messages) {
    const started = performance.now();
    batchId += 1;
    await commitBatch(db, corpId, { batchId, cursor, messages });
    return performance.now() - started;
  },
  async search(request) {
    if (!client) throw new Error('no index on this page');
    const started = performance.now();
    const page = await client.search(request);
    return { page, ms: performance.now() - started };
  },
  status() {
    if (!client) throw new Error('no index on this page');
    return client.status();
  },
  warm() {
    if (!client) throw new Error('no index on this page');
    return client.warm();
  },
  async blocksAfterRuns() {
    const { runs, docs } = searchTables(db);
    const last = await runs.orderBy('id').last();
    return docs
      .where('id')
      .above(last?.last ?? 0)
      .count();
  },
  async storageBytes() {
    return (await navigator.storage.estimate()).usage ?? 0;
  },
  async indexBytes() {
    const encoder = new TextEncoder();
    const size = (value: unknown): number => {
      if (typeof value === 'string') return encoder.encode(value).length;
      if (typeof value === 'number') return 8;
      if (ArrayBuffer.isView(value)) return value.byteLength;
      if (Array.isArray(value)) return value.reduce((n: number, v) => n + size(v), 0);
      if (value && typeof value === 'object')
        return Object.entries(value).reduce((n, [k, v]) => n + k.length + size(v), 0);
      return 1;
    };
    const bytes: Record<string, number> = {};
    for (const name of ['searchDocs', 'searchTexts', 'searchSegments', 'searchPostings', 'searchState']) {
      let total = 0;
      await db.table(name).each((record: unknown) => {
        total += size(record);
      });
      bytes[name] = total;
    }
    return bytes;
  },
  async coldStart(request) {
    if (!client) throw new Error('no index on this page');
    const readyMs = performance.now();
    let firstAnswerMs = -1;
    for (;;) {
      const page = await client.search(request);
      if (firstAnswerMs < 0) firstAnswerMs = performance.now();
      if (page.mode === 'index')
        return { readyMs, firstAnswerMs, firstIndexAnswerMs: performance.now(), mode: page.mode };
    }
  },
};

(window as unknown as { bench: BenchApi }).bench = api;
document.title = 'ready';
