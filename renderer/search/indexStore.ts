import type { Table } from 'dexie';
import type { ArchiveDb } from '../db';

/**
 * The search index's stores (schema v3, renderer/db/schema.ts). Documents are numbered densely:
 * `docId = block * BLOCK_SIZE + slot`, one block per write (ingest batch, re-decryption chunk or
 * backfill chunk), so every store holds one record per block instead of one per message:
 *
 * - `searchDocs`     per block: the filter columns (corp, chat, msgtype, time, sender kind, media),
 *                    small enough that the worker keeps all of them in memory (~13 bytes a message);
 * - `searchTexts`    per page of PAGE_SIZE documents (`pageId = docId / PAGE_SIZE`): msgid, sender and
 *                    visible text, read only for hits and verification. Sealed at rest one page a record,
 *                    so a hit costs opening its 16 neighbours, not the 1,024 of its block (textPages.ts);
 * - `searchSegments` per block: the block's own inverted index (unigrams + bigrams → docIds),
 *                    written in the ingest transaction;
 * - `searchPostings` per [bucket, generation]: segments merged by the worker (compaction), grams
 *                    hashed into BUCKETS so a lookup reads one small record per generation;
 * - `searchState`    the block counter, compaction generation and backfill progress;
 * - `searchDocRuns`  (schema v15) BLOCKS_PER_RUN consecutive docs blocks' columns in one record, written
 *                    by the worker (docRuns.ts): warming reads ~46 records at 3,000,000 messages instead
 *                    of ~2,930 blocks. A cache of `searchDocs`, checked against its keys when read.
 */

export const BLOCK_SIZE = 1024;
/** Documents per text record; BLOCK_SIZE is a multiple, so a block's pages are consecutive ids. */
export const PAGE_SIZE = 16;
export const PAGES_PER_BLOCK = BLOCK_SIZE / PAGE_SIZE;
export const BUCKETS = 4096;

export const SEARCH_STORES = {
  searchState: 'key',
  searchDocs: 'id',
  searchTexts: 'id',
  searchSegments: 'id',
  searchPostings: '[bucket+gen]',
  searchDocRuns: 'id',
} as const;

/** Postings of many grams in one record: grams[i]'s ids are data[ends[i-1] ?? 0, ends[i]). */
export interface PostingPack {
  grams: string[];
  ends: Uint32Array;
  data: Uint8Array;
}

export interface SegmentRecord extends PostingPack {
  id: number;
}

export interface BucketRecord extends PostingPack {
  bucket: number;
  gen: number;
}

export const FLAG_EXTERNAL_SENDER = 1;
export const FLAG_MEDIA = 2;

export interface DocsBlock {
  id: number;
  /** Dictionaries, and per slot the index into them. */
  corps: string[];
  corp: Uint8Array;
  convs: string[];
  conv: Uint16Array;
  types: string[];
  type: Uint8Array;
  msgtime: Float64Array;
  flags: Uint8Array;
}

/**
 * Consecutive docs blocks' columns in one record, keyed by its first block's id. Block `blocks[i]`'s
 * documents are slots [ends[i - 1] ?? 0, ends[i]) of the columns; the dictionaries are the run's own.
 */
export interface DocsRun {
  id: number;
  /** The last block's id: the next run starts above it. */
  last: number;
  blocks: Uint32Array;
  ends: Uint32Array;
  corps: string[];
  corp: Uint16Array;
  convs: string[];
  conv: Uint32Array;
  types: string[];
  type: Uint16Array;
  msgtime: Float64Array;
  flags: Uint8Array;
}

/** PAGE_SIZE documents' texts (fewer in a block's last page): slot i is docId `id * PAGE_SIZE + i`. */
export interface TextPage {
  id: number;
  msgids: string[];
  froms: string[];
  texts: string[];
}

/** The text page holding a document. */
export const pageOf = (docId: number): number => Math.floor(docId / PAGE_SIZE);

/**
 * Ascending runs of the given keys (deduplicated) in which neighbours are at most `gap` apart: the key
 * ranges a reader asks IndexedDB for, since one range request costs far more than the few unwanted
 * records between wanted ones. A run of one key has from === to.
 */
export function keyRuns(keys: readonly number[], gap: number): [number, number][] {
  const sorted = [...new Set(keys)].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const key of sorted) {
    const last = runs.at(-1);
    if (last && key - last[1] <= gap) last[1] = key;
    else runs.push([key, key]);
  }
  return runs;
}

export interface AllocState {
  key: 'alloc';
  nextBlock: number;
}

export interface CompactionState {
  key: 'compaction';
  gen: number;
}

/** Set by the v3 upgrade when messages already existed: they are indexed by the worker (backfill). */
export interface BackfillState {
  key: 'backfill';
  /** Rows stored before this time (ingestedAt) predate the index. */
  before: number;
  /** Primary key of the last row backfilled. */
  after?: [string, string];
  done: boolean;
}

export type SearchStateRow = AllocState | CompactionState | BackfillState;

export interface SearchTables {
  state: Table<SearchStateRow, string>;
  docs: Table<DocsBlock, number>;
  texts: Table<TextPage, number>;
  segments: Table<SegmentRecord, number>;
  postings: Table<BucketRecord, [number, number]>;
  runs: Table<DocsRun, number>;
}

export function searchTables(db: ArchiveDb): SearchTables {
  return {
    state: db.table('searchState'),
    docs: db.table('searchDocs'),
    texts: db.table('searchTexts'),
    segments: db.table('searchSegments'),
    postings: db.table('searchPostings'),
    runs: db.table('searchDocRuns'),
  };
}

export function allSearchTables(db: ArchiveDb): Table[] {
  const t = searchTables(db);
  return [t.state, t.docs, t.texts, t.segments, t.postings];
}

/** FNV-1a over UTF-16 units. */
export function gramBucket(gram: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < gram.length; i += 1) {
    hash ^= gram.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % BUCKETS;
}

/** The ids a pack holds for one gram, or null. */
export function packLookup(pack: PostingPack, gram: string): [number, number] | null {
  const at = pack.grams.indexOf(gram);
  if (at < 0) return null;
  return [at === 0 ? 0 : (pack.ends[at - 1] as number), pack.ends[at] as number];
}
