import Dexie from 'dexie';
import { positionOfDay, readChatDays, type ArchiveDb, type MessageRow } from '../../../db';

/**
 * A chat's messages in `[corpId+convId+msgtime]` order (ties by msgid, the primary key's order), so
 * the timeline can address 100 000 messages by POSITION without loading their keys. Pages are read
 * by KEY: counted from a row already on screen, from either end of the chat, or from the start of a
 * day (the chat's day counts, db/chatDays.ts), so opening, scrolling or jumping never makes IndexedDB
 * walk the chat (an offset of 100 000 costs ~180 ms, of 600 000 several seconds). A date or a msgid
 * becomes a position the same way: the days before it summed, the rest of its day counted.
 */
/** The chat's rows with msgtime from `from` to `to`: each bound included unless open, absent for that end of the chat. */
const range = (
  db: ArchiveDb,
  corpId: string,
  convId: string,
  bounds: { from?: number | undefined; fromOpen?: boolean; to?: number | undefined; toOpen?: boolean } = {},
) =>
  db.messages
    .where('[corpId+convId+msgtime]')
    .between(
      [corpId, convId, bounds.from ?? Dexie.minKey],
      [corpId, convId, bounds.to ?? Dexie.maxKey],
      !bounds.fromOpen,
      !bounds.toOpen,
    );

/** The chat's indexed messages: its day counts summed, or the index counted when it has none stored. */
export async function countMessages(db: ArchiveDb, corpId: string, convId: string): Promise<number> {
  const days = await readChatDays(db, corpId, convId);
  return days ? days.total : range(db, corpId, convId).count();
}

/** A row's place in the chat's order. */
export interface RowKey {
  msgtime: number;
  msgid: string;
}

export const keyOf = (row: MessageRow | undefined): RowKey | null =>
  row?.msgtime === undefined ? null : { msgtime: row.msgtime, msgid: row.msgid };

/** Rows sharing `key`'s msgtime on one side of it, nearest first (IndexedDB orders ties by primary key). */
async function tiesBeside(
  db: ArchiveDb,
  corpId: string,
  convId: string,
  key: RowKey,
  side: 'before' | 'after',
): Promise<MessageRow[]> {
  const ties = await db.messages
    .where('[corpId+convId+msgtime]')
    .equals([corpId, convId, key.msgtime])
    .toArray();
  return side === 'before'
    ? ties.filter((row) => row.msgid < key.msgid).sort((a, b) => (a.msgid < b.msgid ? 1 : -1))
    : ties.filter((row) => row.msgid > key.msgid).sort((a, b) => (a.msgid < b.msgid ? -1 : 1));
}

/** Where a page is read: `limit` rows `skip` rows beyond `boundary` (exclusive; null: the chat's end). */
type PageArgs = [
  db: ArchiveDb,
  corpId: string,
  convId: string,
  boundary: RowKey | null,
  skip: number,
  limit: number,
];

/**
 * `limit` rows `skip` rows beyond `boundary` on `side` (exclusive; null: the chat's far end on that
 * side), oldest first: the boundary's msgtime ties first, then an indexed read away from it.
 */
async function rowsBeside(
  side: 'before' | 'after',
  ...[db, corpId, convId, boundary, skip, limit]: PageArgs
): Promise<MessageRow[]> {
  if (limit <= 0) return [];
  const ties = boundary ? await tiesBeside(db, corpId, convId, boundary, side) : [];
  const nearestFirst = ties.slice(skip, skip + limit);
  const rest = limit - nearestFirst.length;
  if (rest > 0) {
    const before = side === 'before';
    // Beyond the boundary's msgtime (its ties were read above), or from the chat's far end.
    const at = boundary?.msgtime;
    const open = boundary !== null;
    const beyond = range(
      db,
      corpId,
      convId,
      before ? { to: at, toOpen: open } : { from: at, fromOpen: open },
    );
    const rows = await (before ? beyond.reverse() : beyond)
      .offset(Math.max(0, skip - ties.length))
      .limit(rest)
      .toArray();
    nearestFirst.push(...rows);
  }
  return side === 'before' ? nearestFirst.reverse() : nearestFirst;
}

/**
 * `limit` rows that end `skip` rows before `boundary` (exclusive; null: the chat's newest end), oldest
 * first. Opening a chat is `rowsBefore(null, 0, n)`: a reverse read of n index entries.
 */
export const rowsBefore = (...args: PageArgs): Promise<MessageRow[]> => rowsBeside('before', ...args);

/** `limit` rows that start `skip` rows after `boundary` (exclusive; null: the chat's oldest end), oldest first. */
export const rowsAfter = (...args: PageArgs): Promise<MessageRow[]> => rowsBeside('after', ...args);

/**
 * `limit` rows from a time boundary, oldest first: `after`, the rows at or after `ms` with `skip` of
 * them skipped; `before`, the rows before `ms` (null: the chat's end), newest `skip` of them skipped.
 * A day's start is such a boundary (db/chatDays.ts readFrom/readUntil).
 */
export async function rowsFromTime(
  side: 'before' | 'after',
  db: ArchiveDb,
  corpId: string,
  convId: string,
  ms: number | null,
  skip: number,
  limit: number,
): Promise<MessageRow[]> {
  if (limit <= 0) return [];
  if (side === 'after') {
    return range(db, corpId, convId, { from: ms ?? undefined })
      .offset(skip)
      .limit(limit)
      .toArray();
  }
  const rows = await range(db, corpId, convId, { to: ms ?? undefined, toOpen: ms !== null })
    .reverse()
    .offset(skip)
    .limit(limit)
    .toArray();
  return rows.reverse();
}

/** Position of the first message at or after `ms`: the days before its day summed, then its day counted. */
export async function positionOfTime(
  db: ArchiveDb,
  corpId: string,
  convId: string,
  ms: number,
): Promise<number> {
  const days = await readChatDays(db, corpId, convId);
  if (!days) return range(db, corpId, convId, { to: ms, toOpen: true }).count();
  const { dayStartMs, before } = positionOfDay(days, ms);
  if (ms <= dayStartMs) return before;
  const inDay = await range(db, corpId, convId, { from: dayStartMs, to: ms, toOpen: true }).count();
  return before + inDay;
}

/** Position of a message in its chat, or null when it is not stored (or in another chat). */
export async function positionOfMessage(
  db: ArchiveDb,
  corpId: string,
  convId: string,
  msgid: string,
): Promise<number | null> {
  const row = await db.messages.get([corpId, msgid]);
  if (!row || row.convId !== convId || row.msgtime === undefined) return null;
  const before = await positionOfTime(db, corpId, convId, row.msgtime);
  const ties = await db.messages
    .where('[corpId+convId+msgtime]')
    .equals([corpId, convId, row.msgtime])
    .primaryKeys();
  const within = ties.findIndex((key) => key[1] === msgid);
  return before + Math.max(0, within);
}

/**
 * The message a quote refers to (docs/wecom-sdk.md §7: no msgid is given): the latest earlier message of the
 * same chat whose text equals the quoted text — preferring one whose sender carries the quoted
 * name — or, for a quoted "[图片]"-style label, of that type.
 */
export async function findQuotedMessage(
  db: ArchiveDb,
  row: MessageRow,
  quoted: string,
  senderIds: readonly string[],
  textOf: (candidate: MessageRow) => string | null,
  labelType: string | null,
): Promise<MessageRow | null> {
  if (!row.convId || row.msgtime === undefined) return null;
  const candidates = await range(db, row.corpId, row.convId, { to: row.msgtime })
    .reverse()
    .limit(2000)
    .toArray();
  const wanted = quoted.trim();
  let fallback: MessageRow | null = null;
  for (const candidate of candidates) {
    if (candidate.msgid === row.msgid) continue;
    const matches =
      labelType !== null ? candidate.msgtype === labelType : (textOf(candidate)?.trim() ?? null) === wanted;
    if (!matches) continue;
    if (senderIds.length === 0 || (candidate.from !== undefined && senderIds.includes(candidate.from)))
      return candidate;
    fallback ??= candidate;
  }
  return fallback;
}
