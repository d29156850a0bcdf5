import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { IngestMessageDto } from '../../../../main/contract';
import { ArchiveDb, commitBatch } from '../../../../renderer/db';
import { SearchEngine } from '../../../../renderer/search/engine';
import type { SearchPage } from '../../../../renderer/search/protocol';
import { searchDerivedIndex } from '../../../../renderer/search/searchIndex';
import { decryptedMessage } from '../fixtures';

const T0 = 1_717_000_000_000;

function text(seq: number, from: string, content: string, roomid = 'wrGroup1'): IngestMessageDto {
  const header = { action: 'send', msgtype: 'text', from, tolist: ['x'], roomid, msgtime: T0 + seq * 1000 };
  return decryptedMessage(seq, header, { text: { content } });
}

const ids = (page: SearchPage) => page.hits.map((h) => h.msgid);

describe('the sender filter (issue 15: a specific person)', () => {
  const messages = [
    text(1, 'zhangwei', '报价单收到了'),
    text(2, 'lina', '报价单已发送'),
    text(3, 'zhangwei', '明天开会'),
    text(4, 'wangfang', '报价单第二版', 'wrGroup2'),
    text(5, 'lina', '好的'),
  ];

  async function archive(): Promise<ArchiveDb> {
    const db = new ArchiveDb({ indexedDB: new IDBFactory(), IDBKeyRange, derived: [searchDerivedIndex] });
    await commitBatch(db, 'corp-a', { batchId: 1, cursor: '5', messages });
    return db;
  }

  it('keeps only messages from the chosen people, with and without a query, exact totals', async () => {
    const engine = new SearchEngine(await archive());
    await engine.startWarming();
    const search = (query: string, senders: string[], extra = {}) =>
      engine.search({ query, filters: { senders, ...extra }, offset: 0, limit: 50 });

    const byZhang = await search('', ['zhangwei']);
    expect(ids(byZhang)).toEqual(['m3', 'm1']);
    expect(byZhang).toMatchObject({ total: 2, totalExact: true, mode: 'index' });
    expect(new Set(byZhang.hits.map((h) => h.from))).toEqual(new Set(['zhangwei']));

    // Short (exact-by-grams) and long terms both go through the sender check.
    expect(ids(await search('报', ['lina']))).toEqual(['m2']);
    expect(ids(await search('报价单', ['zhangwei', 'wangfang']))).toEqual(['m4', 'm1']);
    // Combined with the chat filter.
    expect(ids(await search('报价单', ['zhangwei', 'wangfang'], { convIds: ['g:wrGroup2'] }))).toEqual([
      'm4',
    ]);
    // Nobody by that id: nothing, and no sender filter: everyone.
    expect(await search('', ['nobody'])).toMatchObject({ hits: [], total: 0, totalExact: true });
    expect(ids(await search('报价单', []))).toEqual(['m4', 'm2', 'm1']);
  });

  it('applies in the pre-warm scan too', async () => {
    // Never warm (a scan under way otherwise gives way to the index once warming ends): the engine
    // scans the newest messages.
    class NeverWarm extends SearchEngine {
      override isWarm(): boolean {
        return false;
      }
    }
    const engine = new NeverWarm(await archive(), 0);
    const page = await engine.search({ query: '', filters: { senders: ['lina'] }, offset: 0, limit: 50 });
    expect(page.mode).toBe('scan');
    expect(ids(page)).toEqual(['m5', 'm2']);
  });
});
