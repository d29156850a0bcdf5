import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { ArchiveDb, commitBatch, readCursor, toSeqKey } from '../../../../renderer/db';
import { dbWithFailingCommits, freshDb, missingKeyMessage, okMessage, storedArchive } from '../fixtures';

describe('commitBatch', () => {
  it('stores a redelivered msgid once: the same key is overwritten, never a second row', async () => {
    const db = await storedArchive('corp-a', '2', [okMessage(1, 'dup'), okMessage(2)]);
    const second = await commitBatch(db, 'corp-a', {
      batchId: 2,
      cursor: '3',
      messages: [okMessage(3, 'dup')],
    });

    expect(await db.messages.count()).toBe(2);
    expect(second.added).toBe(0);
    const row = await db.messages.get(['corp-a', 'dup']);
    expect(row?.seq).toBe('3');
    expect((await db.cursors.get('corp-a'))?.messages).toBe(2);
  });

  it('counts duplicates within one batch once', async () => {
    const db = freshDb();
    const result = await commitBatch(db, 'corp-a', {
      batchId: 1,
      cursor: '2',
      messages: [okMessage(1, 'same'), okMessage(2, 'same')],
    });
    expect(result.added).toBe(1);
    expect(await db.messages.count()).toBe(1);
  });

  it('keeps the same msgid of two corps apart', async () => {
    const db = freshDb();
    await commitBatch(db, 'corp-a', { batchId: 1, cursor: '1', messages: [okMessage(1, 'shared')] });
    await commitBatch(db, 'corp-b', { batchId: 1, cursor: '1', messages: [okMessage(1, 'shared')] });
    expect(await db.messages.count()).toBe(2);
  });

  it('never moves the cursor backwards', async () => {
    const db = freshDb();
    expect(await readCursor(db, 'corp-a')).toBe('0');
    await commitBatch(db, 'corp-a', { batchId: 1, cursor: '500', messages: [okMessage(500)] });
    const late = await commitBatch(db, 'corp-a', { batchId: 2, cursor: '120', messages: [okMessage(120)] });

    expect(late.cursor).toBe('500');
    expect(await readCursor(db, 'corp-a')).toBe('500');
    expect(await db.messages.get(['corp-a', 'm120'])).toBeDefined();
  });

  it('compares cursors as u64, not as strings or doubles', async () => {
    const db = freshDb();
    await commitBatch(db, 'corp-a', { batchId: 1, cursor: '9007199254740993', messages: [] });
    await commitBatch(db, 'corp-a', { batchId: 2, cursor: '9007199254740992', messages: [] });
    expect(await readCursor(db, 'corp-a')).toBe('9007199254740993');
    await commitBatch(db, 'corp-a', { batchId: 3, cursor: '10000000000000000000', messages: [] });
    expect(await readCursor(db, 'corp-a')).toBe('10000000000000000000');
  });

  it('advances the cursor over a batch whose messages all failed to decrypt', async () => {
    const db = freshDb();
    await commitBatch(db, 'corp-a', { batchId: 1, cursor: '7', messages: [missingKeyMessage(7)] });
    expect(await readCursor(db, 'corp-a')).toBe('7');
    const row = await db.messages.get(['corp-a', 'm7']);
    expect(row?.status).toBe('missing-key');
    expect(row?.envelope).toEqual({ encryptRandomKey: 'rk-m7', encryptChatMsg: 'cm-m7' });
  });

  it('does not downgrade a decrypted row to an undecryptable copy of itself', async () => {
    const db = freshDb();
    await commitBatch(db, 'corp-a', { batchId: 1, cursor: '5', messages: [okMessage(5)] });
    await commitBatch(db, 'corp-a', { batchId: 2, cursor: '5', messages: [missingKeyMessage(5, 1)] });
    const row = await db.messages.get(['corp-a', 'm5']);
    expect(row?.status).toBe('ok');
    expect(row?.raw).toContain('hello 5');
  });

  it('rejects a cursor that is not an unsigned 64-bit decimal before touching the database', async () => {
    const db = freshDb();
    await expect(commitBatch(db, 'corp-a', { batchId: 1, cursor: '-1', messages: [] })).rejects.toThrow(
      /u?nsigned/,
    );
    await expect(
      commitBatch(db, 'corp-a', { batchId: 1, cursor: '18446744073709551616', messages: [] }),
    ).rejects.toThrow();
    expect(await db.cursors.count()).toBe(0);
  });

  it('is atomic: when the cursor write fails, the batch rows are not stored either', async () => {
    const factory = new IDBFactory();
    const { db: failing, failing: cursorWrites } = dbWithFailingCommits('simulated disk full', factory);
    cursorWrites.times = Infinity;

    await expect(
      commitBatch(failing, 'corp-a', {
        batchId: 1,
        cursor: '3',
        messages: [okMessage(1), okMessage(2), okMessage(3)],
      }),
    ).rejects.toThrow('simulated disk full');
    failing.close();

    const db = new ArchiveDb({ indexedDB: factory, IDBKeyRange });
    expect(await db.messages.count()).toBe(0);
    expect(await readCursor(db, 'corp-a')).toBe('0');
  });

  it('refuses a batch with a malformed message as a whole, leaving rows and cursor as they were', async () => {
    const factory = new IDBFactory();
    const db = new ArchiveDb({ indexedDB: factory, IDBKeyRange });
    await commitBatch(db, 'corp-a', { batchId: 1, cursor: '10', messages: [okMessage(10)] });
    const bad = { ...okMessage(12), seq: '12x' };
    await expect(
      commitBatch(db, 'corp-a', { batchId: 2, cursor: '12', messages: [okMessage(11), bad] }),
    ).rejects.toThrow();
    expect(await db.messages.count()).toBe(1);
    expect(await readCursor(db, 'corp-a')).toBe('10');
  });
});

describe('seqKey', () => {
  it('orders seqs above 2^53 numerically through the [corpId+seqKey] index', async () => {
    const db = freshDb();
    const seqs = ['9007199254740993', '9007199254740992', '18446744073709551615', '10', '9007199254740994'];
    await commitBatch(db, 'corp-a', {
      batchId: 1,
      cursor: '18446744073709551615',
      messages: seqs.map((seq) => okMessage(seq)),
    });
    const ordered = await db.messages
      .where('[corpId+seqKey]')
      .between(['corp-a', ''], ['corp-a', '\uffff'])
      .toArray();
    expect(ordered.map((row) => row.seq)).toEqual([
      '10',
      '9007199254740992',
      '9007199254740993',
      '9007199254740994',
      '18446744073709551615',
    ]);
  });

  it('pads to 20 digits', () => {
    expect(toSeqKey('0')).toBe('00000000000000000000');
    expect(toSeqKey('18446744073709551615')).toBe('18446744073709551615');
    expect(() => toSeqKey('1.5')).toThrow();
  });
});
