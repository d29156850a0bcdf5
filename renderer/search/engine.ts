import Dexie from 'dexie';
import { messageCorpIds, type ArchiveDb, type MessageRow } from '../db';
import { Dictionary } from './dictionary';
import { mergeBlocks, readDocRuns } from './docRuns';
import { indexedTextOf } from './extractText';
import {
  BLOCK_SIZE,
  FLAG_EXTERNAL_SENDER,
  FLAG_MEDIA,
  gramBucket,
  packLookup,
  searchTables,
  type BucketRecord,
  type DocsRun,
  type SearchTables,
  type SegmentRecord,
  PAGES_PER_BLOCK,
} from './indexStore';
import { lookupGrams, normalizeText } from './normalize';
import { decodePostings, intersect, union } from './postingCodec';
import type { SearchFilters, SearchHit, SearchPage, SearchRequest, SearchStatus } from './protocol';
import { isExactByGrams, matchesAll, parseQuery } from './queryParse';
import { backfillPending } from './searchIndex';
import { isExternalUserId } from './senderKind';
import { buildSnippet } from './snippet';
import { TextPages } from './textPages';

const PRESENT = 0x80;
/** Text pages kept in memory: as many documents as 96 blocks (~15 MB of text). */
const TEXT_CACHE_PAGES = 96 * PAGES_PER_BLOCK;
/** Verification keeps going after the page is full, for an exact total, within this budget. */
const COUNT_BUDGET_MS = 12;
/** Rows the pre-warm scan looks at per request. */
const SCAN_BUDGET = 20_000;
/**
 * How long a search made before the index is warm waits for warming (reading the docs blocks' filter
 * columns) before it falls back to the scan. At start warming takes a few hundred milliseconds, while
 * the scan opens up to SCAN_BUDGET sealed rows one by one (~2 s at 200 000 messages): waiting answers
 * from the index sooner. A scan stops as soon as warming is done and the index answers instead; a
 * backfill in progress (minutes) still answers by the scan once warming is done.
 */
const WARM_WAIT_MS = 1000;

/** The filter columns of every document, by docId, kept in memory (~13 bytes a document). */
class DocColumns {
  msgtime = new Float64Array(0);
  corp = new Uint16Array(0);
  conv = new Uint32Array(0);
  type = new Uint16Array(0);
  flags = new Uint8Array(0);
  readonly corps = new Dictionary();
  readonly convs = new Dictionary();
  readonly types = new Dictionary();
  maxBlock = 0;
  count = 0;

  private grow(capacity: number): void {
    if (capacity <= this.flags.length) return;
    const size = Math.max(capacity, this.flags.length * 2, BLOCK_SIZE * 64);
    const copy = <T extends Float64Array | Uint16Array | Uint32Array | Uint8Array>(old: T, next: T): T => {
      next.set(old as never);
      return next;
    };
    this.msgtime = copy(this.msgtime, new Float64Array(size));
    this.corp = copy(this.corp, new Uint16Array(size));
    this.conv = copy(this.conv, new Uint32Array(size));
    this.type = copy(this.type, new Uint16Array(size));
    this.flags = copy(this.flags, new Uint8Array(size));
  }

  /**
   * Consecutive blocks as a run (docRuns.ts): the stored runs at warming, and the blocks read after
   * them merged on the way in. Columns copied per block, dictionaries mapped.
   */
  addRun(run: DocsRun): void {
    this.grow((run.last + 1) * BLOCK_SIZE);
    const corps = run.corps.map((c) => this.corps.index(c));
    const convs = run.convs.map((c) => this.convs.index(c));
    const types = run.types.map((t) => this.types.index(t));
    let from = 0;
    run.blocks.forEach((blockId, i) => {
      const to = run.ends[i] as number;
      const base = blockId * BLOCK_SIZE - from;
      this.msgtime.set(run.msgtime.subarray(from, to), base + from);
      for (let at = from; at < to; at += 1) {
        const id = base + at;
        this.corp[id] = corps[run.corp[at] as number] as number;
        this.conv[id] = convs[run.conv[at] as number] as number;
        this.type[id] = types[run.type[at] as number] as number;
        this.flags[id] = (run.flags[at] as number) | PRESENT;
      }
      from = to;
    });
    this.count += run.flags.length;
    this.maxBlock = Math.max(this.maxBlock, run.last);
  }
}

type DocPredicate = (id: number) => boolean;

/** Compiles the filters against the in-memory columns; null when nothing can match. */
function compileFilters(columns: DocColumns, filters: SearchFilters): DocPredicate | null {
  const toSet = (values: string[] | undefined, dictionary: Dictionary): Set<number> | null | undefined => {
    if (!values || values.length === 0) return undefined;
    const found = new Set<number>();
    for (const value of values) {
      const at = dictionary.find(value);
      if (at !== undefined) found.add(at);
    }
    return found.size === 0 ? null : found;
  };
  const corps = toSet(filters.corpIds, columns.corps);
  const convs = toSet(filters.convIds, columns.convs);
  const types = toSet(filters.msgtypes, columns.types);
  if (corps === null || convs === null || types === null) return null;
  const { msgtime, corp, conv, type, flags } = columns;
  const fromTime = filters.fromTime ?? -Infinity;
  const toTime = filters.toTime ?? Infinity;
  const external = filters.sender === undefined ? undefined : filters.sender === 'external';
  const media = filters.hasMedia;
  return (id) => {
    const f = flags[id] as number;
    if (!(f & PRESENT)) return false;
    if (corps && !corps.has(corp[id] as number)) return false;
    if (convs && !convs.has(conv[id] as number)) return false;
    if (types && !types.has(type[id] as number)) return false;
    const t = msgtime[id] as number;
    if (t < fromTime || t > toTime) return false;
    if (external !== undefined && ((f & FLAG_EXTERNAL_SENDER) !== 0) !== external) return false;
    if (media !== undefined && ((f & FLAG_MEDIA) !== 0) !== media) return false;
    return true;
  };
}

/** One query's ordered candidates and how far verification got, reused by the next pages. */
interface ResultState {
  key: string;
  terms: string[];
  /** Matching documents (by grams and filters), docId order. */
  candidates: Uint32Array;
  /** The newest-first prefix of `candidates` computed so far (all of them once `orderedAll`). */
  ordered: Uint32Array;
  orderedAll?: boolean;
  needsVerify: boolean;
  /** Specific senders: checked during verification (the sender is stored with the text, not in the columns). */
  senders: Set<string> | null;
  /** Candidates checked so far (prefix of `ordered`). */
  checked: number;
  verified: number[];
  seen: Set<string>;
}

/**
 * The query engine. Runs in the search worker (search.worker.ts); plain async code over ArchiveDb,
 * so unit tests and the Node benchmark drive it directly.
 */
export class SearchEngine {
  private readonly tables: SearchTables;
  private readonly columns = new DocColumns();
  private warming: Promise<void> | null = null;
  private warm = false;
  private pendingBackfill = true;
  private readonly segmentCache = new Map<number, { record: SegmentRecord; index: Map<string, number> }>();
  private readonly texts: TextPages;
  private result: ResultState | null = null;

  constructor(
    private readonly db: ArchiveDb,
    /** WARM_WAIT_MS; 0 scans at once when not warm (tests of the scan). */
    private readonly warmWaitMs = WARM_WAIT_MS,
  ) {
    this.tables = searchTables(db);
    this.texts = new TextPages(db, TEXT_CACHE_PAGES);
  }

  /** Loads every document's filter columns; search answers by scanning until this is done. */
  startWarming(): Promise<void> {
    this.warming ??= (async () => {
      this.pendingBackfill = await backfillPending(this.db);
      // The runs of blocks first (one record per 64 blocks), then the blocks after the last run.
      for (const run of await readDocRuns(this.db)) this.columns.addRun(run);
      await this.refreshDocs();
      this.warm = true;
    })();
    return this.warming;
  }

  /** Whether searches answer from the index (columns loaded, no backfill waiting). */
  isWarm(): boolean {
    return this.warm && !this.pendingBackfill;
  }

  /** The app lock forgot the data key: drop every decrypted text and result kept in memory. */
  forgetTexts(): void {
    this.texts.clear();
    this.result = null;
  }

  /** Tells the engine the backfill finished (the worker runs it). */
  setBackfillPending(pending: boolean): void {
    this.pendingBackfill = pending;
  }

  async status(): Promise<SearchStatus> {
    if (this.warm) await this.refreshDocs();
    return {
      warm: this.isWarm(),
      documents: this.columns.count,
      backfillPending: this.pendingBackfill,
      segments: await this.tables.segments.count(),
    };
  }

  /** Starts warming and waits for it up to warmWaitMs (after it, a pending backfill still means the scan). */
  private async waitForWarming(): Promise<void> {
    const warming = this.startWarming();
    if (this.warmWaitMs <= 0) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.warmWaitMs)));
    // A failed warming is the scan's case, not this search's error.
    await Promise.race([warming.catch(() => undefined), timeout]);
    clearTimeout(timer);
  }

  /** Reads the docs blocks written since the last look (new ingest batches). */
  private async refreshDocs(): Promise<boolean> {
    let added = false;
    const pageSize = 256;
    for (;;) {
      const blocks = await this.tables.docs
        .where('id')
        .above(this.columns.maxBlock)
        .limit(pageSize)
        .toArray();
      if (blocks.length > 0) {
        this.columns.addRun(mergeBlocks(blocks));
        added = true;
      }
      if (blocks.length < pageSize) return added;
    }
  }

  async search(request: SearchRequest): Promise<SearchPage> {
    const started = performance.now();
    const terms = parseQuery(request.query).terms;
    if (!this.isWarm()) await this.waitForWarming();
    if (!this.isWarm()) {
      // The scan stops as soon as warming is done: the index answers the rest of this search.
      const scanned = await this.scan(request, terms, () => this.isWarm());
      if (scanned) return { ...scanned, tookMs: performance.now() - started };
    }
    const grew = await this.refreshDocs();
    const key = JSON.stringify([terms, request.filters]);
    if (grew || this.result?.key !== key) this.result = await this.candidates(key, terms, request.filters);
    const state = this.result;
    const want = request.offset + request.limit;
    if (state.needsVerify) {
      await this.verify(state, want, Infinity);
      await this.verify(state, Infinity, started + COUNT_BUDGET_MS);
    } else {
      this.order(state, want);
    }
    const pageIds = state.needsVerify
      ? state.verified.slice(request.offset, want)
      : Array.from(state.ordered.subarray(request.offset, want));
    const hits = await this.hits(pageIds, terms);
    let total = state.candidates.length;
    let totalExact = true;
    if (state.needsVerify && state.checked < state.candidates.length) {
      const precision = state.checked === 0 ? 1 : state.verified.length / state.checked;
      total = state.verified.length + Math.round((state.candidates.length - state.checked) * precision);
      totalExact = false;
    } else if (state.needsVerify) {
      total = state.verified.length;
    }
    return { hits, total, totalExact, mode: 'index', terms, tookMs: performance.now() - started };
  }

  /** Posting list of one gram: every merged generation plus the segments not merged yet. */
  private async postings(grams: readonly string[]): Promise<Map<string, Uint32Array>> {
    const byGram = new Map<string, Uint32Array[]>(grams.map((g) => [g, []]));
    const { postings, segments } = this.tables;
    const [bucketRecords, segmentIds] = await this.db.transaction('r', [postings, segments], async () => {
      const records = await Promise.all(
        [...new Set(grams.map(gramBucket))].map((bucket) =>
          postings.where('[bucket+gen]').between([bucket, Dexie.minKey], [bucket, Dexie.maxKey]).toArray(),
        ),
      );
      const ids = (await segments.toCollection().primaryKeys()) as number[];
      const missing = ids.filter((id) => !this.segmentCache.has(id));
      const loaded = missing.length > 0 ? await segments.bulkGet(missing) : [];
      for (const record of loaded) {
        if (!record) continue;
        const index = new Map<string, number>();
        record.grams.forEach((g, at) => index.set(g, at));
        this.segmentCache.set(record.id, { record, index });
      }
      return [records.flat() as BucketRecord[], new Set(ids)];
    });
    for (const id of this.segmentCache.keys()) if (!segmentIds.has(id)) this.segmentCache.delete(id);
    for (const record of bucketRecords) {
      for (const gram of grams) {
        const range = packLookup(record, gram);
        if (range) byGram.get(gram)?.push(decodePostings(record.data, range[0], range[1]));
      }
    }
    const cachedSegments = [...this.segmentCache.values()].sort((a, b) => a.record.id - b.record.id);
    for (const { record, index } of cachedSegments) {
      for (const gram of grams) {
        const at = index.get(gram);
        if (at === undefined) continue;
        const from = at === 0 ? 0 : (record.ends[at - 1] as number);
        byGram.get(gram)?.push(decodePostings(record.data, from, record.ends[at] as number));
      }
    }
    return new Map([...byGram].map(([gram, lists]) => [gram, union(lists)]));
  }

  private async candidates(key: string, terms: string[], filters: SearchFilters): Promise<ResultState> {
    const predicate = compileFilters(this.columns, filters);
    const empty: ResultState = {
      key,
      terms,
      candidates: new Uint32Array(0),
      ordered: new Uint32Array(0),
      needsVerify: false,
      senders: filters.senders?.length ? new Set(filters.senders) : null,
      checked: 0,
      verified: [],
      seen: new Set(),
    };
    if (!predicate) return empty;
    let ids: Uint32Array | null = null;
    if (terms.length > 0) {
      const gramsPerTerm = terms.map(lookupGrams);
      const lists = await this.postings([...new Set(gramsPerTerm.flat())]);
      const all = [...lists.values()].sort((a, b) => a.length - b.length);
      for (const list of all) {
        ids = ids === null ? list : intersect(ids, list);
        if (ids.length === 0) break;
      }
    }
    let kept: Uint32Array;
    if (ids === null) {
      const limit = (this.columns.maxBlock + 1) * BLOCK_SIZE;
      const all = new Uint32Array(this.columns.count);
      let n = 0;
      for (let id = 0; id < limit; id += 1) if (predicate(id)) all[n++] = id;
      kept = all.subarray(0, n);
    } else {
      const out = new Uint32Array(ids.length);
      let n = 0;
      for (let i = 0; i < ids.length; i += 1) if (predicate(ids[i] as number)) out[n++] = ids[i] as number;
      kept = out.subarray(0, n);
    }
    return {
      ...empty,
      candidates: kept,
      ordered: new Uint32Array(0),
      needsVerify: empty.senders !== null || terms.some((term) => !isExactByGrams(term)),
    };
  }

  /**
   * Makes sure the first `want` candidates are in newest-first order. A page needs only the newest
   * few of possibly 100k+ candidates: a bounded selection, with a full sort only when paging deep.
   */
  private order(state: ResultState, want: number): void {
    const total = state.candidates.length;
    if (state.orderedAll || (state.orderedAll === false && state.ordered.length >= Math.min(want, total)))
      return;
    const msgtime = this.columns.msgtime;
    const newer = (a: number, b: number) => (msgtime[b] as number) - (msgtime[a] as number) || b - a;
    if (want * 8 >= total) {
      const all = Array.from(state.candidates).reverse();
      all.sort(newer);
      state.ordered = Uint32Array.from(all);
      state.orderedAll = true;
      return;
    }
    // Top `want` by a bounded buffer: keep the newest, re-sorting when the buffer doubles.
    let buffer: number[] = [];
    let floor = -Infinity;
    const keep = (id: number) => {
      buffer.push(id);
      if (buffer.length >= want * 2) {
        buffer.sort(newer);
        buffer = buffer.slice(0, want);
        floor = msgtime[buffer[buffer.length - 1] as number] as number;
      }
    };
    const candidates = state.candidates;
    for (let i = candidates.length - 1; i >= 0; i -= 1) {
      const id = candidates[i] as number;
      if ((msgtime[id] as number) >= floor) keep(id);
    }
    buffer.sort(newer);
    state.ordered = Uint32Array.from(buffer.slice(0, want));
    state.orderedAll = false;
  }

  /** Checks candidates in order until `want` are verified, the list ends or the deadline passes. */
  private async verify(state: ResultState, want: number, deadline: number): Promise<void> {
    while (state.verified.length < want) {
      if (state.checked >= state.ordered.length) {
        if (state.orderedAll || state.ordered.length >= state.candidates.length) return;
        this.order(state, Math.max(256, state.ordered.length * 4));
        continue;
      }
      if (performance.now() > deadline) return;
      // The text pages of the next stretch in one go.
      const stretch = state.ordered.subarray(state.checked, state.checked + 64);
      await this.texts.load(stretch);
      for (const id of stretch) {
        state.checked += 1;
        const from = this.texts.from(id);
        if (from === undefined) continue;
        if (state.senders && !state.senders.has(from)) continue;
        if (!matchesAll(this.texts.normalized(id) ?? '', state.terms)) continue;
        const dedupe = `${this.columns.corps.values[this.columns.corp[id] as number] ?? ''}\u0000${this.texts.msgid(id) ?? ''}`;
        if (state.seen.has(dedupe)) continue;
        state.seen.add(dedupe);
        state.verified.push(id);
        if (state.verified.length >= want) return;
      }
    }
  }

  private async hits(ids: readonly number[], terms: readonly string[]): Promise<SearchHit[]> {
    await this.texts.load(ids);
    const hits: SearchHit[] = [];
    for (const id of ids) {
      const text = this.texts.text(id);
      if (text === undefined) continue;
      const flags = this.columns.flags[id] as number;
      hits.push({
        corpId: this.columns.corps.values[this.columns.corp[id] as number] ?? '',
        msgid: this.texts.msgid(id) ?? '',
        convId: this.columns.convs.values[this.columns.conv[id] as number] ?? '',
        from: this.texts.from(id) ?? '',
        fromExternal: (flags & FLAG_EXTERNAL_SENDER) !== 0,
        msgtype: this.columns.types.values[this.columns.type[id] as number] ?? '',
        msgtime: this.columns.msgtime[id] as number,
        snippet: buildSnippet(text, terms),
      });
    }
    return hits;
  }

  /**
   * Before the index is warm (or while stored messages are still being backfilled): each corp's
   * messages newest pulled first through `[corpId+seqKey]` (pull order is WeCom's order of arrival),
   * extracting and matching each, the rows looked at bounded per request and shared between the corps;
   * the hits are then ordered by message time, newest first.
   */
  private async scan(
    request: SearchRequest,
    terms: string[],
    /** Checked between rows: true gives up the scan (answers null), the index being ready. */
    stop: () => boolean,
  ): Promise<Omit<SearchPage, 'tookMs'> | null> {
    const f = request.filters;
    const want = request.offset + request.limit;
    const matched: { row: MessageRow; text: string }[] = [];
    const corpIds = f.corpIds?.length ? f.corpIds : await messageCorpIds(this.db);
    const perCorp = Math.max(1, Math.floor(SCAN_BUDGET / Math.max(1, corpIds.length)));
    let exhausted = true;
    let stopped = false;
    for (const corpId of corpIds) {
      let scanned = 0;
      let found = 0;
      await this.db.messages
        .where('[corpId+seqKey]')
        .between([corpId, Dexie.minKey], [corpId, Dexie.maxKey], true, true)
        .reverse()
        .until(() => found >= want || scanned >= perCorp || (stopped = stop()))
        .each((row: MessageRow) => {
          scanned += 1;
          if (row.status !== 'ok' || row.raw === undefined) return;
          if (f.convIds?.length && !f.convIds.includes(row.convId ?? '')) return;
          if (f.msgtypes?.length && !f.msgtypes.includes(row.msgtype ?? '')) return;
          const t = row.msgtime ?? 0;
          if (t < (f.fromTime ?? -Infinity) || t > (f.toTime ?? Infinity)) return;
          if (f.senders?.length && !f.senders.includes(row.from ?? '')) return;
          if (f.sender && isExternalUserId(row.from ?? '') !== (f.sender === 'external')) return;
          const { text, hasMedia } = indexedTextOf(row.raw);
          if (f.hasMedia !== undefined && hasMedia !== f.hasMedia) return;
          if (terms.length > 0 && !matchesAll(normalizeText(text), terms)) return;
          matched.push({ row, text });
          found += 1;
        });
      if (stopped) return null;
      if (scanned >= perCorp || found >= want) exhausted = false;
    }
    matched.sort((a, b) => (b.row.msgtime ?? 0) - (a.row.msgtime ?? 0));
    const hits = matched.slice(request.offset, want).map(({ row, text }): SearchHit => ({
      corpId: row.corpId,
      msgid: row.msgid,
      convId: row.convId ?? '',
      from: row.from ?? '',
      fromExternal: isExternalUserId(row.from ?? ''),
      msgtype: row.msgtype ?? '',
      msgtime: row.msgtime ?? 0,
      snippet: buildSnippet(text, terms),
    }));
    return { hits, total: matched.length, totalExact: exhausted, mode: 'scan', terms };
  }
}
