import Dexie from 'dexie';
import type { MediaKind, MediaRequestDto, MediaStateDto } from '../../../main/contract';
import {
  appendItems,
  corpItems,
  corpPages,
  mediaItemPages,
  mediaItemTables,
  mediaStates,
  mediaTallies,
  ParsedRows,
  readTally,
  stateCounts,
  storedFileKeys,
  type ArchiveDb,
  type DerivedIndex,
  type MediaItemPage,
  type MediaItemRecord,
  type MediaRow,
  type MediaRowState,
  type MediaStateRow,
  type MessageRow,
} from '../../db';
import { mediaRefsOf } from '../../../main/common/message';
import { MEDIA_KINDS } from '../../../main/common/media/mediaKinds';
import { assignDefined } from '../../../main/common/object/assignDefined';
import type { MediaItem } from './mediaItems';

/**
 * The Media screen's and the cards' view of the media store (db/mediaStore.ts, schema v16): items
 * are stored once, in page records written with their messages; the download state only for the
 * items main has reported on (an item without one is pending). main's `media-state` events move it on.
 * The bytes live in main.
 */
export type { MediaRow, MediaRowState, MediaStateRow } from '../../db';

/** The stored record of an item first seen in message `msgid`. */
export function recordOfItem(
  msgid: string,
  item: MediaItem,
  msgtime?: number,
  origin: { convId?: string | undefined; from?: string | undefined } = {},
): MediaItemRecord {
  return {
    msgid,
    ...item,
    ...(msgtime === undefined ? {} : { msgtime }),
    ...(origin.convId === undefined ? {} : { convId: origin.convId }),
    ...(origin.from === undefined ? {} : { from: origin.from }),
  };
}

/** An item and its state row, or pending without one. */
export function rowOf(corpId: string, item: MediaItemRecord, state: MediaStateRow | undefined): MediaRow {
  if (!state) return { corpId, ...item, state: 'pending', bytes: 0, attempts: 0, updatedAt: 0 };
  const { corpId: _corpId, sdkfileid: _sdkfileid, ...rest } = state;
  return { corpId, ...item, ...rest };
}

/** A media item's optional fields, kept on its row when the message stated them. */
const ITEM_DETAILS = ['fileName', 'fileExt', 'playLength', 'width', 'height'] as const;

export function itemOfRow(row: MediaItemRecord): MediaItem {
  const { sdkfileid, kind, md5sum, size, path } = row;
  return assignDefined<MediaItem, MediaItemRecord>(
    { sdkfileid, kind, md5sum, size, path },
    row,
    ITEM_DETAILS,
  );
}

export function requestOf(msgid: string, item: MediaItem): MediaRequestDto {
  return { sdkfileid: item.sdkfileid, msgid, kind: item.kind, md5sum: item.md5sum, size: item.size };
}

/**
 * Stores the items not seen before, in one page record after the corp's last (db/mediaStore.ts); never
 * touches the download state. Items of several corps are appended corp by corp. Answers how many
 * were added.
 */
async function addItems(
  db: ArchiveDb,
  items: readonly { corpId: string; item: MediaItemRecord }[],
): Promise<number> {
  if (items.length === 0) return 0;
  const byCorp = new Map<string, Map<string, MediaItemRecord>>();
  for (const { corpId, item } of items) {
    const corp = byCorp.get(corpId) ?? new Map<string, MediaItemRecord>();
    if (!corp.has(item.sdkfileid)) corp.set(item.sdkfileid, item);
    byCorp.set(corpId, corp);
  }
  let added = 0;
  for (const [corpId, corp] of byCorp) {
    const candidates = [...corp.values()];
    const stored = await storedFileKeys(
      db,
      corpId,
      candidates.map((item) => item.sdkfileid),
    );
    const fresh = candidates.filter((_, index) => !stored[index]);
    await appendItems(db, corpId, fresh);
    added += fresh.length;
  }
  return added;
}

function itemsOfMessages(
  messages: readonly MessageRow[],
  parsed = new ParsedRows(),
): { corpId: string; item: MediaItemRecord }[] {
  return messages.flatMap((message) =>
    (message.raw ? mediaRefsOf(parsed.message(message)) : []).map((item) => ({
      corpId: message.corpId,
      item: recordOfItem(message.msgid, item, message.msgtime, {
        convId: message.convId,
        from: message.from,
      }),
    })),
  );
}

/**
 * The derived index: media items join the transaction that writes their messages. The app's
 * composition root gives it to the ArchiveDb.
 */
export const mediaDerivedIndex: DerivedIndex = {
  name: 'media',
  tables: (db) => mediaItemTables(db),
  apply: async (db, rows, _previous, parsed) => {
    await addItems(db, itemsOfMessages(rows, parsed));
  },
};

/** Message types that carry media: the media kinds themselves, and the two that nest them. */
const MEDIA_MSGTYPES = [...MEDIA_KINDS, 'mixed', 'chatrecord'];

/** Messages read per step of a backfill. */
const BACKFILL_CHUNK = 500;

/**
 * Once per corp (its tally says when it is done): items for messages stored before media rows
 * existed, and the chat and sender for items stored before they carried them (nothing else of theirs
 * changes). One pass over the corp's media-bearing message types. Returns how many items were added.
 */
export async function backfillMediaRows(db: ArchiveDb, corpId: string): Promise<number> {
  if ((await mediaTallies(db).get(corpId))?.backfilled) return 0;
  // Items stored before they named their chat, by message and file, with the page that holds them.
  const unnamed = new Map<string, MediaItemPage>();
  for (const page of await corpPages(db, corpId))
    for (const item of page.items) if (item.convId === undefined) unnamed.set(originKey(item), page);
  let added = 0;
  for (const msgtype of MEDIA_MSGTYPES) {
    const messages = await db.messages.where('[corpId+msgtype]').equals([corpId, msgtype]).toArray();
    for (let i = 0; i < messages.length; i += BACKFILL_CHUNK) {
      const found = itemsOfMessages(messages.slice(i, i + BACKFILL_CHUNK));
      added += await db.transaction('rw', mediaItemTables(db), async () => {
        await nameOrigins(db, unnamed, found);
        return addItems(db, found);
      });
    }
  }
  await db.transaction('rw', mediaTallies(db), async () => {
    await mediaTallies(db).put({ ...(await readTally(db, corpId)), backfilled: true });
  });
  return added;
}

const originKey = (item: MediaItemRecord) => `${item.msgid}\n${item.sdkfileid}`;

/** Gives stored items that do not name their chat the chat, sender and (if missing) time of the message that first carried them. */
async function nameOrigins(
  db: ArchiveDb,
  unnamed: Map<string, MediaItemPage>,
  found: readonly { item: MediaItemRecord }[],
): Promise<void> {
  const changed = new Set<MediaItemPage>();
  for (const { item } of found) {
    const key = originKey(item);
    const page = unnamed.get(key);
    if (!page || item.convId === undefined) continue;
    const at = page.items.findIndex((stored) => originKey(stored) === key);
    const stored = page.items[at];
    if (!stored) continue;
    const next: MediaItemRecord = { ...stored, convId: item.convId };
    if (item.from !== undefined) next.from = item.from;
    if (stored.msgtime === undefined && item.msgtime !== undefined) next.msgtime = item.msgtime;
    page.items[at] = next;
    unnamed.delete(key);
    changed.add(page);
  }
  if (changed.size > 0) await mediaItemPages(db).bulkPut([...changed]);
}

function rowStateOf(state: MediaStateDto['state']): MediaRowState {
  return state === 'absent' ? 'pending' : state;
}

/** Stores what main reported; items the renderer does not know (another profile) are skipped. */
export async function applyMediaStates(
  db: ArchiveDb,
  corpId: string,
  states: readonly MediaStateDto[],
): Promise<void> {
  if (states.length === 0) return;
  const table = mediaStates(db);
  await db.transaction('rw', [table, mediaItemPages(db)], async () => {
    const [known, rows] = await Promise.all([
      storedFileKeys(
        db,
        corpId,
        states.map((state) => state.sdkfileid),
      ),
      table.bulkGet(states.map((state): [string, string] => [corpId, state.sdkfileid])),
    ]);
    const updated = new Map<string, MediaStateRow>();
    states.forEach((state, index) => {
      if (!known[index]) return;
      const row = updated.get(state.sdkfileid) ?? rows[index];
      // A late progress event must not undo a finished download.
      if (row?.state === 'done' && state.state !== 'done' && state.state !== 'failed') return;
      const next: MediaStateRow = {
        corpId,
        sdkfileid: state.sdkfileid,
        state: rowStateOf(state.state),
        bytes: state.bytes,
        attempts: state.attempts,
        updatedAt: Date.now(),
      };
      if (state.verification) next.verification = state.verification;
      if (state.failure) next.failure = state.failure;
      const sha256 = state.sha256 ?? row?.sha256;
      if (sha256) next.sha256 = sha256;
      const mime = state.mime ?? row?.mime;
      if (mime) next.mime = mime;
      updated.set(state.sdkfileid, next);
    });
    if (updated.size > 0) await table.bulkPut([...updated.values()]);
  });
}

/** The item's download state, undefined while pending (no state reported). */
export function mediaStateOf(
  db: ArchiveDb,
  corpId: string,
  sdkfileid: string,
): Promise<MediaStateRow | undefined> {
  return mediaStates(db).get([corpId, sdkfileid]);
}

export interface MediaCounts {
  total: number;
  pending: number;
  queued: number;
  downloading: number;
  done: number;
  failed: number;
}

export async function mediaCounts(db: ArchiveDb, corpId: string): Promise<MediaCounts> {
  const counts = await stateCounts(db, corpId);
  return {
    total: counts.pending + counts.queued + counts.downloading + counts.done + counts.failed,
    ...counts,
  };
}

/** What the Media screen shows: one kind, one chat, one sender, a time range (ms, inclusive). */
export interface MediaFilter {
  kind: MediaKind | 'all';
  convId: string | null;
  from: string | null;
  since: number | null;
  until: number | null;
}

export const NO_MEDIA_FILTER: MediaFilter = {
  kind: 'all',
  convId: null,
  from: null,
  since: null,
  until: null,
};

export function matchesMediaFilter(item: MediaItemRecord, filter: MediaFilter): boolean {
  if (filter.kind !== 'all' && item.kind !== filter.kind) return false;
  if (filter.convId !== null && item.convId !== filter.convId) return false;
  if (filter.from !== null && item.from !== filter.from) return false;
  if (filter.since !== null && (item.msgtime === undefined || item.msgtime < filter.since)) return false;
  if (filter.until !== null && (item.msgtime === undefined || item.msgtime > filter.until)) return false;
  return true;
}

/**
 * A page of the corp's media rows that match the filter, newest message first (items without a
 * time last). The corp's items are read (a record per ≤ 256) and ordered in memory; only the page's
 * items have their state read.
 */
export async function mediaPage(
  db: ArchiveDb,
  corpId: string,
  filter: MediaFilter,
  offset: number,
  limit: number,
): Promise<{ rows: MediaRow[]; total: number }> {
  const matching = (await corpItems(db, corpId))
    .filter((item) => matchesMediaFilter(item, filter))
    .sort(
      (a, b) => (b.msgtime ?? -Infinity) - (a.msgtime ?? -Infinity) || a.sdkfileid.localeCompare(b.sdkfileid),
    );
  const shown = matching.slice(offset, offset + limit);
  const states = await mediaStates(db).bulkGet(
    shown.map((item): [string, string] => [corpId, item.sdkfileid]),
  );
  return { rows: shown.map((item, index) => rowOf(corpId, item, states[index])), total: matching.length };
}

/**
 * Items still to download for download-all: pending first, then queued and downloading ones (left
 * from a previous run of the app; main skips what it has), then failed ones that may succeed on retry.
 */
export async function rowsToDownload(db: ArchiveDb, corpId: string): Promise<MediaRow[]> {
  const [items, reported] = await Promise.all([
    corpItems(db, corpId),
    mediaStates(db)
      .where('[corpId+sdkfileid]')
      .between([corpId, Dexie.minKey], [corpId, Dexie.maxKey])
      .toArray(),
  ]);
  const stateOf = new Map(reported.map((row) => [row.sdkfileid, row]));
  const rows = items.map((item) => rowOf(corpId, item, stateOf.get(item.sdkfileid)));
  const inState = (state: MediaRowState) => rows.filter((row) => row.state === state);
  return [
    ...inState('pending'),
    ...inState('queued'),
    ...inState('downloading'),
    ...inState('failed').filter((row) => !row.failure?.permanent),
  ];
}
