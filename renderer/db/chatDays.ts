import Dexie from 'dexie';
import type { Table, Transaction } from 'dexie';
import type { ArchiveDb } from './archiveDb';
import type { DerivedIndex } from './derived';
import type { MessageRow } from './rows';

/**
 * How many messages each chat holds on each day: a position index over the `[corpId+convId+msgtime]`
 * index, so that "the 600,000th message of this chat" is a day and a short offset inside it instead of
 * 600,000 index entries skipped (Chromium walks ~8 µs per entry, docs/platform-facts.md §5.2: a scrollbar
 * jump into a million-message chat took 3–15 s; docs/ARCHITECTURE.md §9.2). One row per corp, chat and
 * UTC day of msgtime.
 *
 * It mirrors that index exactly — a row counts here if and only if the index holds it (a string convId
 * and a numeric msgtime, whatever its status) — and is written in the messages' own transactions (it
 * runs first among the derived indexes, for every ArchiveDb), so the counts never disagree with the rows
 * they count. A chat stored before it existed is listed in `chatDaysPending` by the schema upgrade and
 * counted in the background (buildPendingChatDays); until then readChatDays answers null and the
 * timeline skips index entries as it did before.
 */
export interface ChatDayRow {
  corpId: string;
  convId: string;
  /** floor(msgtime / DAY_MS): the UTC day. */
  day: number;
  count: number;
}

/** A chat whose messages were stored before the day counts existed, not counted yet. */
export interface ChatDaysPendingRow {
  corpId: string;
  convId: string;
}

declare module './archiveDb' {
  interface ArchiveDb {
    chatDays: Table<ChatDayRow, [string, string, number]>;
    chatDaysPending: Table<ChatDaysPendingRow, [string, string]>;
  }
}

export const DAY_MS = 86_400_000;
export const dayOf = (msgtime: number): number => Math.floor(msgtime / DAY_MS);

type Indexed = MessageRow & { convId: string; msgtime: number };

/** Whether the `[corpId+convId+msgtime]` index holds the row (each part a valid IndexedDB key). */
const isIndexed = (row: MessageRow | undefined): row is Indexed =>
  row !== undefined &&
  typeof row.corpId === 'string' &&
  typeof row.convId === 'string' &&
  typeof row.msgtime === 'number' &&
  !Number.isNaN(row.msgtime);

interface Delta {
  key: [string, string, number];
  delta: number;
}

function addDelta(deltas: Map<string, Delta>, corpId: string, convId: string, day: number, delta: number) {
  const id = `${corpId}\u0000${convId}\u0000${day}`;
  const entry = deltas.get(id);
  if (entry) entry.delta += delta;
  else deltas.set(id, { key: [corpId, convId, day], delta });
}

/** Applies count changes to the stored rows (a count that reaches 0 removes its row). */
async function applyDeltas(table: Table<ChatDayRow, [string, string, number]>, deltas: Map<string, Delta>) {
  const changed = [...deltas.values()].filter((entry) => entry.delta !== 0);
  if (changed.length === 0) return;
  const stored = await table.bulkGet(changed.map((entry) => entry.key));
  const puts: ChatDayRow[] = [];
  const deletes: Array<[string, string, number]> = [];
  changed.forEach(({ key, delta }, index) => {
    const count = (stored[index]?.count ?? 0) + delta;
    if (count > 0) puts.push({ corpId: key[0], convId: key[1], day: key[2], count });
    else deletes.push(key);
  });
  if (puts.length > 0) await table.bulkPut(puts);
  if (deletes.length > 0) await table.bulkDelete(deletes);
}

/** The derived index every ArchiveDb keeps (archiveDb.ts puts it before the app's own). */
export const chatDaysDerivedIndex: DerivedIndex = {
  name: 'db.chatDays',
  tables: (db) => [db.chatDays],
  async apply(db, rows, previous) {
    const deltas = new Map<string, Delta>();
    rows.forEach((row, index) => {
      const before = previous[index];
      if (isIndexed(before)) addDelta(deltas, before.corpId, before.convId, dayOf(before.msgtime), -1);
      if (isIndexed(row)) addDelta(deltas, row.corpId, row.convId, dayOf(row.msgtime), 1);
    });
    await applyDeltas(db.chatDays, deltas);
  },
};

/**
 * Lists every chat that has messages as not counted: the distinct [corpId, convId] prefixes of the
 * `[corpId+convId+msgtime]` index (the one these counts mirror), each found by one seek to the smallest
 * key after the previous chat (its convId + U+0000, a closed bound: an open bound, like a `nextunique`
 * cursor or uniqueKeys(), steps over every entry of the chat in Chromium — about 9 s per million
 * messages).
 */
async function listEveryChat(messages: Table, pending: Table): Promise<void> {
  const chats: ChatDaysPendingRow[] = [];
  let from: [string, string] | typeof Dexie.minKey = Dexie.minKey;
  for (;;) {
    const next = (await messages
      .where('[corpId+convId+msgtime]')
      .aboveOrEqual(from)
      .limit(1)
      .keys()) as unknown as Array<[string, string, number]>;
    const key = next[0];
    if (!key) break;
    chats.push({ corpId: key[0], convId: key[1] });
    from = [key[0], `${key[1]}\u0000`];
  }
  await pending.bulkPut(chats);
}

/**
 * Schema upgrade: lists the chats already stored for buildPendingChatDays. Counting them here would
 * hold the upgrade — and the app's first screen — for ~25 s per million messages.
 */
export async function listChatsToCount(transaction: Transaction): Promise<void> {
  await listEveryChat(transaction.table('messages'), transaction.table('chatDaysPending'));
}

/**
 * After rows were written around the derived indexes (a restore writes every table as backed up, and a
 * backup taken during a pull is not one snapshot): every chat is counted again, in the background.
 */
export async function recountEveryChat(db: ArchiveDb): Promise<void> {
  await db.transaction('rw', [db.messages, db.chatDays, db.chatDaysPending], async () => {
    await db.chatDays.clear();
    await listEveryChat(db.messages, db.chatDaysPending);
  });
}

/** Days counted per transaction of the background count: short, so pulls and reading never wait long. */
const DAYS_PER_STEP = 64;
/** …or fewer, once this many messages were counted in it. */
const MESSAGES_PER_STEP = 50_000;

/**
 * Counts the chats the upgrade listed, one at a time, day by day: a seek to the chat's next message
 * gives its day, IndexedDB counts that day's range (without reading a row: ~8 µs per message in
 * Chromium, against ~45 µs walking the keys from the page), and the count REPLACES the day's row (the
 * derived index may have added to it since the upgrade). A day is counted whole inside one
 * transaction, so its count is exact; the days after it keep receiving the derived index's changes
 * until their step replaces them. The last step removes the chat from the list in the same
 * transaction. Resolves with the number of chats counted.
 */
export async function buildPendingChatDays(
  db: ArchiveDb,
  options: { daysPerStep?: number; afterStep?: () => Promise<void> } = {},
): Promise<number> {
  let built = 0;
  for (;;) {
    const next = await db.chatDaysPending.toCollection().first();
    if (!next) return built;
    await countChat(db, next.corpId, next.convId, options.daysPerStep ?? DAYS_PER_STEP, options.afterStep);
    built += 1;
  }
}

async function countChat(
  db: ArchiveDb,
  corpId: string,
  convId: string,
  daysPerStep: number,
  afterStep?: () => Promise<void>,
): Promise<void> {
  const index = () => db.messages.where('[corpId+convId+msgtime]');
  /** The first day not counted yet (null: the chat's beginning). */
  let fromDay: number | null = null;
  for (;;) {
    const done = await db.transaction('rw', [db.messages, db.chatDays, db.chatDaysPending], async () => {
      const startDay = fromDay;
      const rows: ChatDayRow[] = [];
      let counted = 0;
      let finished = false;
      while (rows.length < daysPerStep && counted < MESSAGES_PER_STEP) {
        const lower = fromDay === null ? Dexie.minKey : fromDay * DAY_MS;
        const next = (await index()
          .between([corpId, convId, lower], [corpId, convId, Dexie.maxKey], true, true)
          .limit(1)
          .keys()) as unknown as Array<[string, string, number]>;
        const key = next[0];
        if (!key) {
          finished = true;
          break;
        }
        const day = dayOf(key[2]);
        const count = await index()
          .between([corpId, convId, day * DAY_MS], [corpId, convId, (day + 1) * DAY_MS], true, false)
          .count();
        rows.push({ corpId, convId, day, count });
        counted += count;
        fromDay = day + 1;
      }
      // The rows of the days this step walked, replaced by its counts (a day without messages has none).
      await db.chatDays
        .where('[corpId+convId+day]')
        .between(
          [corpId, convId, startDay ?? Dexie.minKey],
          [corpId, convId, finished ? Dexie.maxKey : (fromDay ?? Dexie.minKey)],
          true,
          finished,
        )
        .delete();
      await db.chatDays.bulkPut(rows);
      if (finished) await db.chatDaysPending.delete([corpId, convId]);
      return finished;
    });
    if (done) return;
    await afterStep?.();
  }
}

/** One chat's days in order, with the position of each day's first message. */
export interface ChatDays {
  days: readonly number[];
  /** starts[i]: the position of day i's first message; starts[days.length] = total. */
  starts: readonly number[];
  total: number;
}

/**
 * The chat's days, or null when there are none to trust: an empty chat, a chat not counted yet
 * (buildPendingChatDays), or rows written around the derived indexes (tests).
 */
export async function readChatDays(db: ArchiveDb, corpId: string, convId: string): Promise<ChatDays | null> {
  const [pending, rows] = await Promise.all([
    db.chatDaysPending.get([corpId, convId]),
    db.chatDays
      .where('[corpId+convId+day]')
      .between([corpId, convId, Dexie.minKey], [corpId, convId, Dexie.maxKey])
      .toArray(),
  ]);
  if (pending || rows.length === 0) return null;
  const starts = [0];
  for (const row of rows) starts.push(starts.at(-1)! + row.count);
  return { days: rows.map((row) => row.day), starts, total: starts.at(-1)! };
}

/** Index of the last day whose first position is ≤ `position` (binary search). */
function dayAt(days: ChatDays, position: number): number {
  let low = 0;
  let high = days.days.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (days.starts[middle]! <= position) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** Where to read so that position `from` comes first: the rows at or after `fromMs`, `skip` of them skipped. */
export function readFrom(days: ChatDays, from: number): { fromMs: number; skip: number } {
  const index = dayAt(days, from);
  return { fromMs: days.days[index]! * DAY_MS, skip: from - days.starts[index]! };
}

/**
 * Where to read so that position `end - 1` comes last: the rows before `beforeMs` (null: the chat's end),
 * newest first, `skip` of them skipped.
 */
export function readUntil(days: ChatDays, end: number): { beforeMs: number | null; skip: number } {
  if (end >= days.total) return { beforeMs: null, skip: days.total - end };
  const index = dayAt(days, end);
  const next = days.starts[index] === end ? index : index + 1;
  if (next >= days.days.length) return { beforeMs: null, skip: days.total - end };
  return { beforeMs: days.days[next]! * DAY_MS, skip: days.starts[next]! - end };
}

/** Messages of the chat before `ms`'s day (the rest of that day is counted by the caller). */
export function positionOfDay(days: ChatDays, ms: number): { dayStartMs: number; before: number } {
  const day = dayOf(ms);
  let low = 0;
  let high = days.days.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (days.days[middle]! < day) low = middle + 1;
    else high = middle;
  }
  return { dayStartMs: day * DAY_MS, before: days.starts[low]! };
}
