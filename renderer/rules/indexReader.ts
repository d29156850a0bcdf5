import Dexie from 'dexie';
import type { ArchiveDb } from '../db';
import {
  BLOCK_SIZE,
  FLAG_EXTERNAL_SENDER,
  gramBucket,
  packLookup,
  searchTables,
  type BucketRecord,
  type DocsBlock,
  type SearchTables,
  type TextsBlock,
} from '../search/indexStore';
import { lookupGrams } from '../search/normalize';
import { decodePostings, intersect, union } from '../search/postingCodec';
import type { ChatKind } from './model';
import type { MessageContext } from './matcher';
import { isExternalUserId } from '../search/senderKind';

/**
 * Read access to the search index's stores (renderer/search/indexStore.ts) for the rules worker:
 * the per-block filter columns, the per-block texts, and gram posting lists (merged buckets plus
 * segments not merged yet), so a rule's candidates come from the index instead of a scan.
 * Read-only: the index is written by ingest (search's derived index) and merged by the search worker.
 */

/** Candidates: ascending docIds, or 'all' when a matcher cannot be narrowed by grams (regex, IDs, cards). */
export type Candidates = Uint32Array | 'all';

export class IndexReader {
  private readonly tables: SearchTables;
  private readonly blocks: DocsBlock[] = [];
  private maxBlock = 0;
  private chatKinds: Map<string, ChatKind | null> | null = null;

  constructor(private readonly db: ArchiveDb) {
    this.tables = searchTables(db);
  }

  /** Every docs block, oldest first, including those written since the last call. */
  async docs(): Promise<readonly DocsBlock[]> {
    for (;;) {
      const page = await this.tables.docs.where('id').above(this.maxBlock).limit(256).toArray();
      for (const block of page) {
        this.blocks.push(block);
        this.maxBlock = Math.max(this.maxBlock, block.id);
      }
      if (page.length < 256) return this.blocks;
    }
  }

  /** Blocks written after `block`, at most `limit`, with their texts. */
  async blocksAfter(block: number, limit: number): Promise<{ docs: DocsBlock; texts: TextsBlock }[]> {
    const docs = await this.tables.docs.where('id').above(block).limit(limit).toArray();
    const texts = await this.tables.texts.bulkGet(docs.map((d) => d.id));
    return docs.flatMap((d, i) => {
      const t = texts[i];
      return t ? [{ docs: d, texts: t }] : [];
    });
  }

  texts(ids: readonly number[]): Promise<(TextsBlock | undefined)[]> {
    return this.tables.texts.bulkGet([...ids]);
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
          [...new Set(wanted.map(gramBucket))].map((bucket) =>
            postings.where('[bucket+gen]').between([bucket, Dexie.minKey], [bucket, Dexie.maxKey]).toArray(),
          ),
        ).then((all) => all.flat() as BucketRecord[]),
        segments.toArray(),
      ]),
    );
    for (const pack of [...records, ...segmentRecords]) {
      for (const gram of wanted) {
        const range = packLookup(pack, gram);
        if (range) lists.get(gram)?.push(decodePostings(pack.data, range[0], range[1]));
      }
    }
    return new Map([...lists].map(([gram, parts]) => [gram, union(parts)]));
  }

  /** Documents holding every lookup gram of each folded word (superset of those containing it). */
  async wordCandidates(words: readonly string[]): Promise<Map<string, Uint32Array>> {
    const gramsOf = new Map(words.map((word) => [word, lookupGrams(word)]));
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
      await this.db.table('conversations').each((row: { corpId: string; convId: string; kind: string }) => {
        kinds.set(`${row.corpId}\u0000${row.convId}`, row.kind === 'system' ? null : (row.kind as ChatKind));
      });
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
    const rows = (await this.db.table('conversations').bulkGet(list)) as ({ kind: string } | undefined)[];
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

  /** The scope context of one document. */
  context(block: DocsBlock, texts: TextsBlock, slot: number): MessageContext {
    const corpId = block.corps[block.corp[slot] as number] ?? '';
    const convId = block.convs[block.conv[slot] as number] ?? '';
    return {
      corpId,
      chatKind: this.chatKind(corpId, convId),
      from: texts.froms[slot] ?? '',
      msgtype: block.types[block.type[slot] as number] ?? '',
      external: ((block.flags[slot] as number) & FLAG_EXTERNAL_SENDER) !== 0,
    };
  }
}

export function chatKindFromId(convId: string): ChatKind | null {
  if (convId.startsWith('s:')) {
    return convId.slice(2).split('|').some(isExternalUserId) ? 'external' : 'internal';
  }
  if (convId.startsWith('g:')) return 'internal-group';
  return null;
}

export const blockOf = (docId: number) => Math.floor(docId / BLOCK_SIZE);
