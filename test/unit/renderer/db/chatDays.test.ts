import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import type { ArchiveApi, DecryptResultDto, MethodParams } from '../../../../main/contract';
import {
  ArchiveDb,
  buildPendingChatDays,
  commitBatch,
  DAY_MS,
  positionOfDay,
  readChatDays,
  readFrom,
  readUntil,
  redecrypt,
  type ChatDays,
} from '../../../../renderer/db';
import { archiveAtVersion, freshDb, header, missingKeyMessage, okMessage } from '../fixtures';

const CORP = 'corp-a';
const T0 = Date.UTC(2024, 5, 1, 8, 0, 0);

/** The chat's count per day as the messages index holds it (the truth the day counts must mirror). */
async function countedPerDay(db: ArchiveDb, corpId: string, convId: string): Promise<Map<number, number>> {
  const keys = await db.messages
    .where('[corpId+convId+msgtime]')
    .between([corpId, convId, Dexie.minKey], [corpId, convId, Dexie.maxKey])
    .keys();
  const perDay = new Map<number, number>();
  for (const key of keys) {
    const day = Math.floor((key as unknown as [string, string, number])[2] / DAY_MS);
    perDay.set(day, (perDay.get(day) ?? 0) + 1);
  }
  return perDay;
}

async function storedPerDay(db: ArchiveDb, corpId: string, convId: string): Promise<Map<number, number>> {
  const days = await readChatDays(db, corpId, convId);
  const perDay = new Map<number, number>();
  days?.days.forEach((day, index) => perDay.set(day, days.starts[index + 1]! - days.starts[index]!));
  return perDay;
}

/** A text message of `roomid`'s group at `msgtime`. */
const groupMessage = (seq: number, roomid: string, msgtime: number, msgid = `m${seq}`) =>
  okMessage(seq, msgid, { roomid, msgtime, tolist: [] });

describe('the chats’ day counts (db/chatDays.ts)', () => {
  it('mirror the messages index through ingest, redelivery and re-decryption', async () => {
    const db = freshDb();
    // Two group chats over five days, a missing-key message (not indexed until decrypted).
    const first = Array.from({ length: 40 }, (_, i) =>
      groupMessage(i + 1, i % 3 === 0 ? 'wrB' : 'wrA', T0 + Math.floor(i / 8) * DAY_MS + i * 1000),
    );
    await commitBatch(db, CORP, { batchId: 1, cursor: '40', messages: first });
    // A redelivered copy (same msgid) with the same header, and a missing-key message.
    await commitBatch(db, CORP, {
      batchId: 2,
      cursor: '41',
      messages: [first[5]!, missingKeyMessage(41, 2, 'm41')],
    });
    for (const convId of ['g:wrA', 'g:wrB'])
      expect(await storedPerDay(db, CORP, convId)).toEqual(await countedPerDay(db, CORP, convId));
    expect((await readChatDays(db, CORP, 'g:wrA'))?.total).toBe(26);
    expect((await readChatDays(db, CORP, 'g:wrB'))?.total).toBe(14);

    // Re-decryption puts the missing-key message into g:wrRoom on a new day.
    const decryptEnvelopes: ArchiveApi['decryptEnvelopes'] = vi.fn(
      async ({ envelopes }: MethodParams<'decryptEnvelopes'>) => ({
        ok: true as const,
        value: envelopes.map((envelope): DecryptResultDto => ({
          msgid: envelope.msgid,
          status: 'ok',
          raw: '{}',
          header: header({ roomid: 'wrRoom', msgtime: T0 + 9 * DAY_MS }),
        })),
      }),
    );
    await redecrypt(db, { decryptEnvelopes }, { corpId: CORP, publickeyVer: 2 });
    expect(await storedPerDay(db, CORP, 'g:wrRoom')).toEqual(
      new Map([[Math.floor((T0 + 9 * DAY_MS) / DAY_MS), 1]]),
    );
    // Another corp's chat of the same id is counted apart.
    await commitBatch(db, 'corp-b', { batchId: 3, cursor: '1', messages: [groupMessage(1, 'wrA', T0)] });
    expect((await readChatDays(db, 'corp-b', 'g:wrA'))?.total).toBe(1);
    expect((await readChatDays(db, CORP, 'g:wrA'))?.total).toBe(26);
  });

  it('move a message whose stored copy changes chat or day, and drop a day that empties', async () => {
    const db = freshDb();
    await commitBatch(db, CORP, {
      batchId: 1,
      cursor: '2',
      messages: [groupMessage(1, 'wrA', T0), groupMessage(2, 'wrA', T0 + DAY_MS)],
    });
    // The same msgid delivered again with another msgtime (a day later) and in another room.
    await commitBatch(db, CORP, {
      batchId: 2,
      cursor: '3',
      messages: [groupMessage(1, 'wrA', T0 + 2 * DAY_MS), groupMessage(2, 'wrC', T0 + DAY_MS)],
    });
    expect(await storedPerDay(db, CORP, 'g:wrA')).toEqual(await countedPerDay(db, CORP, 'g:wrA'));
    expect([...(await storedPerDay(db, CORP, 'g:wrA')).keys()]).toEqual([Math.floor(T0 / DAY_MS) + 2]);
    expect(await db.chatDays.count()).toBe(2);
  });

  it('are counted from the stored messages when an archive of an older version is opened', async () => {
    const factory = new IDBFactory();
    const previous = archiveAtVersion(factory, 11);
    const rows = Array.from({ length: 300 }, (_, i) => ({
      corpId: CORP,
      msgid: `m${i}`,
      seq: String(i + 1),
      seqKey: String(i + 1).padStart(20, '0'),
      publickeyVer: 1,
      status: i % 50 === 49 ? 'missing-key' : 'ok',
      ...(i % 50 === 49 ? {} : { convId: i % 2 ? 'g:wrA' : 's:a|b', msgtime: T0 + i * 3 * 3_600_000 }),
      ingestedAt: 0,
    }));
    // And a busy day of twenty messages within a few milliseconds.
    const busyDay = Array.from({ length: 20 }, (_, i) => ({
      ...rows[0]!,
      msgid: `busy${i}`,
      convId: 's:a|b',
      msgtime: T0 + 100 * DAY_MS + i,
    }));
    // Chats whose ids extend another's, and the same chat id in another corp: each listed once.
    const neighbours = [
      { ...rows[1]!, msgid: 'n1', convId: 'g:wrAB' },
      { ...rows[1]!, msgid: 'n2', convId: 'g:wrA\u0000' },
      { ...rows[1]!, msgid: 'n3', corpId: 'corp-z', convId: 'g:wrA' },
    ];
    await previous.table('messages').bulkPut([...rows, ...busyDay, ...neighbours]);
    previous.close();

    const db = new ArchiveDb({ indexedDB: factory, IDBKeyRange });
    // The upgrade lists the chats; until they are counted their days are not trusted.
    expect(await db.chatDaysPending.toArray()).toEqual([
      { corpId: CORP, convId: 'g:wrA' },
      { corpId: CORP, convId: 'g:wrA\u0000' },
      { corpId: CORP, convId: 'g:wrAB' },
      { corpId: CORP, convId: 's:a|b' },
      { corpId: 'corp-z', convId: 'g:wrA' },
    ]);
    expect(await readChatDays(db, CORP, 'g:wrA')).toBeNull();
    // Messages stored meanwhile, into a listed chat and a new one, are counted once.
    await commitBatch(db, CORP, {
      batchId: 1,
      cursor: '400',
      messages: [groupMessage(301, 'wrA', T0 + 5 * DAY_MS), groupMessage(302, 'wrN', T0)],
    });
    expect((await readChatDays(db, CORP, 'g:wrN'))?.total).toBe(1);
    let steps = 0;
    const stored = await buildPendingChatDays(db, {
      daysPerStep: 3,
      afterStep: async () => {
        steps += 1;
        // Between two steps: one message into a day already counted, one into a day not yet counted.
        if (steps === 3)
          await commitBatch(db, CORP, {
            batchId: 2,
            cursor: '402',
            messages: [groupMessage(303, 'wrA', T0), groupMessage(304, 'wrA', T0 + 30 * DAY_MS)],
          });
      },
    });
    expect(stored).toBe(5);
    expect(steps).toBeGreaterThan(10);
    expect(await db.chatDaysPending.count()).toBe(0);
    for (const [corpId, convId] of [
      [CORP, 'g:wrA'],
      [CORP, 's:a|b'],
      [CORP, 'g:wrN'],
      [CORP, 'g:wrAB'],
      [CORP, 'g:wrA\u0000'],
      ['corp-z', 'g:wrA'],
    ] as const) {
      const counted = await countedPerDay(db, corpId, convId);
      expect(counted.size).toBeGreaterThan(0);
      expect(await storedPerDay(db, corpId, convId)).toEqual(counted);
    }
    expect((await countedPerDay(db, CORP, 'g:wrA')).size).toBeGreaterThan(10);
    expect(
      ((await readChatDays(db, CORP, 'g:wrA'))?.total ?? 0) +
        ((await readChatDays(db, CORP, 's:a|b'))?.total ?? 0),
    ).toBe(294 + 20 + 3);
    db.close();
  });
});

describe('positions from day counts', () => {
  // Days 10, 11, 14, 20 holding 3, 1, 5, 2 messages: positions 0-2, 3, 4-8, 9-10.
  const days: ChatDays = { days: [10, 11, 14, 20], starts: [0, 3, 4, 9, 11], total: 11 };
  const dayOfPosition = [10, 10, 10, 11, 14, 14, 14, 14, 14, 20, 20];

  it('start a forward read at the day holding the position', () => {
    dayOfPosition.forEach((day, position) => {
      const { fromMs, skip } = readFrom(days, position);
      expect(fromMs).toBe(day * DAY_MS);
      expect(skip).toBe(position - days.starts[days.days.indexOf(day)]!);
    });
  });

  it('end a backward read at the next day start, or the chat end', () => {
    for (let end = 1; end <= days.total; end++) {
      const { beforeMs, skip } = readUntil(days, end);
      // The boundary is the first day starting at or after `end`; skip counts the rows between.
      const next = days.starts.findIndex((start, index) => index < days.days.length && start >= end);
      if (next === -1) expect({ beforeMs, skip }).toEqual({ beforeMs: null, skip: days.total - end });
      else
        expect({ beforeMs, skip }).toEqual({
          beforeMs: days.days[next]! * DAY_MS,
          skip: days.starts[next]! - end,
        });
    }
  });

  it('count the days before a time', () => {
    expect(positionOfDay(days, 9 * DAY_MS)).toEqual({ dayStartMs: 9 * DAY_MS, before: 0 });
    expect(positionOfDay(days, 10 * DAY_MS + 5)).toEqual({ dayStartMs: 10 * DAY_MS, before: 0 });
    expect(positionOfDay(days, 12 * DAY_MS)).toEqual({ dayStartMs: 12 * DAY_MS, before: 4 });
    expect(positionOfDay(days, 14 * DAY_MS + 1)).toEqual({ dayStartMs: 14 * DAY_MS, before: 4 });
    expect(positionOfDay(days, 30 * DAY_MS)).toEqual({ dayStartMs: 30 * DAY_MS, before: 11 });
  });
});
