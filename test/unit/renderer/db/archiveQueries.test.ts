import { describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import {
  ArchiveDb,
  archivedCorpIds,
  commitBatch,
  corpOverview,
  messagesPage,
  statusCounts,
} from '../../../../renderer/db';
import { conversationDerivedIndex } from '../../../../renderer/features/reading/conversations/conversationIndex';
import { freshDb, missingKeyMessage, okMessage, storedArchive } from '../fixtures';

describe('archive queries', () => {
  it('counts by status and by missing key version', async () => {
    const db = await storedArchive('corp-a', '6', [
      okMessage(1),
      okMessage(2),
      missingKeyMessage(3, 2),
      missingKeyMessage(4, 2),
      missingKeyMessage(5, 4),
      { ...missingKeyMessage(6, 1), status: 'decrypt-failed' },
    ]);
    await commitBatch(db, 'corp-b', { batchId: 1, cursor: '1', messages: [okMessage(1)] });
    expect(await statusCounts(db, 'corp-a')).toEqual({
      total: 6,
      ok: 2,
      decryptFailed: 1,
      missingKey: [
        { version: 2, count: 2 },
        { version: 4, count: 1 },
      ],
    });
  });

  it('summarises conversations, types, seq and time range', async () => {
    // Chats and their time range come from the conversation summaries, which the app always keeps.
    const db = new ArchiveDb({
      indexedDB: new IDBFactory(),
      IDBKeyRange,
      derived: [conversationDerivedIndex],
    });
    await commitBatch(db, 'corp-a', {
      batchId: 1,
      cursor: '9007199254740993',
      messages: [
        okMessage('5', 'a', { roomid: 'wr1', msgtime: 2_000 }),
        okMessage('6', 'b', { roomid: 'wr1', msgtype: 'image', msgtime: 3_000 }),
        okMessage('9007199254740993', 'c', { from: 'x', tolist: ['y'], msgtime: 1_000 }),
        // msgtime 0 is "unknown": never the oldest.
        okMessage('8', 'd', { roomid: 'wr2', msgtime: 0 }),
        missingKeyMessage('7'),
      ],
    });
    // Another corp's older and newer messages are not this corp's range.
    await commitBatch(db, 'corp-b', {
      batchId: 1,
      cursor: '2',
      messages: [okMessage('1', 'e', { msgtime: 10 }), okMessage('2', 'f', { msgtime: 9_000 })],
    });
    const overview = await corpOverview(db, 'corp-a');
    expect(overview).toEqual({
      conversations: 3,
      byMsgtype: [
        { msgtype: 'text', count: 3 },
        { msgtype: 'image', count: 1 },
      ],
      firstSeq: '5',
      lastSeq: '9007199254740993',
      firstMsgtime: 1_000,
      lastMsgtime: 3_000,
    });
  });

  it('pages newest first by keyset, both ways', async () => {
    const db = await storedArchive(
      'corp-a',
      '25',
      Array.from({ length: 25 }, (_, i) => okMessage(i + 1)),
    );
    const newest = await messagesPage(db, 'corp-a', {}, 10);
    expect(newest.rows.map((r) => r.seq)).toEqual([
      '25',
      '24',
      '23',
      '22',
      '21',
      '20',
      '19',
      '18',
      '17',
      '16',
    ]);
    expect(newest).toMatchObject({ hasOlder: true, hasNewer: false });

    const older = await messagesPage(db, 'corp-a', { before: newest.rows.at(-1)?.seqKey ?? '' }, 10);
    expect(older.rows.map((r) => r.seq)[0]).toBe('15');
    const oldest = await messagesPage(db, 'corp-a', { before: older.rows.at(-1)?.seqKey ?? '' }, 10);
    expect(oldest.rows.map((r) => r.seq)).toEqual(['5', '4', '3', '2', '1']);
    expect(oldest.hasOlder).toBe(false);

    const back = await messagesPage(db, 'corp-a', { after: oldest.rows[0]?.seqKey ?? '' }, 10);
    expect(back.rows.map((r) => r.seq)).toEqual(['15', '14', '13', '12', '11', '10', '9', '8', '7', '6']);
    expect(back.hasNewer).toBe(true);
  });

  it('lists corps with archived data', async () => {
    const db = freshDb();
    await commitBatch(db, 'corp-b', { batchId: 1, cursor: '1', messages: [okMessage(1)] });
    await commitBatch(db, 'corp-a', { batchId: 1, cursor: '1', messages: [] });
    expect(await archivedCorpIds(db)).toEqual(['corp-a', 'corp-b']);
  });
});
