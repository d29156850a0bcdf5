import { mediaRefsOf, searchTextOf } from '../../main/common/message';
import { ParsedRows, type ArchiveDb, type MessageRow } from '../db';
import {
  BLOCK_SIZE,
  FLAG_EXTERNAL_SENDER,
  FLAG_MEDIA,
  PAGE_SIZE,
  searchTables,
  type DocsBlock,
  type SearchStateRow,
  type SegmentRecord,
  type TextPage,
} from './indexStore';
import { documentGrams, normalizeText } from './normalize';
import { packPostingLists } from './postingCodec';
import { isExternalUserId } from './senderKind';

/** One block's records (docs, its text pages, segment), built outside any transaction's awaits (pure CPU). */
export interface BuiltBlock {
  docs: DocsBlock;
  pages: TextPage[];
  segment: SegmentRecord;
}

function dictionaryIndex(dictionary: string[], lookup: Map<string, number>, value: string): number {
  let at = lookup.get(value);
  if (at === undefined) {
    at = dictionary.length;
    dictionary.push(value);
    lookup.set(value, at);
  }
  return at;
}

/** Builds the records of block `id` from decrypted rows (at most BLOCK_SIZE), reading each model from `parsed`. */
export function buildBlock(id: number, rows: readonly MessageRow[], parsed = new ParsedRows()): BuiltBlock {
  if (rows.length > BLOCK_SIZE) throw new Error(`a search block holds at most ${BLOCK_SIZE} messages`);
  const n = rows.length;
  const docs: DocsBlock = {
    id,
    corps: [],
    corp: new Uint8Array(n),
    convs: [],
    conv: new Uint16Array(n),
    types: [],
    type: new Uint8Array(n),
    msgtime: new Float64Array(n),
    flags: new Uint8Array(n),
  };
  const pages: TextPage[] = [];
  const corpAt = new Map<string, number>();
  const convAt = new Map<string, number>();
  const typeAt = new Map<string, number>();
  const postings = new Map<string, number[]>();
  const grams = new Set<string>();

  rows.forEach((row, slot) => {
    const message = parsed.message(row);
    const text = searchTextOf(message);
    const hasMedia = mediaRefsOf(message).length > 0;
    const from = row.from ?? '';
    docs.corp[slot] = dictionaryIndex(docs.corps, corpAt, row.corpId);
    docs.conv[slot] = dictionaryIndex(docs.convs, convAt, row.convId ?? '');
    docs.type[slot] = dictionaryIndex(docs.types, typeAt, row.msgtype ?? '');
    docs.msgtime[slot] = row.msgtime ?? 0;
    docs.flags[slot] = (isExternalUserId(from) ? FLAG_EXTERNAL_SENDER : 0) | (hasMedia ? FLAG_MEDIA : 0);
    const docId = id * BLOCK_SIZE + slot;
    if (slot % PAGE_SIZE === 0) pages.push({ id: docId / PAGE_SIZE, msgids: [], froms: [], texts: [] });
    const page = pages[pages.length - 1] as TextPage;
    page.msgids.push(row.msgid);
    page.froms.push(from);
    page.texts.push(text);
    for (const gram of documentGrams(normalizeText(text), grams)) {
      const list = postings.get(gram);
      if (list) list.push(docId);
      else postings.set(gram, [docId]);
    }
  });

  const gramList = [...postings.keys()];
  const { ends, data } = packPostingLists(
    gramList.map((gram) => postings.get(gram) as number[]),
    gramList.length,
  );
  return { docs, pages, segment: { id, grams: gramList, ends, data } };
}

/**
 * Which written rows the index takes: decrypted ones, except a redelivery of a row already indexed
 * (same raw text). A row that changed is indexed again; results keep the newest copy of a msgid.
 */
export function rowsToIndex(
  rows: readonly MessageRow[],
  previous: readonly (MessageRow | undefined)[],
): MessageRow[] {
  return rows.filter((row, at) => {
    if (row.status !== 'ok' || row.raw === undefined) return false;
    const before = previous[at];
    return !(before?.status === 'ok' && before.raw === row.raw);
  });
}

/**
 * Indexes rows inside the caller's transaction (which must include the search tables): allocates
 * block numbers and writes each block's docs, text pages and segment. Only IndexedDB work is awaited.
 */
export async function writeBlocks(
  db: ArchiveDb,
  rows: readonly MessageRow[],
  parsed = new ParsedRows(),
): Promise<number> {
  if (rows.length === 0) return 0;
  const tables = searchTables(db);
  const alloc = (await tables.state.get('alloc')) as Extract<SearchStateRow, { key: 'alloc' }> | undefined;
  let nextBlock = alloc?.nextBlock ?? 1;
  const built: BuiltBlock[] = [];
  for (let start = 0; start < rows.length; start += BLOCK_SIZE) {
    built.push(buildBlock(nextBlock, rows.slice(start, start + BLOCK_SIZE), parsed));
    nextBlock += 1;
  }
  await Promise.all([
    tables.state.put({ key: 'alloc', nextBlock }),
    tables.docs.bulkPut(built.map((b) => b.docs)),
    tables.texts.bulkPut(built.flatMap((b) => b.pages)),
    tables.segments.bulkPut(built.map((b) => b.segment)),
  ]);
  return built.length;
}
