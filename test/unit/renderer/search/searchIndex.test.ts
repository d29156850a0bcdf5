import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import type { IngestMessageDto, MessageHeaderDto } from '../../../../main/contract';
import { ArchiveDb, commitBatch } from '../../../../renderer/db';
import { schemaVersions } from '../../../../renderer/db/schema';
import { compactSegments } from '../../../../renderer/search/compaction';
import { SearchEngine } from '../../../../renderer/search/engine';
import { keyRuns, searchTables } from '../../../../renderer/search/indexStore';
import type { SearchFilters, SearchPage } from '../../../../renderer/search/protocol';
import { backfillStep, searchDerivedIndex } from '../../../../renderer/search/searchIndex';
import { decryptedMessage } from '../fixtures';

const T0 = 1_717_000_000_000;

function message(
  seq: number,
  payload: Record<string, unknown>,
  overrides: Partial<MessageHeaderDto> = {},
  msgid = `m${seq}`,
): IngestMessageDto {
  const header: MessageHeaderDto = {
    action: 'send',
    msgtype: 'text',
    from: 'zhangwei',
    tolist: ['wmAbCdEfGhIjKlMnOpQrSt01'],
    roomid: '',
    msgtime: T0 + seq * 1000,
    ...overrides,
  };
  return decryptedMessage(seq, header, payload, msgid);
}

const text = (seq: number, content: string, overrides: Partial<MessageHeaderDto> = {}) =>
  message(seq, { text: { content } }, overrides);

/** The archive with the one derived index these tests need: the search index. */
function open(factory: IDBFactory): ArchiveDb {
  return new ArchiveDb({ indexedDB: factory, IDBKeyRange, derived: [searchDerivedIndex] });
}

async function query(
  engine: SearchEngine,
  q: string,
  filters: SearchFilters = {},
  limit = 50,
): Promise<SearchPage> {
  return engine.search({ query: q, filters, offset: 0, limit });
}

const ids = (page: SearchPage) => page.hits.map((h) => h.msgid);

describe('search index maintained at ingest', () => {
  it('finds messages committed by commitBatch, newest first, with filters and totals', async () => {
    const db = open(new IDBFactory());
    await commitBatch(db, 'corp-a', {
      batchId: 1,
      cursor: '4',
      messages: [
        text(1, '报价单收到了，我跟领导汇报一下'),
        text(2, 'Invoice ＳＯ２０２４ ready', { from: 'wmAbCdEfGhIjKlMnOpQrSt01', tolist: ['zhangwei'] }),
        message(
          3,
          { file: { filename: '2024Q2对账单.pdf', sdkfileid: 'sf', md5sum: 'x' } },
          { msgtype: 'file' },
        ),
        text(4, '报价单已发送 👍', { roomid: 'wrGroup1', tolist: ['a', 'b'] }),
      ],
    });
    const engine = new SearchEngine(db);
    await engine.startWarming();

    expect(ids(await query(engine, '报价单'))).toEqual(['m4', 'm1']);
    expect(ids(await query(engine, '报'))).toEqual(['m4', 'm1']);
    expect(ids(await query(engine, 'so2024'))).toEqual(['m2']);
    expect(ids(await query(engine, 'INVOICE ready'))).toEqual(['m2']);
    expect(ids(await query(engine, '"invoice ready"'))).toEqual([]);
    expect(ids(await query(engine, '对账单'))).toEqual(['m3']);
    expect(ids(await query(engine, '👍'))).toEqual(['m4']);
    expect(ids(await query(engine, '报价单 领导'))).toEqual(['m1']);
    expect(ids(await query(engine, '报价单', { convIds: ['g:wrGroup1'] }))).toEqual(['m4']);
    expect(ids(await query(engine, '', { sender: 'external' }))).toEqual(['m2']);
    expect(ids(await query(engine, '', { hasMedia: true }))).toEqual(['m3']);
    expect(ids(await query(engine, '', { msgtypes: ['file'] }))).toEqual(['m3']);
    expect(ids(await query(engine, '报价单', { fromTime: T0 + 2000, toTime: T0 + 9000 }))).toEqual(['m4']);
    expect(ids(await query(engine, '报价单', { corpIds: ['corp-b'] }))).toEqual([]);

    const page = await query(engine, '报价单');
    expect(page).toMatchObject({ total: 2, totalExact: true, mode: 'index' });
    expect(page.hits[0]).toMatchObject({
      corpId: 'corp-a',
      convId: expect.stringMatching(/^g:/),
      msgtype: 'text',
    });
    expect(page.hits[0]?.snippet.filter((p) => p.hit).map((p) => p.text)).toEqual(['报价单']);
  });

  it('pages, sees later batches, merges segments and survives a restart', async () => {
    const factory = new IDBFactory();
    const db = open(factory);
    for (let batch = 0; batch < 5; batch += 1) {
      const messages = Array.from({ length: 30 }, (_, i) => {
        const seq = batch * 30 + i + 1;
        return text(seq, `第${seq}条 合同编号HT${seq} ${seq % 3 === 0 ? '需要盖章' : '已归档'}`);
      });
      await commitBatch(db, 'corp-a', { batchId: batch, cursor: String(batch * 30 + 30), messages });
    }
    const engine = new SearchEngine(db);
    await engine.startWarming();
    const first = await engine.search({ query: '需要盖章', filters: {}, offset: 0, limit: 20 });
    const second = await engine.search({ query: '需要盖章', filters: {}, offset: 20, limit: 20 });
    expect(first.total).toBe(50);
    expect(first.hits[0]?.msgid).toBe('m150');
    expect(second.hits.map((h) => h.msgid)).toEqual(
      Array.from({ length: 20 }, (_, i) => `m${150 - 3 * (20 + i)}`),
    );

    expect(await compactSegments(db, 2)).toBe(5);
    expect(await searchTables(db).segments.count()).toBe(0);
    await commitBatch(db, 'corp-a', { batchId: 9, cursor: '151', messages: [text(151, '新的 需要盖章')] });
    expect((await query(engine, '需要盖章')).total).toBe(51);
    expect(ids(await query(engine, 'HT15'))).toEqual(['m150', 'm15']);
    db.close();

    const reopened = open(factory);
    const restarted = new SearchEngine(reopened);
    // The first search after a start waits for warming (not the scan of the newest rows): it is
    // answered from the index, total exact.
    const page = await query(restarted, '需要盖章');
    expect(page.mode).toBe('index');
    expect(page.total).toBe(51);
    expect(page.hits[0]?.msgid).toBe('m151');
    expect(ids(await query(restarted, 'HT15'))).toEqual(['m150', 'm15']);
  });

  it('orders newest first by msgtime, not ingest order, on every page and for verified terms', async () => {
    const db = open(new IDBFactory());
    // msgtimes scrambled against seq order: (i * 7919) mod 400 is a permutation of 0..399.
    const messages = Array.from({ length: 400 }, (_, i) =>
      text(i + 1, `订单 abc${i % 2 === 0 ? 'd' : 'x'}`, { msgtime: T0 + ((i * 7919) % 400) * 1000 }),
    );
    for (let at = 0; at < messages.length; at += 100)
      await commitBatch(db, 'c', {
        batchId: at,
        cursor: String(at + 100),
        messages: messages.slice(at, at + 100),
      });
    const engine = new SearchEngine(db);
    await engine.startWarming();
    const byTime = (filter: (i: number) => boolean) =>
      messages
        .map((m, i) => ({ id: m.msgid, t: m.header?.msgtime ?? 0, i }))
        .filter(({ i }) => filter(i))
        .sort((a, b) => b.t - a.t)
        .map((m) => m.id);

    const all = byTime(() => true);
    const pages: string[] = [];
    for (let offset = 0; offset < 40; offset += 10)
      pages.push(...ids(await engine.search({ query: '订单', filters: {}, offset, limit: 10 })));
    expect(pages).toEqual(all.slice(0, 40));

    const even = byTime((i) => i % 2 === 0);
    const verified = await engine.search({ query: 'abcd', filters: {}, offset: 0, limit: 10 });
    expect(ids(verified)).toEqual(even.slice(0, 10));
    const deeper = await engine.search({ query: 'abcd', filters: {}, offset: 190, limit: 10 });
    expect(ids(deeper)).toEqual(even.slice(190, 200));
    expect(deeper).toMatchObject({ total: 200, totalExact: true });
  });

  it('indexes a redelivery once and a re-decrypted message when it becomes readable', async () => {
    const db = open(new IDBFactory());
    await commitBatch(db, 'c', { batchId: 1, cursor: '1', messages: [text(1, '唯一的消息')] });
    await commitBatch(db, 'c', { batchId: 2, cursor: '2', messages: [text(1, '唯一的消息')] });
    const engine = new SearchEngine(db);
    await engine.startWarming();
    expect((await query(engine, '唯一的消息')).total).toBe(1);
    expect(await searchTables(db).docs.count()).toBe(1);

    await commitBatch(db, 'c', {
      batchId: 3,
      cursor: '3',
      messages: [
        {
          seq: '3',
          msgid: 'locked',
          publickeyVer: 2,
          status: 'missing-key',
          failure: { stage: 'rsa', message: 'no key' },
          envelope: { encryptRandomKey: 'k', encryptChatMsg: 'c' },
        },
      ],
    });
    expect((await query(engine, '', {})).total).toBe(1);
    await commitBatch(db, 'c', {
      batchId: 4,
      cursor: '4',
      messages: [{ ...text(3, '解密后的内容'), msgid: 'locked' }],
    });
    expect(ids(await query(engine, '解密后'))).toEqual(['locked']);
  });

  it('backfills messages stored before the index existed, and scans until then', async () => {
    const factory = new IDBFactory();
    // An archive at schema v2, as the previous release left it.
    const legacy = new Dexie('wecom-archive', { indexedDB: factory, IDBKeyRange });
    for (const version of schemaVersions.filter((v) => v.version < 3))
      legacy.version(version.version).stores(version.stores);
    // Two corps, no cursor rows (the scan finds the corps from the messages), times interleaved.
    await legacy.table('messages').bulkPut(
      [1, 2, 3, 4].map((seq) => {
        const m =
          seq === 4
            ? text(4, '另一企业 需要查找', { msgtime: T0 + 2500 })
            : text(seq, `旧消息${seq} 需要查找`);
        return {
          corpId: seq === 4 ? 'b' : 'c',
          msgid: m.msgid,
          seq: m.seq,
          seqKey: m.seq.padStart(20, '0'),
          publickeyVer: 1,
          status: 'ok',
          raw: m.raw,
          ...m.header,
          convId: 's:a|b',
          ingestedAt: 1,
        };
      }),
    );
    legacy.close();

    const db = open(factory);
    const engine = new SearchEngine(db);
    await engine.startWarming();
    const scanned = await query(engine, '需要查找');
    expect(scanned.mode).toBe('scan');
    expect(ids(scanned)).toEqual(['m3', 'm4', 'm2', 'm1']);
    expect(scanned.totalExact).toBe(true);
    expect(ids(await query(engine, '需要查找', { corpIds: ['c'] }))).toEqual(['m3', 'm2', 'm1']);

    while (!(await backfillStep(db, 2)).done) {
      /* chunk by chunk */
    }
    engine.setBackfillPending(false);
    const indexed = await query(engine, '需要查找');
    expect(indexed.mode).toBe('index');
    expect(ids(indexed)).toEqual(['m3', 'm4', 'm2', 'm1']);
  });

  it('gives up a scan under way once the index is warm, and answers from the index', async () => {
    const db = open(new IDBFactory());
    const messages = Array.from({ length: 40 }, (_, i) => text(i + 1, `消息${i + 1} 需要查找`));
    await commitBatch(db, 'corp-a', { batchId: 1, cursor: '40', messages });
    const newestFirst = messages.map((m) => m.msgid).reverse();
    // Warm only from the 13th look: the search's own two checks, then ten rows into the scan.
    class WarmDuringScan extends SearchEngine {
      looks = 0;
      override isWarm(): boolean {
        this.looks += 1;
        return this.looks > 12 && super.isWarm();
      }
    }
    const engine = new WarmDuringScan(db, 0);
    await engine.startWarming();
    const page = await query(engine, '需要查找');
    expect(page.mode).toBe('index');
    expect(ids(page)).toEqual(newestFirst);
    expect(engine.looks).toBeGreaterThan(12);
    // Never warm: the scan answers the same, all of it.
    class NeverWarm extends SearchEngine {
      override isWarm(): boolean {
        return false;
      }
    }
    const scanned = await query(new NeverWarm(db, 0), '需要查找');
    expect(scanned.mode).toBe('scan');
    expect(ids(scanned)).toEqual(newestFirst);
  });

  it('rebuilds an index of whole-block text records (before v10) as pages of 16 documents', async () => {
    const factory = new IDBFactory();
    // Schema v9 with an index written by the release before: one text record for a block of 40.
    const legacy = new Dexie('wecom-archive', { indexedDB: factory, IDBKeyRange });
    for (const version of schemaVersions.filter((v) => v.version <= 9))
      legacy.version(version.version).stores(version.stores);
    await legacy.table('searchTexts').put({ id: 1, msgids: ['old'], froms: ['u'], texts: ['旧格式'] });
    legacy.close();
    // The upgrade drops it; the messages committed afterwards are indexed in pages.
    const db = open(factory);
    await commitBatch(db, 'c', {
      batchId: 1,
      cursor: '40',
      messages: Array.from({ length: 40 }, (_, i) => text(i + 1, `第${i + 1}条 分页文本`)),
    });
    const pages = await searchTables(db).texts.toArray();
    expect(pages.map((p) => p.id)).not.toContain(1);
    // 40 documents of one block: pages of 16, 16 and 8, numbered docId / 16.
    expect(pages.map((p) => p.texts.length)).toEqual([16, 16, 8]);
    const block = (await searchTables(db).docs.toArray())[0]?.id as number;
    expect(pages.map((p) => p.id)).toEqual([0, 1, 2].map((i) => block * 64 + i));
    const engine = new SearchEngine(db);
    await engine.startWarming();
    engine.setBackfillPending(false);
    const found = await query(engine, '第17条');
    expect(ids(found)).toEqual(['m17']);
    expect(found.hits[0]?.snippet.map((part) => part.text).join('')).toBe('第17条 分页文本');
  });
});

describe('keyRuns (the key ranges the index readers ask for)', () => {
  it('joins keys at most `gap` apart, dedupes and sorts, and leaves lone keys as runs of one', () => {
    expect(keyRuns([], 4)).toEqual([]);
    expect(keyRuns([9, 1, 2, 2, 14, 30], 4)).toEqual([
      [1, 2],
      [9, 9],
      [14, 14],
      [30, 30],
    ]);
    expect(keyRuns([1, 5, 9, 15], 4)).toEqual([
      [1, 9],
      [15, 15],
    ]);
    expect(keyRuns([3, 4, 6], 1)).toEqual([
      [3, 4],
      [6, 6],
    ]);
  });
});
