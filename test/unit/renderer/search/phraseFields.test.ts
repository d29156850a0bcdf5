import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { IngestMessageDto } from '../../../../main/contract';
import { ArchiveDb, commitBatch } from '../../../../renderer/db';
import { SearchEngine } from '../../../../renderer/search/engine';
import { buildSnippet } from '../../../../renderer/search/snippet';
import { extractText } from '../../../../renderer/search/extractText';
import { searchDerivedIndex } from '../../../../renderer/search/searchIndex';
import { decryptedMessage } from '../fixtures';

const T0 = 1_717_000_000_000;

function link(seq: number, title: string, description: string): IngestMessageDto {
  const header = {
    action: 'send',
    msgtype: 'link',
    from: 'zhangwei',
    tolist: ['lina'],
    roomid: '',
    msgtime: T0 + seq,
  };
  return decryptedMessage(seq, header, { link: { title, description, link_url: 'https://x' } });
}

async function engineWith(messages: IngestMessageDto[]): Promise<SearchEngine> {
  const db = new ArchiveDb({ indexedDB: new IDBFactory(), IDBKeyRange, derived: [searchDerivedIndex] });
  await commitBatch(db, 'corp-a', { batchId: 1, cursor: String(messages.length), messages });
  const engine = new SearchEngine(db);
  await engine.startWarming();
  return engine;
}

const ids = async (engine: SearchEngine, query: string) =>
  (await engine.search({ query, filters: {}, offset: 0, limit: 50 })).hits.map((hit) => hit.msgid);

describe('a quoted phrase stays inside one field of a card', () => {
  it('does not match a link whose title and description hold the two halves', async () => {
    const engine = await engineWith([
      link(1, '季度', '报告'),
      link(2, '季度报告', '第三季度'),
      link(3, 'quarterly', 'report'),
      link(4, 'the quarterly report', 'pdf'),
    ]);
    expect(await ids(engine, '"季度报告"')).toEqual(['m2']);
    expect(await ids(engine, '季度报告')).toEqual(['m2']);
    expect(await ids(engine, '"quarterly report"')).toEqual(['m4']);
    // Separate words still find both fields of one message (recall is per message, AND over terms).
    expect(await ids(engine, '季度 报告')).toEqual(['m2', 'm1']);
    expect(await ids(engine, 'quarterly report')).toEqual(['m4', 'm3']);
  });

  it('a separator typed into the query does not let it cross fields', async () => {
    const engine = await engineWith([link(1, 'quarterly', 'report')]);
    expect(await ids(engine, '"quarterly\u001freport"')).toEqual([]);
  });

  it('snippets show the field break as a space', () => {
    const text = extractText(link(1, '季度', '报告').raw ?? '');
    expect(
      buildSnippet(text, ['季度'])
        .map((part) => part.text)
        .join(''),
    ).toBe('季度 报告');
  });
});
