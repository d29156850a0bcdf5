import Dexie from 'dexie';
import { readUnopened, type ArchiveDb } from '../db';
import {
  BLOCK_SIZE,
  FLAG_EXTERNAL_SENDER,
  PAGES_PER_BLOCK,
  gramBucket,
  keyRuns,
  packLookup,
  searchTables,
  type BucketRecord,
  type DocsBlock,
  type SearchTables,
} from '../search/indexStore';
import type { TextPages } from '../search/textPages';
import { lookupGrams } from '../search/normalize';
import { decodePostings, intersect, union } from '../search/postingCodec';
import type { ChatKind } from './model';
import type { MessageContext } from './matcher';
import { isExternalUserId } from '../search/senderKind';

/**
 * Read access to the search index's stores (renderer/search/indexStore.ts) for the rules worker:
 * the per-block filter columns, the text pages, and gram posting lists (merged buckets plus
 * segments not merged yet), so a rule's candidates come from the index instead of a scan.
 * Read-only: the index is written by ingest (search's derived index) and merged by the search worker.
 */

/** Candidates: ascending docIds, or 'all' when a matcher cannot be narrowed by grams (regex, IDs, cards). */
export type Candidates = Uint32Array | 'all';

export class IndexReader {
  private readonly tables: SearchTables;
  /** Docs blocks read so far, by id: a block never changes once written. */
  private readonly kept = new Map<number, DocsBlock>();
  private chatKinds: Map<string, ChatKind | null> | null = null;

  constructor(private readonly db: ArchiveDb) {
    this.tables = searchTables(db);
  }

  /** The ids of every docs block, oldest first: keys only, no block is read. */
  async blockIds(): Promise<number[]> {
    return (await this.tables.docs.toCollection().primaryKeys()) as number[];
  }

  /**
   * The docs blocks of `ids` (ascending), each read once and kept: consecutive ids are one key range.
   * The answer is aligned with `ids`: undefined where a block is gone meanwhile.
   */
  async blocksOf(ids: readonly number[]): Promise<(DocsBlock | undefined)[]> {
    const missing = ids.filter((id) => !this.kept.has(id));
    if (missing.length > 0) {
      const { docs } = this.tables;
      const read = await this.db.transaction('r', docs, () =>
        Promise.all(
          keyRuns(missing, 1).map(([from, to]) => docs.where('id').between(from, to, true, true).toArray()),
        ),
      );
      for (const block of read.flat()) this.kept.set(block.id, block);
    }
    return ids.map((id) => this.kept.get(id));
  }

  /**
   * Blocks written after `block`, at most `limit`, with every text page of them loaded into `texts`
   * (one range read: a block's pages are consecutive ids).
   */
  async blocksAfter(block: number, limit: number, texts: TextPages): Promise<DocsBlock[]> {
    const docs = await this.tables.docs.where('id').above(block).limit(limit).toArray();
    await texts.loadPages(docs.flatMap((d) => blockPages(d.id)));
    return docs;
  }

  /** The union of every generation's and segment's posting list of each gram. */
  async postings(grams: readonly string[]): Promise<Map<string, Uint32Array>> {
    const wanted = [...new Set(grams)];
    const lists = new Map<string, Uint32Array[]>(wanted.map((g) => [g, []]));
    if (wanted.length === 0) return new Map();
    const { postings, segments } = this.tables;
    const [records, segmentRecords] = await this.db.transaction('r', [postings, segments], () =>
      Promise.all([
        Promise.all(
          keyRuns(wanted.map(gramBucket), BUCKET_GAP).map(([from, to]) =>
            postings.where('[bucket+gen]').between([from, Dexie.minKey], [to, Dexie.maxKey]).toArray(),
          ),
        ).then((all) => all.flat() as BucketRecord[]),
        segments.toArray(),
      ]),
    );
    // A bucket record holds only its bucket's grams: look up just those. A segment holds every gram
    // of its block: walk its grams once against the wanted set instead of searching it per gram.
    const byBucket = new Map<number, string[]>();
    for (const gram of wanted) {
      const bucket = gramBucket(gram);
      const grams = byBucket.get(bucket);
      if (grams) grams.push(gram);
      else byBucket.set(bucket, [gram]);
    }
    for (const pack of records) {
      for (const gram of byBucket.get(pack.bucket) ?? []) {
        const range = packLookup(pack, gram);
        if (range) lists.get(gram)?.push(decodePostings(pack.data, range[0], range[1]));
      }
    }
    for (const pack of segmentRecords) {
      pack.grams.forEach((gram, at) => {
        const parts = lists.get(gram);
        if (parts)
          parts.push(
            decodePostings(pack.data, at === 0 ? 0 : (pack.ends[at - 1] as number), pack.ends[at] as number),
          );
      });
    }
    return new Map([...lists].map(([gram, parts]) => [gram, union(parts)]));
  }

  /**
   * Documents holding the lookup grams of each folded word (a superset of those containing it, which
   * the caller verifies). A word is looked up by its first and last bigram only: every further gram
   * is one more posting read (a record per bucket and generation) and narrows little more.
   */
  async wordCandidates(words: readonly string[]): Promise<Map<string, Uint32Array>> {
    const gramsOf = new Map(words.map((word) => [word, endGrams(lookupGrams(word))]));
    const lists = await this.postings([...gramsOf.values()].flat());
    const out = new Map<string, Uint32Array>();
    for (const [word, grams] of gramsOf) {
      let ids: Uint32Array | null = null;
      for (const gram of [...grams].sort(
        (a, b) => (lists.get(a)?.length ?? 0) - (lists.get(b)?.length ?? 0),
      )) {
        const list = lists.get(gram) ?? new Uint32Array(0);
        ids = ids === null ? list : intersect(ids, list);
        if (ids.length === 0) break;
      }
      out.set(word, ids ?? new Uint32Array(0));
    }
    return out;
  }

  /** Conversation kinds from the conversation list (reading), when the archive keeps it. */
  async loadChatKinds(): Promise<void> {
    const kinds = new Map<string, ChatKind | null>();
    if (this.db.tables.some((table) => table.name === 'conversations')) {
      // Only plain fields are needed: the rows stay sealed (their previews are never opened).
      const conversations = this.db.table('conversations');
      // One key-range read (a cursor would be a request per row).
      const rows = (await readUnopened(this.db, [conversations], () => conversations.toArray())) as {
        corpId: string;
        convId: string;
        kind: string;
      }[];
      for (const row of rows)
        kinds.set(`${row.corpId}\u0000${row.convId}`, row.kind === 'system' ? null : (row.kind as ChatKind));
    }
    this.chatKinds = kinds;
  }

  /** Conversation kinds of the given chats only (the chats of newly ingested blocks). */
  async loadChatKindsOf(blocks: readonly DocsBlock[]): Promise<void> {
    const kinds = (this.chatKinds ??= new Map());
    if (!this.db.tables.some((table) => table.name === 'conversations')) return;
    const keys = new Map<string, [string, string]>();
    for (const block of blocks)
      for (let slot = 0; slot < block.flags.length; slot += 1) {
        const corpId = block.corps[block.corp[slot] as number] ?? '';
        const convId = block.convs[block.conv[slot] as number] ?? '';
        keys.set(`${corpId}\u0000${convId}`, [corpId, convId]);
      }
    const list = [...keys.values()];
    const conversations = this.db.table('conversations');
    const rows = (await readUnopened(this.db, [conversations], () => conversations.bulkGet(list))) as (
      { kind: string } | undefined
    )[];
    rows.forEach((row, i) => {
      const [corpId, convId] = list[i] as [string, string];
      if (row) kinds.set(`${corpId}\u0000${convId}`, row.kind === 'system' ? null : (row.kind as ChatKind));
    });
  }

  /** A chat's kind: the conversation list's, else what its id says (a single chat with an external party). */
  chatKind(corpId: string, convId: string): ChatKind | null {
    const known = this.chatKinds?.get(`${corpId}\u0000${convId}`);
    if (known !== undefined) return known;
    return chatKindFromId(convId);
  }

  /** The scope context of one document (`from`: its sender, kept with its text). */
  context(block: DocsBlock, slot: number, from: string): MessageContext {
    const corpId = block.corps[block.corp[slot] as number] ?? '';
    const convId = block.convs[block.conv[slot] as number] ?? '';
    return {
      corpId,
      chatKind: this.chatKind(corpId, convId),
      from,
      msgtype: block.types[block.type[slot] as number] ?? '',
      external: ((block.flags[slot] as number) & FLAG_EXTERNAL_SENDER) !== 0,
    };
  }
}

/** Wanted buckets at most this far apart are read as one key range (the records between are skipped). */
const BUCKET_GAP = 4;

/** The first and last of a word's grams (all of them when two or fewer). */
function endGrams(grams: readonly string[]): string[] {
  return grams.length <= 2 ? [...grams] : [grams[0] as string, grams.at(-1) as string];
}

export function chatKindFromId(convId: string): ChatKind | null {
  if (convId.startsWith('s:')) {
    return convId.slice(2).split('|').some(isExternalUserId) ? 'external' : 'internal';
  }
  if (convId.startsWith('g:')) return 'internal-group';
  return null;
}

export const blockOf = (docId: number) => Math.floor(docId / BLOCK_SIZE);

/** The text page ids of a block, in order. */
export const blockPages = (block: number): number[] =>
  Array.from({ length: PAGES_PER_BLOCK }, (_, i) => block * PAGES_PER_BLOCK + i);
