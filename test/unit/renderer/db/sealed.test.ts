import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { ArchiveDb, commitBatch, openRows, readUnopened } from '../../../../renderer/db';
import {
  DataKeyHolder,
  DataKeyUnavailableError,
  SealedBlobError,
  importDataKey,
  isSealedBlob,
  open,
  openWith,
  seal,
  sealWith,
} from '../../../../renderer/db/sealed';
import { archiveAtVersion, missingKeyMessage, okMessage } from '../fixtures';

const randomKey = () => importDataKey(crypto.getRandomValues(new Uint8Array(32)));

/** The stored record as IndexedDB holds it, read without Dexie (so without the sealing middleware). */
function rawRecord(factory: IDBFactory, store: string, key: IDBValidKey): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const request = factory.open('wecom-archive');
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const db = request.result;
      const get = db.transaction(store).objectStore(store).get(key);
      get.onsuccess = () => {
        db.close();
        resolve(get.result as Record<string, unknown>);
      };
      get.onerror = () => reject(get.error);
    };
  });
}

describe('sealed blobs (db/sealed.ts)', () => {
  it('round-trips any JSON value and uses a fresh IV each time', async () => {
    const key = await randomKey();
    const value = { text: '机密 message', list: [1, 2], nested: { ok: true } };
    const a = await sealWith(key, 'row-1', value);
    const b = await sealWith(key, 'row-1', value);
    expect(isSealedBlob(a)).toBe(true);
    expect(Buffer.from(a.subarray(1, 13)).equals(Buffer.from(b.subarray(1, 13)))).toBe(false);
    expect(await openWith(key, 'row-1', a)).toEqual(value);
    expect(new TextDecoder().decode(a)).not.toContain('机密');
  });

  it('refuses a blob under another AAD (a blob moved to another row)', async () => {
    const key = await randomKey();
    const blob = await sealWith(key, JSON.stringify(['messages', 'c1', 'm1']), 'secret');
    await expect(openWith(key, JSON.stringify(['messages', 'c1', 'm2']), blob)).rejects.toBeInstanceOf(
      SealedBlobError,
    );
  });

  it('refuses a blob under another key and an altered blob', async () => {
    const blob = await sealWith(await randomKey(), 'aad', 'secret');
    await expect(openWith(await randomKey(), 'aad', blob)).rejects.toBeInstanceOf(SealedBlobError);
    const key = await randomKey();
    const good = await sealWith(key, 'aad', 'secret');
    good[good.length - 1] = (good[good.length - 1] as number) ^ 1;
    await expect(openWith(key, 'aad', good)).rejects.toBeInstanceOf(SealedBlobError);
  });

  it('seal/open through a database fail while its key is not set or forgotten', async () => {
    const holder = new DataKeyHolder();
    const db = { dataKey: holder };
    await expect(seal(db, 'a', 1)).rejects.toBeInstanceOf(DataKeyUnavailableError);
    holder.set(await randomKey());
    const blob = await seal(db, 'a', 'note');
    expect(await open(db, 'a', blob)).toBe('note');
    holder.forget();
    await expect(open(db, 'a', blob)).rejects.toThrow(/locked/);
    await expect(seal({ dataKey: null }, 'a', 1)).rejects.toBeInstanceOf(DataKeyUnavailableError);
  });
});

describe('the sealing middleware (db/sealedTables.ts)', () => {
  async function sealedDb(factory = new IDBFactory()) {
    const holder = new DataKeyHolder();
    holder.set(await randomKey());
    return { db: new ArchiveDb({ indexedDB: factory, IDBKeyRange, dataKey: holder }), holder, factory };
  }

  it('stores message payloads sealed and reads them back plain, through get, query and cursors', async () => {
    const { db, factory } = await sealedDb();
    await commitBatch(db, 'c1', {
      batchId: 1,
      cursor: '3',
      messages: [okMessage(1), okMessage(2), missingKeyMessage(3)],
    });

    const stored = await rawRecord(factory, 'messages', ['c1', 'm1']);
    expect(stored.raw).toBeUndefined();
    expect(isSealedBlob(stored.sealed)).toBe(true);
    expect(stored.msgid).toBe('m1');
    expect(stored.msgtime).toBeTypeOf('number');
    const waiting = await rawRecord(factory, 'messages', ['c1', 'm3']);
    expect(waiting.envelope).toBeUndefined();
    expect(JSON.stringify(waiting)).not.toContain('rk-m3');

    expect((await db.messages.get(['c1', 'm1']))?.raw).toContain('hello 1');
    expect((await db.messages.bulkGet([['c1', 'm2']]))[0]?.raw).toContain('hello 2');
    expect(
      (await db.messages.where('[corpId+seqKey]').between(['c1', ''], ['c1', '\uffff']).toArray()).map(
        (r) => r.raw !== undefined,
      ),
    ).toEqual([true, true, false]);
    const viaCursor: string[] = [];
    await db.messages
      .toCollection()
      .each((row) => viaCursor.push(row.raw ?? row.envelope?.encryptRandomKey ?? ''));
    expect(viaCursor).toEqual([
      expect.stringContaining('hello 1'),
      expect.stringContaining('hello 2'),
      'rk-m3',
    ]);
    const filtered = await db.messages.filter((row) => row.envelope !== undefined).first();
    expect(filtered?.msgid).toBe('m3');
  });

  it('keeps a transaction usable across its sealed reads and writes', async () => {
    const { db } = await sealedDb();
    await commitBatch(db, 'c1', { batchId: 1, cursor: '1', messages: [okMessage(1)] });
    await db.transaction('rw', db.messages, async () => {
      const row = await db.messages.get(['c1', 'm1']);
      await db.messages.put({ ...row!, raw: `${row!.raw} edited` });
      const again = await db.messages.get(['c1', 'm1']);
      expect(again?.raw).toMatch(/edited$/);
      expect(await db.messages.count()).toBe(1);
    });
  });

  it('readUnopened answers rows as stored and openRows opens them after; other reads still open', async () => {
    const { db, holder } = await sealedDb();
    await commitBatch(db, 'c1', { batchId: 1, cursor: '2', messages: [okMessage(1), okMessage(2)] });
    const [viaGet, viaRange, viaCursor] = await readUnopened(db, [db.messages], async () => {
      const cursor: unknown[] = [];
      await db.messages.toCollection().each((row) => cursor.push(row));
      return [
        await db.messages.bulkGet([['c1', 'm1']]),
        await db.messages.where('[corpId+seqKey]').between(['c1', ''], ['c1', '\uffff']).toArray(),
        cursor,
      ];
    });
    for (const row of [...viaGet, ...viaRange, ...viaCursor] as Record<string, unknown>[]) {
      expect(row.raw).toBeUndefined();
      expect(isSealedBlob(row.sealed)).toBe(true);
    }
    const opened = await openRows(db, 'messages', viaRange as NonNullable<(typeof viaGet)[number]>[]);
    expect(opened.map((row) => row.raw)).toEqual([
      expect.stringContaining('hello 1'),
      expect.stringContaining('hello 2'),
    ]);
    expect(opened.every((row) => !('sealed' in row))).toBe(true);
    // The mark is the transaction's only: a read after it opens as before.
    expect((await db.messages.get(['c1', 'm2']))?.raw).toContain('hello 2');
    // A blob moved to another row does not open (its AAD names the row).
    const [first, second] = viaRange as unknown as Record<string, unknown>[];
    await expect(openRows(db, 'messages', [{ ...first, sealed: second?.sealed }])).rejects.toThrow(
      SealedBlobError,
    );
    holder.forget();
    await expect(openRows(db, 'messages', viaRange)).rejects.toThrow(/locked/);
  });

  it('readUnopened inside a caller’s transaction answers opened rows and leaves that transaction opening', async () => {
    const { db } = await sealedDb();
    await commitBatch(db, 'c1', { batchId: 1, cursor: '2', messages: [okMessage(1), okMessage(2)] });
    await db.transaction('r', db.messages, async () => {
      const inner = await readUnopened(db, [db.messages], () => db.messages.bulkGet([['c1', 'm1']]));
      expect(inner[0]?.raw).toContain('hello 1');
      expect((await openRows(db, 'messages', inner))[0]?.raw).toContain('hello 1');
      expect((await db.messages.get(['c1', 'm2']))?.raw).toContain('hello 2');
    });
  });

  it('refuses reads of sealed rows and all writes once the key is forgotten', async () => {
    const { db, holder } = await sealedDb();
    await commitBatch(db, 'c1', { batchId: 1, cursor: '1', messages: [okMessage(1)] });
    holder.forget();
    await expect(db.messages.get(['c1', 'm1'])).rejects.toThrow(/locked/);
    await expect(
      commitBatch(db, 'c1', { batchId: 2, cursor: '2', messages: [okMessage(2)] }),
    ).rejects.toThrow(/locked/);
    expect(await db.messages.count()).toBe(1);
  });
});

/** A message row as schema v6 stored it: the body or the envelope in the clear. */
type PlainV6Row = Record<string, unknown> & {
  msgid: string;
  raw?: string;
  envelope?: { encryptRandomKey: string; encryptChatMsg: string };
};

describe('schema v7: the upgrade from plain (v6) to sealed rows', () => {
  it('keeps every row, seals messages, conversations and the directory, and rebuilds the search index', async () => {
    const factory = new IDBFactory();
    const v6 = archiveAtVersion(factory, 6);
    const messages: PlainV6Row[] = Array.from({ length: 1200 }, (_, i) => ({
      corpId: 'c1',
      msgid: `m${i}`,
      seq: String(i + 1),
      seqKey: String(i + 1).padStart(20, '0'),
      publickeyVer: 1,
      status: i % 100 === 7 ? 'missing-key' : 'ok',
      ...(i % 100 === 7
        ? { envelope: { encryptRandomKey: `rk${i}`, encryptChatMsg: `cm${i}` } }
        : {
            raw: JSON.stringify({ msgid: `m${i}`, msgtype: 'text', text: { content: `plain secret ${i}` } }),
          }),
      msgtime: 1_700_000_000_000 + i,
      convId: 'g:r1',
      ingestedAt: 1,
    }));
    await v6.table('messages').bulkPut(messages);
    await v6
      .table('conversations')
      .put({ corpId: 'c1', convId: 'g:r1', lastMsgtime: 1, lastText: 'plain secret last' });
    await v6.table('directory').put({ corpId: 'c1', kind: 'group', id: 'r1', name: 'Secret room' });
    await v6.table('searchTexts').put({ id: 1, msgids: ['m0'], froms: ['u'], texts: ['old\nseparator'] });
    v6.close();

    const holder = new DataKeyHolder();
    const db = new ArchiveDb({ indexedDB: factory, IDBKeyRange, dataKey: holder });
    const opening = db.open();
    holder.set(await randomKey());
    await opening;

    const read = await db.messages.toArray();
    expect(read).toHaveLength(messages.length);
    expect(read.map((row) => row.raw ?? row.envelope?.encryptRandomKey)).toEqual(
      [...messages]
        .sort((a, b) => (a.msgid < b.msgid ? -1 : 1))
        .map((row) => row.raw ?? row.envelope?.encryptRandomKey),
    );
    for (const key of [
      ['c1', 'm0'],
      ['c1', 'm7'],
      ['c1', 'm1199'],
    ] as const) {
      const stored = await rawRecord(factory, 'messages', [...key]);
      expect(isSealedBlob(stored.sealed)).toBe(true);
      expect(JSON.stringify(stored)).not.toMatch(/plain secret|rk7/);
    }
    expect((await rawRecord(factory, 'conversations', ['c1', 'g:r1'])).lastText).toBeUndefined();
    expect((await db.table('conversations').get(['c1', 'g:r1'])).lastText).toBe('plain secret last');
    expect((await rawRecord(factory, 'directory', ['c1', 'group', 'r1'])).name).toBeUndefined();
    expect((await db.table('directory').get(['c1', 'group', 'r1'])).name).toBe('Secret room');
    expect(await db.table('searchTexts').count()).toBe(0);
    expect(await db.table('searchState').get('backfill')).toMatchObject({ done: false });
  }, 60_000); // 1,200 rows sealed one by one in fake-indexeddb: seconds on a loaded 2-core machine
});

describe('schema v16: media items leave their plain `media` rows for sealed pages', () => {
  it('waits for the data key, then stores the items sealed and readable, the state plain', async () => {
    const factory = new IDBFactory();
    const v15 = archiveAtVersion(factory, 15);
    await v15.table('media').bulkPut(
      ['a', 'b'].map((id) => ({
        corpId: 'c1',
        sdkfileid: `SDK-${id}`,
        msgid: `m-${id}`,
        kind: 'file',
        md5sum: '',
        size: 5,
        path: 'file',
        fileName: `secret plan ${id}.pdf`,
        state: id === 'a' ? 'done' : 'pending',
        bytes: id === 'a' ? 5 : 0,
        attempts: 0,
        updatedAt: 1,
      })),
    );
    v15.close();

    const holder = new DataKeyHolder();
    const db = new ArchiveDb({ indexedDB: factory, IDBKeyRange, dataKey: holder });
    const key = await randomKey();
    // Main hands the key over a moment after the archive starts opening.
    const opening = db.open();
    await new Promise((resolve) => setTimeout(resolve, 200));
    holder.set(key);
    await opening;

    const stored = await rawRecord(factory, 'mediaItems', ['c1', 0]);
    expect(isSealedBlob(stored.sealed)).toBe(true);
    expect(stored.items).toBeUndefined();
    expect(JSON.stringify(stored)).not.toMatch(/secret plan|SDK-/);
    const page = await db.table('mediaItems').get(['c1', 0]);
    expect(page.items.map((item: { fileName: string }) => item.fileName)).toEqual([
      'secret plan a.pdf',
      'secret plan b.pdf',
    ]);
    expect(await rawRecord(factory, 'mediaStates', ['c1', 'SDK-a'])).toMatchObject({
      state: 'done',
      bytes: 5,
    });
  });
});
