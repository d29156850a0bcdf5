import type { ArchiveDb, MessageRow } from '../../db';
import { keyOf, rowsAfter, rowsBefore } from '../reading';

/**
 * Which messages an export holds, read from IndexedDB one page at a time (issue 13: never the whole set
 * in memory). A chat (or a time range of it) is read by key along `[corpId+convId+msgtime]`; a list
 * of messages (a selection, a search result, a case) is read by primary key in chat order, each with
 * `context` messages before and after it from its chat.
 */
export type ExportTarget =
  | { kind: 'conversation'; corpId: string; convId: string; fromMs: number | null; toMs: number | null }
  | { kind: 'messages'; keys: ReadonlyArray<{ corpId: string; msgid: string }> };

export interface ExportRow {
  row: MessageRow;
  /** Sent only as context around an asked message. */
  context: boolean;
}

export const PAGE_SIZE = 100;

/** How many rows the target asks for (context not counted). */
export async function countTarget(db: ArchiveDb, target: ExportTarget): Promise<number> {
  if (target.kind === 'messages') return target.keys.length;
  return db.messages
    .where('[corpId+convId+msgtime]')
    .between(
      [target.corpId, target.convId, target.fromMs ?? -Infinity],
      [target.corpId, target.convId, target.toMs ?? Infinity],
      true,
      true,
    )
    .count();
}

export async function* exportPages(
  db: ArchiveDb,
  target: ExportTarget,
  context: number,
): AsyncGenerator<ExportRow[]> {
  if (target.kind === 'conversation') yield* conversationPages(db, target, context);
  else yield* listPages(db, target.keys, context);
}

async function* conversationPages(
  db: ArchiveDb,
  target: Extract<ExportTarget, { kind: 'conversation' }>,
  context: number,
): AsyncGenerator<ExportRow[]> {
  const { corpId, convId, fromMs, toMs } = target;
  // A key just before the range: ms are integers, and '' sorts before every msgid.
  let boundary = fromMs === null ? null : { msgtime: fromMs - 1, msgid: '\uffff' };
  const first = fromMs === null ? [] : await rowsAfter(db, corpId, convId, boundary, 0, 1);
  if (context > 0 && first[0]) {
    const before = await rowsBefore(db, corpId, convId, keyOf(first[0]), 0, context);
    if (before.length) yield before.map((row) => ({ row, context: true }));
  }
  let last: MessageRow | undefined;
  for (;;) {
    const rows = await rowsAfter(db, corpId, convId, boundary, 0, PAGE_SIZE);
    const inRange = toMs === null ? rows : rows.filter((row) => (row.msgtime ?? 0) <= toMs);
    if (inRange.length) yield inRange.map((row) => ({ row, context: false }));
    last = inRange.at(-1) ?? last;
    if (rows.length < PAGE_SIZE || inRange.length < rows.length) break;
    boundary = keyOf(rows.at(-1));
  }
  if (context > 0 && last) {
    const after = await rowsAfter(db, corpId, convId, keyOf(last), 0, context);
    if (after.length) yield after.map((row) => ({ row, context: true }));
  }
}

async function* listPages(
  db: ArchiveDb,
  keys: ReadonlyArray<{ corpId: string; msgid: string }>,
  context: number,
): AsyncGenerator<ExportRow[]> {
  // Chat order: read the asked rows' places first (headers only are kept), then read page by page.
  const places: Array<{ corpId: string; msgid: string; convId: string; msgtime: number }> = [];
  for (let start = 0; start < keys.length; start += PAGE_SIZE) {
    const slice = keys.slice(start, start + PAGE_SIZE);
    const rows = await db.messages.bulkGet(slice.map((key) => [key.corpId, key.msgid] as [string, string]));
    for (const row of rows)
      if (row)
        places.push({
          corpId: row.corpId,
          msgid: row.msgid,
          convId: row.convId ?? '',
          msgtime: row.msgtime ?? 0,
        });
  }
  places.sort(
    (a, b) =>
      compare(a.corpId, b.corpId) ||
      compare(a.convId, b.convId) ||
      a.msgtime - b.msgtime ||
      compare(a.msgid, b.msgid),
  );
  const sent = new Set<string>();
  let page: ExportRow[] = [];
  const push = (row: MessageRow, isContext: boolean) => {
    const key = `${row.corpId}\u0000${row.msgid}`;
    if (sent.has(key)) return;
    sent.add(key);
    page.push({ row, context: isContext });
  };
  for (let start = 0; start < places.length; start += PAGE_SIZE) {
    const slice = places.slice(start, start + PAGE_SIZE);
    const rows = await db.messages.bulkGet(
      slice.map((place) => [place.corpId, place.msgid] as [string, string]),
    );
    for (const row of rows) {
      if (!row) continue;
      const key = keyOf(row);
      const withContext = context > 0 && row.convId !== undefined && key !== null;
      if (withContext)
        for (const before of await rowsBefore(db, row.corpId, row.convId ?? '', key, 0, context))
          push(before, true);
      // An asked row already sent as another row's context is sent as asked: move it.
      const asked = `${row.corpId}\u0000${row.msgid}`;
      if (sent.has(asked)) {
        const earlier = page.find((item) => item.row.corpId === row.corpId && item.row.msgid === row.msgid);
        if (earlier) earlier.context = false;
      } else push(row, false);
      if (withContext)
        for (const after of await rowsAfter(db, row.corpId, row.convId ?? '', key, 0, context))
          push(after, true);
      if (page.length >= PAGE_SIZE) {
        yield page;
        page = [];
      }
    }
  }
  if (page.length) yield page;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
