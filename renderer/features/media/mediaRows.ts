import Dexie from 'dexie';
import type { Table } from 'dexie';
import type {
  MediaFailureDto,
  MediaKind,
  MediaRequestDto,
  MediaStateDto,
  MediaVerification,
} from '../../../main/contract';
import { ParsedRows, type ArchiveDb, type DerivedIndex, type MessageRow } from '../../db';
import { mediaRefsOf } from '../../../main/common/message';
import { MEDIA_KINDS } from '../../../main/common/media/mediaKinds';
import { assignDefined } from '../../../main/common/object/assignDefined';
import type { MediaItem } from './mediaItems';

/**
 * One row per media item and corp in the `media` store (schema v2: `[corpId+sdkfileid]`,
 * `[corpId+msgid]`, `[corpId+state]`, `sha256`). Created `pending` by the derived index inside the
 * messages' own transaction; main's `media-state` events move it on. The bytes live in main.
 */
export type MediaRowState = 'pending' | 'queued' | 'downloading' | 'done' | 'failed';

/** The item as the message describes it (mediaItems.ts), and its download state. */
export interface MediaRow extends MediaItem {
  corpId: string;
  /** The first message seen carrying it (the same file may be forwarded again). */
  msgid: string;
  msgtime?: number;
  /** That message's chat (db/convId.ts) and sender, for the Media screen's captions and filters. */
  convId?: string;
  from?: string;
  state: MediaRowState;
  bytes: number;
  attempts: number;
  verification?: MediaVerification;
  failure?: MediaFailureDto;
  sha256?: string;
  mime?: string;
  updatedAt: number;
}

export type MediaKey = [corpId: string, sdkfileid: string];

export function mediaTable(db: ArchiveDb): Table<MediaRow, MediaKey> {
  return db.table<MediaRow, MediaKey>('media');
}

export function rowOfItem(
  corpId: string,
  msgid: string,
  item: MediaItem,
  msgtime?: number,
  origin: { convId?: string | undefined; from?: string | undefined } = {},
): MediaRow {
  const { path, ...rest } = item;
  return {
    corpId,
    msgid,
    ...rest,
    path,
    ...(msgtime === undefined ? {} : { msgtime }),
    ...(origin.convId === undefined ? {} : { convId: origin.convId }),
    ...(origin.from === undefined ? {} : { from: origin.from }),
    state: 'pending',
    bytes: 0,
    attempts: 0,
    updatedAt: Date.now(),
  };
}

/** A media item's optional fields, kept on its row when the message stated them. */
const ITEM_DETAILS = ['fileName', 'fileExt', 'playLength', 'width', 'height'] as const;

export function itemOfRow(row: MediaRow): MediaItem {
  const { sdkfileid, kind, md5sum, size, path } = row;
  return assignDefined<MediaItem, MediaRow>({ sdkfileid, kind, md5sum, size, path }, row, ITEM_DETAILS);
}

export function requestOf(msgid: string, item: MediaItem): MediaRequestDto {
  return { sdkfileid: item.sdkfileid, msgid, kind: item.kind, md5sum: item.md5sum, size: item.size };
}

/**
 * Adds rows for items not seen before; never touches the download state of existing ones. Rows
 * stored before they carried their chat and sender get them (and nothing else) from their message.
 */
async function addRows(db: ArchiveDb, rows: MediaRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const table = mediaTable(db);
  const unique = [...new Map(rows.map((row) => [`${row.corpId}\n${row.sdkfileid}`, row])).values()];
  const existing = await table.bulkGet(unique.map((row): MediaKey => [row.corpId, row.sdkfileid]));
  const fresh = unique.filter((_, index) => existing[index] === undefined);
  const enriched: MediaRow[] = [];
  unique.forEach((row, index) => {
    const old = existing[index];
    if (!old || old.convId !== undefined || row.convId === undefined || old.msgid !== row.msgid) return;
    const next: MediaRow = { ...old, convId: row.convId };
    if (row.from !== undefined) next.from = row.from;
    if (old.msgtime === undefined && row.msgtime !== undefined) next.msgtime = row.msgtime;
    enriched.push(next);
  });
  if (fresh.length > 0) await table.bulkAdd(fresh);
  if (enriched.length > 0) await table.bulkPut(enriched);
  return fresh.length;
}

function rowsOfMessages(messages: readonly MessageRow[], parsed = new ParsedRows()): MediaRow[] {
  return messages.flatMap((message) =>
    (message.raw ? mediaRefsOf(parsed.message(message)) : []).map((item) =>
      rowOfItem(message.corpId, message.msgid, item, message.msgtime, {
        convId: message.convId,
        from: message.from,
      }),
    ),
  );
}

/**
 * The derived index: media rows join the transaction that writes their messages. The app's
 * composition root gives it to the ArchiveDb.
 */
export const mediaDerivedIndex: DerivedIndex = {
  name: 'media',
  tables: (db) => [mediaTable(db)],
  apply: async (db, rows, _previous, parsed) => {
    await addRows(db, rowsOfMessages(rows, parsed));
  },
};

/** Message types that carry media: the media kinds themselves, and the two that nest them. */
const MEDIA_MSGTYPES = [...MEDIA_KINDS, 'mixed', 'chatrecord'];

/**
 * Rows for messages stored before the media index existed (or by an older version): one pass over
 * the corp's media-bearing message types. Returns how many rows were added.
 */
export async function backfillMediaRows(db: ArchiveDb, corpId: string): Promise<number> {
  let added = 0;
  for (const msgtype of MEDIA_MSGTYPES) {
    const messages = await db.messages.where('[corpId+msgtype]').equals([corpId, msgtype]).toArray();
    for (let i = 0; i < messages.length; i += 500) {
      const slice = messages.slice(i, i + 500);
      added += await db.transaction('rw', mediaTable(db), () => addRows(db, rowsOfMessages(slice)));
    }
  }
  return added;
}

function rowStateOf(state: MediaStateDto['state']): MediaRowState {
  return state === 'absent' ? 'pending' : state;
}

/** Stores what main reported; rows the renderer does not know (another profile) are skipped. */
export async function applyMediaStates(
  db: ArchiveDb,
  corpId: string,
  states: readonly MediaStateDto[],
): Promise<void> {
  if (states.length === 0) return;
  const table = mediaTable(db);
  await db.transaction('rw', table, async () => {
    const rows = await table.bulkGet(states.map((state): MediaKey => [corpId, state.sdkfileid]));
    const updated: MediaRow[] = [];
    states.forEach((state, index) => {
      const row = rows[index];
      if (!row) return;
      // A late progress event must not undo a finished download.
      if (row.state === 'done' && state.state !== 'done' && state.state !== 'failed') return;
      const next: MediaRow = {
        ...row,
        state: rowStateOf(state.state),
        bytes: state.bytes,
        attempts: state.attempts,
        updatedAt: Date.now(),
      };
      delete next.verification;
      delete next.failure;
      if (state.verification) next.verification = state.verification;
      if (state.failure) next.failure = state.failure;
      if (state.sha256) next.sha256 = state.sha256;
      if (state.mime) next.mime = state.mime;
      updated.push(next);
    });
    if (updated.length > 0) await table.bulkPut(updated);
  });
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
  const table = mediaTable(db);
  const countOf = (state: MediaRowState) => table.where('[corpId+state]').equals([corpId, state]).count();
  const [pending, queued, downloading, done, failed] = await Promise.all([
    countOf('pending'),
    countOf('queued'),
    countOf('downloading'),
    countOf('done'),
    countOf('failed'),
  ]);
  return {
    total: pending + queued + downloading + done + failed,
    pending,
    queued,
    downloading,
    done,
    failed,
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

export function matchesMediaFilter(row: MediaRow, filter: MediaFilter): boolean {
  if (filter.kind !== 'all' && row.kind !== filter.kind) return false;
  if (filter.convId !== null && row.convId !== filter.convId) return false;
  if (filter.from !== null && row.from !== filter.from) return false;
  if (filter.since !== null && (row.msgtime === undefined || row.msgtime < filter.since)) return false;
  if (filter.until !== null && (row.msgtime === undefined || row.msgtime > filter.until)) return false;
  return true;
}

/**
 * A page of the corp's media rows that match the filter, newest message first (rows without a
 * time last). The corp's rows are read and ordered in memory: the media store has no time index
 * (a later schema version may add `[corpId+msgtime]`).
 */
export async function mediaPage(
  db: ArchiveDb,
  corpId: string,
  filter: MediaFilter,
  offset: number,
  limit: number,
): Promise<{ rows: MediaRow[]; total: number }> {
  const all = await mediaTable(db)
    .where('[corpId+sdkfileid]')
    .between([corpId, Dexie.minKey], [corpId, Dexie.maxKey])
    .toArray();
  const matching = all
    .filter((row) => matchesMediaFilter(row, filter))
    .sort(
      (a, b) => (b.msgtime ?? -Infinity) - (a.msgtime ?? -Infinity) || a.sdkfileid.localeCompare(b.sdkfileid),
    );
  return { rows: matching.slice(offset, offset + limit), total: matching.length };
}

/** Rows still to download for download-all: pending, and failed ones that may succeed on retry. */
export async function rowsToDownload(db: ArchiveDb, corpId: string): Promise<MediaRow[]> {
  const table = mediaTable(db);
  // queued/downloading rows may be left from a previous run of the app; main skips what it has.
  const [pending, queued, downloading, failed] = await Promise.all(
    (['pending', 'queued', 'downloading', 'failed'] as const).map((state) =>
      table.where('[corpId+state]').equals([corpId, state]).toArray(),
    ),
  );
  return [
    ...(pending ?? []),
    ...(queued ?? []),
    ...(downloading ?? []),
    ...(failed ?? []).filter((row) => !row.failure?.permanent),
  ];
}
