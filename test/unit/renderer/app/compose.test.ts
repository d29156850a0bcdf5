import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { IngestMessageDto, MediaQueueStatusDto } from '../../../../main/contract';
import { ARCHIVE_DERIVED_INDEXES, composeApp } from '../../../../renderer/app/compose';
import type { ConnectionMonitor } from '../../../../renderer/bridge';
import { ArchiveDb, commitBatch, corpItems, mediaItemPages } from '../../../../renderer/db';
import type { DerivedIndex } from '../../../../renderer/db';
import type { ConversationRow } from '../../../../renderer/features/reading/conversations/conversationIndex';
import type { SearchWorker } from '../../../../renderer/search/searchClient';
import { searchTables } from '../../../../renderer/search/indexStore';
import { createFakeArchive, memoryStorage } from '../fakeArchive';
import { decryptedMessage, freshDb, header, okMessage } from '../fixtures';

/** A worker that records what it was sent and never answers (the composition only starts it). */
function fakeWorker(): SearchWorker & { posted: unknown[]; terminated: boolean } {
  const worker = {
    posted: [] as unknown[],
    terminated: false,
    postMessage(message: unknown) {
      worker.posted.push(message);
    },
    addEventListener() {},
    terminate() {
      worker.terminated = true;
    },
  };
  return worker as unknown as SearchWorker & { posted: unknown[]; terminated: boolean };
}

const connected: ConnectionMonitor = {
  state: 'connected',
  failedAttempts: 0,
  subscribe: () => () => undefined,
  onReconnect: () => () => undefined,
};

function compose(indexedDB: IDBFactory = new IDBFactory()) {
  const fake = createFakeArchive();
  const worker = fakeWorker();
  const composition = composeApp({
    bridge: { archive: fake.archive, connection: connected },
    database: { indexedDB, IDBKeyRange },
    storage: memoryStorage(),
    startSearchWorker: () => worker,
    log: () => undefined,
  });
  return { fake, worker, ...composition };
}

/** A decrypted image message: one media row, one conversation, no searchable text of its own. */
function imageMessage(seq: number): IngestMessageDto {
  const h = header({ msgtype: 'image', msgtime: 1_700_000_000_000 + seq });
  const image = { md5sum: '00112233445566778899aabbccddeeff', filesize: 2048, sdkfileid: `SDKIMG${seq}` };
  return decryptedMessage(seq, h, { image }, `img${seq}`);
}

const queue = (corpId: string, queued: number): MediaQueueStatusDto => ({
  corpId,
  paused: false,
  active: 0,
  queued,
  done: 0,
  failed: 0,
  bytesDone: 0,
  rateBytesPerSec: 0,
});

describe('the composition root (app/compose.ts)', () => {
  it('builds the archive with every derived index, so the first ingest keeps them all', async () => {
    const { services, ready } = compose();
    await ready;
    const { db } = services;
    // The chats' day counts and the undecrypted messages (db/) are the database's own, ahead of the app's.
    expect(db.derived.map((index) => index.name)).toEqual([
      'db.chatDays',
      'db.messageProblems',
      'reading.conversations',
      'media',
      'search',
    ]);
    expect(db.derived.slice(2)).toEqual(ARCHIVE_DERIVED_INDEXES);

    await commitBatch(db, 'c1', { batchId: 1, cursor: '2', messages: [okMessage(1), imageMessage(2)] });
    const conversations = await db
      .table<ConversationRow>('conversations')
      .where('[corpId+convId]')
      .between(['c1', ''], ['c1', '\uffff'])
      .toArray();
    expect(conversations).toHaveLength(1);
    expect(conversations[0]?.count).toBe(2);
    expect((await corpItems(db, 'c1')).map((item) => item.msgid)).toEqual(['img2']);
    expect(await searchTables(db).docs.count()).toBeGreaterThan(0);
  });

  it('reaches media and search as services, and media queue status lands in the one app store', async () => {
    const { services, store, fake, worker, ready } = compose();
    await ready;
    expect(store.getState().mediaQueues).toEqual({});
    fake.emit({ type: 'media-queue', status: queue('c1', 3) });
    expect(store.getState().mediaQueues.c1?.queued).toBe(3);

    services.search.dispose();
    expect(worker.terminated).toBe(true);
  });

  it('backfills media rows of messages stored before the media index, once per corp', async () => {
    const indexedDB = new IDBFactory();
    const before = new ArchiveDb({ indexedDB, IDBKeyRange });
    await commitBatch(before, 'c1', { batchId: 1, cursor: '2', messages: [okMessage(1), imageMessage(2)] });
    before.close();

    const { services, ready } = compose(indexedDB);
    await ready;
    expect(await mediaItemPages(services.db).count()).toBe(0);
    expect(await services.media.backfillOnce('c1')).toBe(1);
    expect(await services.media.backfillOnce('c1')).toBe(0);
    expect((await corpItems(services.db, 'c1')).map((item) => item.msgid)).toEqual(['img2']);
  });

  it('keeps nothing in module state: two compositions share no store, no archive, no services', async () => {
    const first = compose();
    const second = compose();
    await Promise.all([first.ready, second.ready]);
    expect(second.store).not.toBe(first.store);
    expect(second.services.db).not.toBe(first.services.db);
    expect(second.services.media).not.toBe(first.services.media);
    first.fake.emit({ type: 'media-queue', status: queue('c1', 5) });
    expect(first.store.getState().mediaQueues.c1?.queued).toBe(5);
    expect(second.store.getState().mediaQueues).toEqual({});
    expect(first.store.getState().appInfo?.shell).toBe('web');
  });
});

describe('derived indexes given to the ArchiveDb', () => {
  it('a database built without indexes writes messages only', async () => {
    const db = freshDb();
    await commitBatch(db, 'c1', { batchId: 1, cursor: '2', messages: [okMessage(1), imageMessage(2)] });
    expect(await db.messages.count()).toBe(2);
    expect(await db.table('conversations').count()).toBe(0);
    expect(await mediaItemPages(db).count()).toBe(0);
    expect(await searchTables(db).docs.count()).toBe(0);
  });

  it('runs exactly the indexes it was given, in order, inside the messages transaction', async () => {
    const seen: string[] = [];
    const probe = (name: string): DerivedIndex => ({
      name,
      tables: () => [],
      apply: async (_db, rows) => {
        seen.push(`${name}:${rows.map((row) => row.msgid).join(',')}`);
        await Promise.resolve();
      },
    });
    const db = new ArchiveDb({
      indexedDB: new IDBFactory(),
      IDBKeyRange,
      derived: [probe('first'), probe('second')],
    });
    await commitBatch(db, 'c1', { batchId: 1, cursor: '1', messages: [okMessage(1)] });
    expect(seen).toEqual(['first:m1', 'second:m1']);
  });

  it('a failing index rolls back the messages it was written with', async () => {
    const failing: DerivedIndex = {
      name: 'failing',
      tables: () => [],
      apply: () => Promise.reject(new Error('index broke')),
    };
    const db = new ArchiveDb({ indexedDB: new IDBFactory(), IDBKeyRange, derived: [failing] });
    await expect(
      commitBatch(db, 'c1', { batchId: 1, cursor: '1', messages: [okMessage(1)] }),
    ).rejects.toThrow('index broke');
    expect(await db.messages.count()).toBe(0);
    expect(await db.cursors.count()).toBe(0);
  });

  it('refuses two indexes of the same name', () => {
    const index: DerivedIndex = { name: 'twice', tables: () => [], apply: () => Promise.resolve() };
    expect(
      () => new ArchiveDb({ indexedDB: new IDBFactory(), IDBKeyRange, derived: [index, index] }),
    ).toThrow('derived index "twice" is given twice');
  });
});
