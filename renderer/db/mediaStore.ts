import Dexie from 'dexie';
import type { Table, Transaction } from 'dexie';
import type { MediaFailureDto, MediaVerification } from '../../main/contract';
import type { MediaRef } from '../../main/common/message';
import type { ArchiveDb } from './archiveDb';
import type { HasDataKey } from './sealed';

/**
 * How the renderer stores media items and their download state (schema v16, docs/ARCHITECTURE.md §9.4).
 *
 * An item is written once, when the message that first carries it is stored, and never changes; its
 * download state changes many times, and only for the items somebody downloads. So the two are kept
 * apart:
 *
 * - `mediaItems`: one record per write of the items first seen in it, keyed `[corpId, page]` with the
 *   page numbered upwards per corp, so every new record lands after the last; a multiEntry index
 *   `fileKeys` (corp and a 128-bit hash of the sdkfileid, ~40 characters) finds whether an item is
 *   stored already. A pull writes one record per batch and one small index entry per item, where a
 *   row per item keyed by its long, random sdkfileid cost a record and three scattered entries.
 * - `mediaStates`: a row per item whose state main has reported (queued, downloading, done, failed),
 *   keyed `[corpId, sdkfileid]`, indexed `[corpId+state]`. An item without one is pending.
 * - `mediaTally`: per corp, the next page number, how many distinct items are stored, and whether
 *   the messages of before media rows existed have been looked through (backfill).
 */

export type MediaRowState = 'pending' | 'queued' | 'downloading' | 'done' | 'failed';

/** A stored item: the item as its message describes it, and the message that first carried it. */
export interface MediaItemRecord extends MediaRef {
  /** The first message seen carrying it (the same file may be forwarded again). */
  msgid: string;
  msgtime?: number;
  /** That message's chat (db/convId.ts) and sender, for the Media screen's captions and filters. */
  convId?: string;
  from?: string;
}

export interface MediaItemPage {
  corpId: string;
  page: number;
  /** `fileKeyOf(corpId, item.sdkfileid)` of each item, in order. */
  fileKeys: string[];
  items: MediaItemRecord[];
}

/** What main reports on an item's download, as stored. */
export interface MediaStateFields {
  state: MediaRowState;
  bytes: number;
  attempts: number;
  verification?: MediaVerification;
  failure?: MediaFailureDto;
  sha256?: string;
  mime?: string;
  updatedAt: number;
}

export interface MediaStateRow extends MediaStateFields {
  corpId: string;
  sdkfileid: string;
}

/** An item with its download state: the Media screen's row (pending without a state row), and the `media` row of v2–v15. */
export interface MediaRow extends MediaItemRecord, MediaStateFields {
  corpId: string;
}

export interface MediaTally {
  corpId: string;
  /** The number the corp's next page gets. */
  pages: number;
  /** Distinct items stored. */
  total: number;
  /** Whether messages stored before media rows existed have been looked through (features/media/mediaRows.ts backfill). */
  backfilled: boolean;
}

export type MediaPageKey = [corpId: string, page: number];
export type MediaStateKey = [corpId: string, sdkfileid: string];

/** At most this many items in one page record: a big batch of media writes several. */
export const ITEMS_PER_PAGE = 256;

export const mediaItemPages = (db: Dexie): Table<MediaItemPage, MediaPageKey> => db.table('mediaItems');
export const mediaStates = (db: Dexie): Table<MediaStateRow, MediaStateKey> => db.table('mediaStates');
export const mediaTallies = (db: Dexie): Table<MediaTally, string> => db.table('mediaTally');

/** The tables a write of items locks. */
export const mediaItemTables = (db: ArchiveDb): Table[] => [mediaItemPages(db), mediaTallies(db)];

/**
 * 128 bits of a string (four 32-bit multiply-xor lanes, cross-mixed and finalised as MurmurHash3's
 * fmix32). Not a security measure: sdkfileids come from WeCom, and a collision would only keep a
 * second item off the Media screen's list (its message still shows and downloads it).
 */
export function hash128(text: string): string {
  let a = 0x9e3779b9;
  let b = 0x85ebca6b;
  let c = 0xc2b2ae35;
  let d = 0x27d4eb2f;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0xcc9e2d51);
    b = Math.imul(b ^ code, 0x1b873593);
    c = Math.imul(c ^ code, 0x85ebca77);
    d = Math.imul(d ^ code, 0xc2b2ae3d);
    a = (a << 13) | (a >>> 19);
    b = (b << 15) | (b >>> 17);
    c = (c << 17) | (c >>> 15);
    d = (d << 19) | (d >>> 13);
  }
  const n = text.length;
  a ^= n;
  b ^= n;
  c ^= n;
  d ^= n;
  a = (a + b + c + d) | 0;
  b = (b + a) | 0;
  c = (c + a) | 0;
  d = (d + a) | 0;
  a = fmix32(a);
  b = fmix32(b);
  c = fmix32(c);
  d = fmix32(d);
  a = (a + b + c + d) | 0;
  b = (b + a) | 0;
  c = (c + a) | 0;
  d = (d + a) | 0;
  return [a, b, c, d].map((lane) => (lane >>> 0).toString(16).padStart(8, '0')).join('');
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

/** The `fileKeys` entry of an item: its corp and the hash of its sdkfileid. */
export function fileKeyOf(corpId: string, sdkfileid: string): string {
  return `${corpId}\u0000${hash128(sdkfileid)}`;
}

/** Which of these sdkfileids the corp has stored: one index request each, all in flight at once. */
export async function storedFileKeys(
  db: Dexie,
  corpId: string,
  sdkfileids: readonly string[],
): Promise<boolean[]> {
  const index = mediaItemPages(db).where('fileKeys');
  return Promise.all(sdkfileids.map(async (id) => (await index.equals(fileKeyOf(corpId, id)).count()) > 0));
}

export async function readTally(db: Dexie, corpId: string): Promise<MediaTally> {
  return (await mediaTallies(db).get(corpId)) ?? { corpId, pages: 0, total: 0, backfilled: true };
}

/**
 * Appends items (already known to be new) as page records after the corp's last, and counts them.
 * Inside the caller's transaction over `mediaItemTables`.
 */
export async function appendItems(
  db: Dexie,
  corpId: string,
  items: readonly MediaItemRecord[],
): Promise<void> {
  if (items.length === 0) return;
  const tally = await readTally(db, corpId);
  const pages = pagesOf(corpId, tally.pages, items);
  await mediaItemPages(db).bulkAdd(pages);
  await mediaTallies(db).put({
    ...tally,
    pages: tally.pages + pages.length,
    total: tally.total + items.length,
  });
}

/** The page records holding `items` (≤ ITEMS_PER_PAGE each), numbered from `firstPage`. */
function pagesOf(corpId: string, firstPage: number, items: readonly MediaItemRecord[]): MediaItemPage[] {
  const pages: MediaItemPage[] = [];
  for (let at = 0; at < items.length; at += ITEMS_PER_PAGE) {
    const part = items.slice(at, at + ITEMS_PER_PAGE);
    pages.push({
      corpId,
      page: firstPage + pages.length,
      fileKeys: part.map((item) => fileKeyOf(corpId, item.sdkfileid)),
      items: part,
    });
  }
  return pages;
}

/** Every page of the corp, in the order they were written. */
export function corpPages(db: Dexie, corpId: string): Promise<MediaItemPage[]> {
  return mediaItemPages(db)
    .where('[corpId+page]')
    .between([corpId, Dexie.minKey], [corpId, Dexie.maxKey])
    .toArray();
}

/** Every stored item of the corp, in the order they were first seen. */
export async function corpItems(db: Dexie, corpId: string): Promise<MediaItemRecord[]> {
  return (await corpPages(db, corpId)).flatMap((page) => page.items);
}

/** The state rows of the corp in one state. */
export function statesIn(db: Dexie, corpId: string, state: MediaRowState): Promise<MediaStateRow[]> {
  return mediaStates(db).where('[corpId+state]').equals([corpId, state]).toArray();
}

/** How many of the corp's items are in each state (pending: stored, no other state reported). */
export async function stateCounts(db: Dexie, corpId: string): Promise<Record<MediaRowState, number>> {
  const table = mediaStates(db);
  const countOf = (state: MediaRowState) => table.where('[corpId+state]').equals([corpId, state]).count();
  const [tally, queued, downloading, done, failed] = await Promise.all([
    readTally(db, corpId),
    countOf('queued'),
    countOf('downloading'),
    countOf('done'),
    countOf('failed'),
  ]);
  const pending = Math.max(0, tally.total - queued - downloading - done - failed);
  return { pending, queued, downloading, done, failed };
}

/** Legacy rows read and pages written per step of the v16 upgrade. */
const UPGRADE_CHUNK = 2_000;
/** How long the v16 upgrade waits for main to hand over the data key (as the v7 upgrade does). */
const KEY_WAIT_MS = 10 * 60_000;

/**
 * Schema v16's upgrade: the `media` store's rows become item pages (in the store's key order, a
 * corp at a time) and, for those main had reported on, state rows; every corp with messages gets its
 * tally, marked not backfilled (its oldest messages may predate media rows: the Media screen looks
 * through them once). Version 17 then drops `media`.
 */
export async function splitLegacyMediaRows(transaction: Transaction): Promise<void> {
  const legacy = transaction.table<MediaRow, [string, string]>('media');
  const pagesTable = transaction.table<MediaItemPage, MediaPageKey>('mediaItems');
  const statesTable = transaction.table<MediaStateRow, MediaStateKey>('mediaStates');
  const tallies = new Map<string, MediaTally>();
  const tallyOf = (corpId: string) => {
    let tally = tallies.get(corpId);
    if (!tally) {
      tally = { corpId, pages: 0, total: 0, backfilled: false };
      tallies.set(corpId, tally);
    }
    return tally;
  };
  for (const corpId of (await transaction.table('cursors').toCollection().primaryKeys()) as string[])
    tallyOf(corpId);
  // The pages are written sealed (db/sealedTables.ts): with rows to copy, wait for main's data key.
  const keys = (transaction.db as unknown as HasDataKey).dataKey;
  if (keys && (await legacy.count()) > 0) await Dexie.waitFor(keys.ready(), KEY_WAIT_MS);

  let after: [string, string] | undefined;
  for (;;) {
    const range = after === undefined ? legacy.toCollection() : legacy.where(':id').above(after);
    const rows = await range.limit(UPGRADE_CHUNK).toArray();
    if (rows.length === 0) break;
    after = [rows.at(-1)!.corpId, rows.at(-1)!.sdkfileid];
    const byCorp = new Map<string, MediaItemRecord[]>();
    const states: MediaStateRow[] = [];
    for (const row of rows) {
      const { corpId, state, bytes, attempts, verification, failure, sha256, mime, updatedAt, ...item } = row;
      const list = byCorp.get(corpId) ?? [];
      list.push(item);
      byCorp.set(corpId, list);
      if (state !== 'pending') {
        const next: MediaStateRow = { corpId, sdkfileid: row.sdkfileid, state, bytes, attempts, updatedAt };
        if (verification) next.verification = verification;
        if (failure) next.failure = failure;
        if (sha256) next.sha256 = sha256;
        if (mime) next.mime = mime;
        states.push(next);
      }
    }
    const pages: MediaItemPage[] = [];
    for (const [corpId, items] of byCorp) {
      const tally = tallyOf(corpId);
      const written = pagesOf(corpId, tally.pages, items);
      pages.push(...written);
      tally.pages += written.length;
      tally.total += items.length;
    }
    await pagesTable.bulkAdd(pages);
    if (states.length > 0) await statesTable.bulkAdd(states);
  }
  await transaction.table<MediaTally, string>('mediaTally').bulkPut([...tallies.values()]);
}
