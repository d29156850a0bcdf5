import { IDBCursor } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { commitBatch, DAY_MS, type ArchiveDb, type MessageRow } from '../../../../../../renderer/db';
import {
  FAR,
  MessagePageCache,
  OPEN_ROWS,
  PAGE,
} from '../../../../../../renderer/features/reading/timeline/messagePageCache';
import {
  countMessages,
  keyOf,
  positionOfMessage,
  positionOfTime,
  rowsAfter,
  rowsBefore,
} from '../../../../../../renderer/features/reading/timeline/timelineQueries';
import { freshDb, okMessage } from '../../../fixtures';

const CORP = 'corp-1';
const CONV = 's:alice|bob';
const T0 = 1_717_000_000_000;

function row(convId: string, msgid: string, msgtime: number): MessageRow {
  return {
    corpId: CORP,
    msgid,
    seq: '1',
    seqKey: '1'.padStart(20, '0'),
    publickeyVer: 1,
    status: 'ok',
    raw: '{}',
    msgtype: 'text',
    msgtime,
    convId,
    ingestedAt: 0,
  };
}

/**
 * A chat of `n` messages where every fifth msgtime is shared by three messages (ties are ordered by
 * msgid), interleaved with another chat, written out of order. Returns the chat in timeline order.
 */
async function seed(db: ArchiveDb, n: number): Promise<string[]> {
  const rows: MessageRow[] = [];
  for (let i = 0; i < n; i++) {
    const msgtime = T0 + Math.floor(i / 3) * (i % 5 === 0 ? 0 : 1000) + (i % 5 === 0 ? 0 : i);
    rows.push(row(CONV, `m${String((i * 7919) % 100_003).padStart(6, '0')}`, msgtime));
    rows.push(row('s:alice|carol', `o${i}`, T0 + i * 500));
  }
  await db.messages.bulkPut(rows.reverse());
  return rows
    .filter((r) => r.convId === CONV)
    .sort(
      (a, b) => (a.msgtime ?? 0) - (b.msgtime ?? 0) || (a.msgid < b.msgid ? -1 : a.msgid > b.msgid ? 1 : 0),
    )
    .map((r) => r.msgid);
}

const ids = (rows: readonly (MessageRow | undefined)[]) => rows.map((r) => r?.msgid);

describe('keyed timeline reads', () => {
  it('reads before and after any row, across ties, with any skip, in timeline order', async () => {
    const db = freshDb();
    const order = await seed(db, 240);
    const rowsById = new Map((await db.messages.toArray()).map((r) => [r.msgid, r]));
    expect(new Set(order.map((id) => rowsById.get(id)?.msgtime)).size).toBeLessThan(order.length);
    for (const at of [0, 1, 5, 6, 59, 60, 119, 120, 200, 239]) {
      const key = keyOf(rowsById.get(order[at] ?? ''));
      expect(key).not.toBeNull();
      for (const skip of [0, 1, 3, 40]) {
        const before = await rowsBefore(db, CORP, CONV, key, skip, 25);
        const end = Math.max(0, at - skip);
        expect(ids(before), `before ${at} skip ${skip}`).toEqual(order.slice(Math.max(0, end - 25), end));
        const after = await rowsAfter(db, CORP, CONV, key, skip, 25);
        expect(ids(after), `after ${at} skip ${skip}`).toEqual(
          order.slice(at + 1 + skip, at + 1 + skip + 25),
        );
      }
    }
    expect(ids(await rowsBefore(db, CORP, CONV, null, 0, 30))).toEqual(order.slice(-30));
    expect(ids(await rowsBefore(db, CORP, CONV, null, 10, 30))).toEqual(order.slice(-40, -10));
    expect(ids(await rowsAfter(db, CORP, CONV, null, 10, 30))).toEqual(order.slice(10, 40));
    expect(await countMessages(db, CORP, CONV)).toBe(240);
    expect(await positionOfMessage(db, CORP, CONV, order[137] ?? '')).toBe(137);
  });
});

describe('MessagePageCache', () => {
  async function loaded(cache: MessagePageCache, from: number, to: number) {
    cache.request(from, to);
    await cache.idle();
    return Array.from({ length: to - from + 1 }, (_, i) => cache.rowAt(from + i)?.msgid);
  }

  it('opens at the newest rows, scrolls up and down by key, and jumps anywhere', async () => {
    const db = freshDb();
    const n = 7 * PAGE + 17;
    const order = await seed(db, n);
    let landed = 0;
    const cache = new MessagePageCache(db, CORP, CONV, n, () => (landed += 1));
    cache.attach();

    expect(await loaded(cache, n - 12, n - 1)).toEqual(order.slice(n - 12));
    expect(landed).toBeGreaterThan(0);
    // Scrolling up a few rows at a time: every row in the window is the one at that position.
    for (let top = n - 12; top >= 0; top -= 7) {
      const from = Math.max(0, top - 12);
      expect(await loaded(cache, from, top), `up to ${from}`).toEqual(order.slice(from, top + 1));
    }
    // A jump far away (a date, a quote), then scrolling down from there.
    expect(await loaded(cache, 3 * PAGE + 5, 3 * PAGE + 20)).toEqual(
      order.slice(3 * PAGE + 5, 3 * PAGE + 21),
    );
    for (let top = 3 * PAGE; top < n - 12; top += 11)
      expect(await loaded(cache, top, top + 12), `down to ${top}`).toEqual(order.slice(top, top + 13));
  });

  it('jumps into the middle of a chat it has not read yet, from either end', async () => {
    const db = freshDb();
    const n = 12 * PAGE;
    const order = await seed(db, n);
    const cache = new MessagePageCache(db, CORP, CONV, n, () => undefined);
    cache.attach();
    expect(await loaded(cache, 2 * PAGE + 3, 2 * PAGE + 9)).toEqual(order.slice(2 * PAGE + 3, 2 * PAGE + 10));
    expect(await loaded(cache, 7 * PAGE - 4, 7 * PAGE + 4)).toEqual(order.slice(7 * PAGE - 4, 7 * PAGE + 5));
    expect(await loaded(cache, 0, 3)).toEqual(order.slice(0, 4));
    // Skipping from the nearest page already read: backwards from one above, forwards from one below.
    const fresh = new MessagePageCache(db, CORP, CONV, n, () => undefined);
    fresh.attach();
    expect(await loaded(fresh, n - 10, n - 1)).toEqual(order.slice(n - 10));
    expect(await loaded(fresh, 7 * PAGE + 20, 7 * PAGE + 30)).toEqual(
      order.slice(7 * PAGE + 20, 7 * PAGE + 31),
    );
    expect(await loaded(fresh, 0, 3)).toEqual(order.slice(0, 4));
    expect(await loaded(fresh, 3 * PAGE + 30, 3 * PAGE + 35)).toEqual(
      order.slice(3 * PAGE + 30, 3 * PAGE + 36),
    );
  });

  it('opened at the end, reads the newest rows at creation; the first request then reads nothing more', async () => {
    const db = freshDb();
    const n = 5 * PAGE + 7;
    const order = await seed(db, n);
    const reads = vi.spyOn(db.messages, 'where');
    let landed = 0;
    const cache = new MessagePageCache(db, CORP, CONV, n, () => (landed += 1), { openAtEnd: true });
    // Before anyone asks (React has not committed the timeline yet), the read is under way.
    expect(reads).toHaveBeenCalled();
    await cache.idle();
    expect(landed).toBe(1);
    const newest = Array.from({ length: OPEN_ROWS }, (_, i) => cache.rowAt(n - OPEN_ROWS + i)?.msgid);
    expect(newest).toEqual(order.slice(n - OPEN_ROWS));
    // The timeline's first request, for about a screen of the newest rows: already there.
    reads.mockClear();
    cache.attach();
    expect(await loaded(cache, n - 20, n - 1)).toEqual(order.slice(n - 20));
    expect(reads).not.toHaveBeenCalled();
    expect(landed).toBe(1);
    // A cache that does not open at the end reads nothing until asked.
    const idle = new MessagePageCache(db, CORP, CONV, n, () => undefined);
    reads.mockClear();
    await idle.idle();
    expect(idle.rowAt(n - 1)).toBeUndefined();
    expect(reads).not.toHaveBeenCalled();
  });

  it('drops reads that land while detached and resumes the last request when attached again', async () => {
    const db = freshDb();
    const order = await seed(db, 100);
    const cache = new MessagePageCache(db, CORP, CONV, 100, () => undefined);
    cache.attach();
    cache.request(80, 99);
    cache.detach();
    await cache.idle();
    expect(cache.rowAt(99)).toBeUndefined();
    cache.attach();
    await cache.idle();
    expect(cache.rowAt(99)?.msgid).toBe(order[99]);
  });
});

describe('a long chat read through its day counts (db/chatDays.ts)', () => {
  /**
   * `days` days of 2..(2·perDay) messages each (some days empty, several messages on one msgtime),
   * stored through commitBatch so the day counts are kept. Returns the chat in timeline order.
   */
  async function seedDays(db: ArchiveDb, days: number, perDay: number) {
    const messages = [];
    let seq = 0;
    for (let day = 0; day < days; day++) {
      if (day % 7 === 3) continue;
      const size = 2 + ((day * 37) % (2 * perDay));
      for (let i = 0; i < size; i++) {
        seq += 1;
        const msgtime = T0 + day * DAY_MS + Math.floor(i / 2) * 60_000;
        messages.push(okMessage(seq, `d${String((seq * 7919) % 100_003).padStart(6, '0')}`, { msgtime }));
      }
    }
    for (let at = 0; at < messages.length; at += 500)
      await commitBatch(db, CORP, {
        batchId: at + 1,
        cursor: String(at + 500),
        messages: messages.slice(at, at + 500),
      });
    const rows = await db.messages.toArray();
    return rows
      .sort((a, b) => (a.msgtime ?? 0) - (b.msgtime ?? 0) || (a.msgid < b.msgid ? -1 : 1))
      .map((row) => ({ msgid: row.msgid, msgtime: row.msgtime ?? 0 }));
  }

  it('jumps anywhere by skipping at most a day of index entries, and finds times and messages', async () => {
    const db = freshDb();
    const order = await seedDays(db, 60, 40);
    const n = order.length;
    const convId = (await db.messages.toCollection().first())?.convId ?? '';
    expect(await countMessages(db, CORP, convId)).toBe(n);
    const longestDay = 2 * 40 + 1;

    const advance = vi.spyOn(IDBCursor.prototype, 'advance');
    const skipped = () => advance.mock.calls.reduce((sum, [count]) => sum + count, 0);
    try {
      for (const at of [Math.floor(n / 2), 17, n - 300, Math.floor(n / 3), 250, n - 61]) {
        const cache = new MessagePageCache(db, CORP, convId, n, () => undefined);
        cache.attach();
        advance.mockClear();
        cache.request(at, at + 9);
        await cache.idle();
        expect(
          Array.from({ length: 10 }, (_, i) => cache.rowAt(at + i)?.msgid),
          `jump to ${at}`,
        ).toEqual(order.slice(at, at + 10).map((row) => row.msgid));
        // From a day start (or a chat end within FAR): never more than the longest day plus a prefetch.
        expect(skipped(), `entries skipped to reach ${at}`).toBeLessThanOrEqual(
          Math.max(FAR, longestDay + PAGE),
        );
      }

      for (const at of [0, 1, 99, Math.floor(n / 2), n - 1]) {
        advance.mockClear();
        expect(await positionOfMessage(db, CORP, convId, order[at]!.msgid)).toBe(at);
        expect(skipped()).toBe(0);
        const firstAtTime = order.findIndex((row) => row.msgtime >= order[at]!.msgtime);
        expect(await positionOfTime(db, CORP, convId, order[at]!.msgtime)).toBe(firstAtTime);
      }
      // A time between days, before the first and after the last message.
      expect(await positionOfTime(db, CORP, convId, T0 + 3 * DAY_MS + 1)).toBe(
        order.findIndex((row) => row.msgtime >= T0 + 3 * DAY_MS + 1),
      );
      expect(await positionOfTime(db, CORP, convId, T0 - DAY_MS)).toBe(0);
      expect(await positionOfTime(db, CORP, convId, T0 + 90 * DAY_MS)).toBe(n);
    } finally {
      advance.mockRestore();
    }
  });

  it('falls back to skipping from the nearest page when the day counts disagree with its count', async () => {
    const db = freshDb();
    const order = await seedDays(db, 20, 30);
    const convId = (await db.messages.toCollection().first())?.convId ?? '';
    // A cache made for one message fewer than the day counts hold (a pull landed in between).
    const n = order.length - 1;
    const cache = new MessagePageCache(db, CORP, convId, n, () => undefined);
    cache.attach();
    const at = Math.floor(n / 2);
    cache.request(at, at + 4);
    await cache.idle();
    expect(Array.from({ length: 5 }, (_, i) => cache.rowAt(at + i)?.msgid)).toEqual(
      order.slice(at, at + 5).map((row) => row.msgid),
    );
  });
});
