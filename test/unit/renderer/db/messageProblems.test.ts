import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { ArchiveApi, DecryptResultDto, MethodParams } from '../../../../main/contract';
import {
  ArchiveDb,
  commitBatch,
  messageCorpIds,
  redecrypt,
  sampleEnvelope,
  statusCounts,
  type MessageProblemRow,
  type MessageRow,
} from '../../../../renderer/db';
import { schemaVersions } from '../../../../renderer/db/schema';
import { archiveAtVersion, freshDb, header, missingKeyMessage, okMessage } from '../fixtures';

const CORP = 'corp-a';

/** What the table must hold: one row per stored message whose status is not ok, nothing else. */
async function expectMirrorsRows(db: ArchiveDb): Promise<void> {
  const expected = (await db.messages.toArray())
    .filter((row) => row.status !== 'ok')
    .map(({ corpId, msgid, status, publickeyVer }) => ({ corpId, msgid, status, publickeyVer }));
  const stored = await db.messageProblems.toArray();
  const order = (
    a: Pick<MessageProblemRow, 'corpId' | 'msgid'>,
    b: Pick<MessageProblemRow, 'corpId' | 'msgid'>,
  ) => a.corpId.localeCompare(b.corpId) || a.msgid.localeCompare(b.msgid);
  expect(stored.sort(order)).toEqual(expected.sort(order));
}

const decryptVersion2: ArchiveApi['decryptEnvelopes'] = async ({
  envelopes,
}: MethodParams<'decryptEnvelopes'>) => ({
  ok: true as const,
  value: envelopes.map((envelope): DecryptResultDto =>
    envelope.publickeyVer === 2
      ? {
          msgid: envelope.msgid,
          status: 'ok',
          raw: JSON.stringify({ msgid: envelope.msgid, text: { content: 'now readable' } }),
          header: header(),
        }
      : { msgid: envelope.msgid, status: 'decrypt-failed', failure: { stage: 'decrypt', message: 'bad' } },
  ),
});

describe('the undecrypted messages (db/messageProblems.ts)', () => {
  it('holds exactly the stored rows that are not decrypted, through ingest, redelivery and re-decryption', async () => {
    const db = freshDb();
    await commitBatch(db, CORP, {
      batchId: 1,
      cursor: '6',
      messages: [
        okMessage(1),
        missingKeyMessage(2, 2),
        missingKeyMessage(3, 2),
        missingKeyMessage(4, 5),
        { ...missingKeyMessage(5, 1), status: 'sdk-crash', crashCount: 1 },
        { seq: '6', msgid: 'm6', publickeyVer: 1, status: 'malformed-envelope', raw: '{"seq":6' },
      ],
    });
    await commitBatch(db, 'corp-b', { batchId: 1, cursor: '1', messages: [missingKeyMessage(1, 2)] });
    expect(await db.messageProblems.count()).toBe(6);
    await expectMirrorsRows(db);

    // Redelivered: m2 decrypted now (leaves), m4 fails another way (its row changes), m1 decrypted again (no row).
    await commitBatch(db, CORP, {
      batchId: 2,
      cursor: '6',
      messages: [okMessage(2), { ...missingKeyMessage(4, 5), status: 'decrypt-failed' }, okMessage(1)],
    });
    await expectMirrorsRows(db);
    expect(await db.messageProblems.get([CORP, 'm2'])).toBeUndefined();
    expect((await db.messageProblems.get([CORP, 'm4']))?.status).toBe('decrypt-failed');

    // A key for version 2 arrives: m3 decrypts; m4 (version 5) stays failed and m5, which had crashed the
    // SDK, now fails to decrypt; corp-b is not touched.
    const progress = await redecrypt(db, { decryptEnvelopes: decryptVersion2 }, { corpId: CORP });
    expect(progress.succeeded).toBe(1);
    await expectMirrorsRows(db);
    expect(await db.messageProblems.get(['corp-b', 'm1'])).toBeDefined();
    expect((await db.messageProblems.get([CORP, 'm5']))?.status).toBe('decrypt-failed');
    // (statusCounts leaves a malformed envelope in "ok", as it always did: m1–m3 and m6.)
    expect(await statusCounts(db, CORP)).toEqual({ total: 6, ok: 4, decryptFailed: 2, missingKey: [] });
  });

  it('answers the sample envelope of a version, skipping rows whose text failed to parse', async () => {
    const db = freshDb();
    const unparsable = (seq: number) => ({
      ...missingKeyMessage(seq, 7),
      status: 'decrypt-failed' as const,
      failure: { stage: 'parse' as const, message: 'not JSON' },
    });
    await commitBatch(db, CORP, {
      batchId: 1,
      cursor: '40',
      // More unparsable rows than one read step holds, before the one that proves the key.
      messages: [...Array.from({ length: 20 }, (_, i) => unparsable(i + 1)), missingKeyMessage(40, 7)],
    });
    expect((await sampleEnvelope(db, CORP, 7))?.msgid).toBe('m40');
    expect(await sampleEnvelope(db, CORP, 8)).toBeNull();
  });

  it('is filled from the status index when an archive of version 12 is opened, which then loses four indexes', async () => {
    const factory = new IDBFactory();
    const previous = archiveAtVersion(factory, 12);
    const row = (corpId: string, i: number, status: MessageRow['status'], publickeyVer = 1): MessageRow => ({
      corpId,
      msgid: `m${i}`,
      seq: String(i),
      seqKey: String(i).padStart(20, '0'),
      publickeyVer,
      status,
      ingestedAt: 0,
      ...(status === 'ok' ? { convId: 's:a|b', msgtime: 1_000 + i } : {}),
    });
    const rows: MessageRow[] = [
      ...Array.from({ length: 500 }, (_, i) => row(CORP, i, 'ok')),
      row(CORP, 900, 'missing-key', 2),
      row(CORP, 901, 'missing-key', 3),
      row(CORP, 902, 'decrypt-failed', 1),
      row(CORP, 903, 'sdk-crash', 1),
      row(CORP, 904, 'malformed-envelope', 1),
      row('corp-b', 1, 'ok'),
      row('corp-b', 2, 'missing-key', 2),
      // A corp id that extends another's, with a status that sorts before and after "ok".
      row(`${CORP}x`, 1, 'decrypt-failed'),
      row(`${CORP}x`, 2, 'sdk-crash'),
    ];
    await previous.table('messages').bulkPut(rows);
    previous.close();

    const db = new ArchiveDb({ indexedDB: factory, IDBKeyRange });
    await db.open();
    expect(db.verno).toBe(schemaVersions.at(-1)?.version);
    await expectMirrorsRows(db);
    expect(await db.messageProblems.count()).toBe(8);
    const messages = db.backendDB().transaction('messages').objectStore('messages');
    expect([...messages.indexNames].sort()).toEqual(
      ['[corpId+seqKey]', '[corpId+convId+msgtime]', '[corpId+msgtype]'].map((name) => name).sort(),
    );
    expect(await statusCounts(db, CORP)).toMatchObject({
      decryptFailed: 1,
      missingKey: [
        { version: 2, count: 1 },
        { version: 3, count: 1 },
      ],
    });
    expect(await messageCorpIds(db)).toEqual([CORP, `${CORP}x`, 'corp-b']);
  });
});
