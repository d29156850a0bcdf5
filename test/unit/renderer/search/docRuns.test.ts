import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { IngestMessageDto, MessageHeaderDto } from '../../../../main/contract';
import { ArchiveDb, commitBatch } from '../../../../renderer/db';
import { BLOCKS_PER_RUN, buildDocRun, mergeBlocks, readDocRuns } from '../../../../renderer/search/docRuns';
import { SearchEngine } from '../../../../renderer/search/engine';
import { searchTables, type DocsBlock } from '../../../../renderer/search/indexStore';
import type { SearchFilters } from '../../../../renderer/search/protocol';
import { searchDerivedIndex } from '../../../../renderer/search/searchIndex';
import { decryptedMessage } from '../fixtures';

const T0 = 1_717_000_000_000;
const WORDS = ['报价单', '合同', 'invoice', '发票', '会议'];
const TYPES = ['text', 'text', 'markdown'];

function open(factory: IDBFactory): ArchiveDb {
  return new ArchiveDb({ indexedDB: factory, IDBKeyRange, derived: [searchDerivedIndex] });
}

/** Batch `b` (one docs block each): its own chats, senders and types, times not in ingest order. */
function batch(b: number): IngestMessageDto[] {
  return [0, 1, 2].map((i) => {
    const seq = b * 3 + i + 1;
    const type = TYPES[(b + i) % TYPES.length] as string;
    const header: MessageHeaderDto = {
      action: 'send',
      msgtype: type,
      from: (b + i) % 4 === 0 ? 'wmExternalSender0001' : `user${(b * 7 + i) % 5}`,
      tolist: ['zhangwei'],
      roomid: (b + i) % 3 === 0 ? '' : `wrRoom${(b * 5 + i) % 9}`,
      // Later batches carry older messages every fifth batch (a re-decryption or backfill block).
      msgtime: T0 + (b % 5 === 4 ? -b : b) * 60_000 + i * 1000,
    };
    const content = `${WORDS[(b + i) % WORDS.length] as string} 第${b}批 ${i}`;
    const payload = type === 'markdown' ? { markdown: { content } } : { text: { content } };
    return decryptedMessage(seq, header, payload, `m${seq}`);
  });
}

async function seed(
  db: ArchiveDb,
  batches: number,
  corpOf = (b: number) => (b % 7 === 0 ? 'corp-b' : 'corp-a'),
) {
  for (let b = 0; b < batches; b += 1)
    await commitBatch(db, corpOf(b), { batchId: b + 1, cursor: String(b * 3 + 3), messages: batch(b) });
}

const FILTERS: SearchFilters[] = [
  {},
  { corpIds: ['corp-b'] },
  { convIds: ['g:wrRoom4'] },
  { msgtypes: ['markdown'] },
  { sender: 'external' },
  { fromTime: T0 + 20 * 60_000, toTime: T0 + 50 * 60_000 },
];

/** Every query × filter's full answer, for comparing engines warmed differently. */
async function answers(engine: SearchEngine): Promise<string[]> {
  const out: string[] = [];
  for (const query of ['', ...WORDS, '批'])
    for (const filters of FILTERS) {
      const page = await engine.search({ query, filters, offset: 0, limit: 500 });
      expect(page.mode).toBe('index');
      out.push(
        `${query} ${JSON.stringify(filters)} ${page.total} ${page.hits.map((h) => `${h.corpId}/${h.msgid}/${h.convId}/${h.msgtype}/${h.msgtime}`).join(',')}`,
      );
    }
  return out;
}

describe('docs runs (the search worker warms from 64 blocks a record)', () => {
  it('merges blocks with their own dictionaries into one run, slot for slot', () => {
    const a: DocsBlock = {
      id: 3,
      corps: ['c1'],
      corp: Uint8Array.from([0, 0]),
      convs: ['x', 'y'],
      conv: Uint16Array.from([1, 0]),
      types: ['text'],
      type: Uint8Array.from([0, 0]),
      msgtime: Float64Array.from([10, 20]),
      flags: Uint8Array.from([1, 0]),
    };
    const b: DocsBlock = {
      id: 5,
      corps: ['c2', 'c1'],
      corp: Uint8Array.from([1, 0, 0]),
      convs: ['y', 'z'],
      conv: Uint16Array.from([0, 1, 0]),
      types: ['image', 'text'],
      type: Uint8Array.from([1, 0, 1]),
      msgtime: Float64Array.from([5, 6, 7]),
      flags: Uint8Array.from([2, 3, 0]),
    };
    const run = mergeBlocks([a, b]);
    expect([run.id, run.last, [...run.blocks], [...run.ends]]).toEqual([3, 5, [3, 5], [2, 5]]);
    const at = (i: number) => [
      run.corps[run.corp[i] as number],
      run.convs[run.conv[i] as number],
      run.types[run.type[i] as number],
      run.msgtime[i],
      run.flags[i],
    ];
    expect([0, 1, 2, 3, 4].map(at)).toEqual([
      ['c1', 'y', 'text', 10, 1],
      ['c1', 'x', 'text', 20, 0],
      ['c1', 'y', 'text', 5, 2],
      ['c2', 'z', 'image', 6, 3],
      ['c2', 'y', 'text', 7, 0],
    ]);
    expect(run.corps).toEqual(['c1', 'c2']);
    expect(() => mergeBlocks([b, a])).toThrow(/ascending/);
  });

  it('answers every query and filter alike warmed from runs or from blocks', async () => {
    const factory = new IDBFactory();
    const db = open(factory);
    const batches = BLOCKS_PER_RUN * 2 + 5;
    await seed(db, batches);
    const fromBlocks = new SearchEngine(db);
    await fromBlocks.startWarming();
    const expected = await answers(fromBlocks);

    expect(await buildDocRun(db)).toBe(true);
    expect(await buildDocRun(db)).toBe(true);
    expect(await buildDocRun(db)).toBe(false); // 5 blocks after the second run: not a run yet
    const runs = await searchTables(db).runs.toArray();
    expect(runs.map((run) => [run.id, run.last, run.blocks.length])).toEqual([
      [1, BLOCKS_PER_RUN, BLOCKS_PER_RUN],
      [BLOCKS_PER_RUN + 1, BLOCKS_PER_RUN * 2, BLOCKS_PER_RUN],
    ]);

    // A fresh engine on a reopened archive: the runs, then the five blocks after them.
    db.close();
    const reopened = open(factory);
    expect(await readDocRuns(reopened)).toHaveLength(2);
    const fromRuns = new SearchEngine(reopened);
    await fromRuns.startWarming();
    expect((await fromRuns.status()).documents).toBe(batches * 3);
    expect(await answers(fromRuns)).toEqual(expected);

    // Ingest after warming still reaches the engine (blocks above the runs' last).
    await commitBatch(reopened, 'corp-a', {
      batchId: batches + 1,
      cursor: String(batches * 3 + 3),
      messages: [
        decryptedMessage(
          9_999,
          {
            action: 'send',
            msgtype: 'text',
            from: 'user1',
            tolist: ['zhangwei'],
            roomid: '',
            msgtime: T0 + 9e8,
          },
          { text: { content: '新的报价单' } },
          'late',
        ),
      ],
    });
    const page = await fromRuns.search({ query: '报价单', filters: {}, offset: 0, limit: 1 });
    expect(page.hits.map((h) => h.msgid)).toEqual(['late']);
  });

  it('drops runs that disagree with the blocks and warms from the blocks', async () => {
    const factory = new IDBFactory();
    const db = open(factory);
    await seed(db, BLOCKS_PER_RUN + 2);
    const expected = await answers(await warmed(db));
    expect(await buildDocRun(db)).toBe(true);
    const { runs, docs } = searchTables(db);
    const run = (await runs.toArray())[0];
    if (!run) throw new Error('no run');
    // A run claiming a block that is not stored (as a backup copied mid-rebuild could hold).
    const wrong = { ...run, blocks: Uint32Array.from(run.blocks, (id, i) => (i === 10 ? id + 1000 : id)) };
    await runs.put(wrong);
    expect(await readDocRuns(db)).toEqual([]);
    expect(await runs.count()).toBe(0);
    expect(await answers(await warmed(db))).toEqual(expected);
    // A run over blocks of which one is missing.
    expect(await buildDocRun(db)).toBe(true);
    expect(await readDocRuns(db)).toHaveLength(1);
    await docs.delete(7);
    expect(await readDocRuns(db)).toEqual([]);
    // Built again from what is stored, it is read again.
    expect(await buildDocRun(db)).toBe(true);
    expect((await readDocRuns(db))[0]?.blocks).not.toContain(7);
  });
});

async function warmed(db: ArchiveDb): Promise<SearchEngine> {
  const engine = new SearchEngine(db);
  await engine.startWarming();
  return engine;
}
