import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { IngestMessageDto, MediaStateDto } from '../../../../../main/contract';
import {
  ArchiveDb,
  commitBatch,
  corpItems,
  fileKeyOf,
  mediaItemPages,
  mediaStates,
  mediaTallies,
} from '../../../../../renderer/db';
import { hash128, ITEMS_PER_PAGE } from '../../../../../renderer/db/mediaStore';
import { schemaVersions } from '../../../../../renderer/db/schema';
import {
  applyMediaStates,
  backfillMediaRows,
  mediaCounts,
  mediaDerivedIndex,
  mediaPage,
  NO_MEDIA_FILTER,
  rowsToDownload,
} from '../../../../../renderer/features/media/mediaRows';
import { archiveAtVersion, decryptedMessage, header } from '../../fixtures';

const T0 = Date.UTC(2024, 3, 1);

function image(seq: number, sdkfileid = `SDK${seq}`, msgid = `m${seq}`): IngestMessageDto {
  const h = header({ msgtype: 'image', msgtime: T0 + seq * 60_000, from: 'zhangsan', tolist: ['lisi'] });
  return decryptedMessage(seq, h, { image: { md5sum: 'aa', filesize: 100 + seq, sdkfileid } }, msgid);
}

function archive(indexedDB = new IDBFactory()): ArchiveDb {
  return new ArchiveDb({ indexedDB, IDBKeyRange, derived: [mediaDerivedIndex] });
}

const state = (
  sdkfileid: string,
  next: Partial<MediaStateDto> & Pick<MediaStateDto, 'state'>,
): MediaStateDto => ({
  sdkfileid,
  bytes: 0,
  size: null,
  attempts: 0,
  ...next,
});

describe('the media store: items in pages, state apart (db/mediaStore.ts)', () => {
  it('stores a batch’s new items as one page after the last, and a file seen again not at all', async () => {
    const db = archive();
    await commitBatch(db, 'c1', { batchId: 1, cursor: '3', messages: [image(1), image(2), image(3)] });
    // A forward of SDK2 and two new files; the same file twice in one batch is stored once.
    await commitBatch(db, 'c1', {
      batchId: 2,
      cursor: '7',
      messages: [image(4, 'SDK2', 'fwd'), image(5), image(6, 'SDK7'), image(7, 'SDK7')],
    });
    const pages = await mediaItemPages(db).toArray();
    expect(pages.map((page) => [page.corpId, page.page, page.items.map((item) => item.sdkfileid)])).toEqual([
      ['c1', 0, ['SDK1', 'SDK2', 'SDK3']],
      ['c1', 1, ['SDK5', 'SDK7']],
    ]);
    expect(pages[1]?.fileKeys).toEqual([fileKeyOf('c1', 'SDK5'), fileKeyOf('c1', 'SDK7')]);
    // The first message carrying a file names it.
    expect((await corpItems(db, 'c1')).find((item) => item.sdkfileid === 'SDK2')?.msgid).toBe('m2');
    expect(await mediaTallies(db).get('c1')).toEqual({ corpId: 'c1', pages: 2, total: 5, backfilled: true });
    // Another corp's same sdkfileid is its own item.
    await commitBatch(db, 'c2', { batchId: 3, cursor: '1', messages: [image(1)] });
    expect((await corpItems(db, 'c2')).map((item) => item.sdkfileid)).toEqual(['SDK1']);
    expect(await mediaStates(db).count()).toBe(0);
  });

  it('splits a batch of more items than a page holds', async () => {
    const db = archive();
    const messages = Array.from({ length: ITEMS_PER_PAGE + 10 }, (_, i) => image(i + 1));
    await commitBatch(db, 'c1', { batchId: 1, cursor: String(messages.length), messages });
    const pages = await mediaItemPages(db).toArray();
    expect(pages.map((page) => page.items.length)).toEqual([ITEMS_PER_PAGE, 10]);
    expect((await mediaCounts(db, 'c1')).total).toBe(ITEMS_PER_PAGE + 10);
  });

  it('keeps the state main reports for known items only, never undoing a finished download', async () => {
    const db = archive();
    await commitBatch(db, 'c1', {
      batchId: 1,
      cursor: '4',
      messages: [image(1), image(2), image(3), image(4)],
    });
    expect(await mediaCounts(db, 'c1')).toEqual({
      total: 4,
      pending: 4,
      queued: 0,
      downloading: 0,
      done: 0,
      failed: 0,
    });
    await applyMediaStates(db, 'c1', [
      state('SDK1', { state: 'downloading', bytes: 50 }),
      state('SDK1', { state: 'done', bytes: 101, sha256: 'ab'.repeat(32), mime: 'image/png' }),
      state('SDK2', { state: 'failed', failure: { sdkCode: 10005, permanent: true, message: 'bad id' } }),
      state('SDK3', {
        state: 'failed',
        attempts: 3,
        failure: { sdkCode: null, permanent: false, message: 'net' },
      }),
      state('NOT-OURS', { state: 'done', bytes: 5 }),
    ]);
    // A late progress event after done changes nothing; a verification keeps what main found before.
    await applyMediaStates(db, 'c1', [state('SDK1', { state: 'downloading', bytes: 60 })]);
    await applyMediaStates(db, 'c1', [
      state('SDK1', { state: 'done', bytes: 101, verification: 'verified' }),
    ]);

    expect(await mediaStates(db).get(['c1', 'NOT-OURS'])).toBeUndefined();
    expect(await mediaStates(db).get(['c1', 'SDK1'])).toMatchObject({
      state: 'done',
      bytes: 101,
      sha256: 'ab'.repeat(32),
      mime: 'image/png',
      verification: 'verified',
    });
    expect(await mediaCounts(db, 'c1')).toEqual({
      total: 4,
      pending: 1,
      queued: 0,
      downloading: 0,
      done: 1,
      failed: 2,
    });
    // Download-all: pending first, then failures that may pass on retry; never done or permanent ones.
    expect((await rowsToDownload(db, 'c1')).map((row) => [row.sdkfileid, row.state])).toEqual([
      ['SDK4', 'pending'],
      ['SDK3', 'failed'],
    ]);
    // The Media screen joins each shown item with its state.
    const rows = (await mediaPage(db, 'c1', NO_MEDIA_FILTER, 0, 10)).rows;
    expect(rows.map((row) => [row.sdkfileid, row.state])).toEqual([
      ['SDK4', 'pending'],
      ['SDK3', 'failed'],
      ['SDK2', 'failed'],
      ['SDK1', 'done'],
    ]);
    expect(rows[3]).toMatchObject({ corpId: 'c1', msgid: 'm1', kind: 'image', size: 101, bytes: 101 });
  });

  it('hashes sdkfileids to 128 bits without collisions over 200,000 similar ids', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200_000; i += 1) seen.add(hash128(`CtYBMzA2OTAyMDEwMjA0${i.toString(36)}`));
    expect(seen.size).toBe(200_000);
    expect(hash128('x')).toMatch(/^[0-9a-f]{32}$/);
    expect(hash128('abc')).toBe(hash128('abc'));
    expect(hash128('ab')).not.toBe(hash128('ba'));
  });
});

describe('an archive of version 15 opened by this version', () => {
  it('splits each media row into its item and, when main had reported on it, its state; drops `media`', async () => {
    const factory = new IDBFactory();
    const previous = archiveAtVersion(factory, 15);
    const legacy = (corpId: string, i: number, extra: Record<string, unknown> = {}) => ({
      corpId,
      sdkfileid: `F${String(i).padStart(5, '0')}`,
      msgid: `m${i}`,
      msgtime: T0 + i,
      convId: 's:a|b',
      from: 'a',
      kind: 'image',
      md5sum: 'aa',
      size: 10,
      path: 'image',
      state: 'pending',
      bytes: 0,
      attempts: 0,
      updatedAt: 1,
      ...extra,
    });
    await previous.table('cursors').bulkPut([
      { corpId: 'c1', seq: '9', seqKey: '9'.padStart(20, '0'), updatedAt: 1, messages: 9 },
      { corpId: 'quiet', seq: '2', seqKey: '2'.padStart(20, '0'), updatedAt: 1, messages: 2 },
    ]);
    await previous.table('media').bulkPut([
      ...Array.from({ length: 2_500 }, (_, i) => legacy('c1', i)),
      legacy('c1', 9_001, { state: 'done', bytes: 10, sha256: 'cd'.repeat(32), mime: 'image/jpeg' }),
      legacy('c1', 9_002, {
        state: 'failed',
        attempts: 2,
        failure: { sdkCode: 10005, permanent: true, message: 'x' },
      }),
      legacy('c2', 1, { convId: undefined, from: undefined }),
    ]);
    previous.close();

    const db = archive(factory);
    await db.open();
    expect(db.verno).toBe(schemaVersions.at(-1)?.version);
    expect(db.tables.map((table) => table.name)).not.toContain('media');
    const items = await corpItems(db, 'c1');
    expect(items).toHaveLength(2_502);
    expect(new Set(items.map((item) => item.sdkfileid)).size).toBe(2_502);
    expect(items.find((item) => item.sdkfileid === 'F09001')).toEqual({
      sdkfileid: 'F09001',
      msgid: 'm9001',
      msgtime: T0 + 9_001,
      convId: 's:a|b',
      from: 'a',
      kind: 'image',
      md5sum: 'aa',
      size: 10,
      path: 'image',
    });
    expect(await mediaStates(db).toArray()).toEqual([
      expect.objectContaining({ corpId: 'c1', sdkfileid: 'F09001', state: 'done', sha256: 'cd'.repeat(32) }),
      expect.objectContaining({ corpId: 'c1', sdkfileid: 'F09002', state: 'failed', attempts: 2 }),
    ]);
    expect(await mediaCounts(db, 'c1')).toMatchObject({ total: 2_502, pending: 2_500, done: 1, failed: 1 });
    const tallies = await mediaTallies(db).toArray();
    expect(tallies.map(({ corpId, total, backfilled }) => [corpId, total, backfilled])).toEqual([
      ['c1', 2_502, false],
      ['c2', 1, false],
      ['quiet', 0, false],
    ]);
    expect(
      (await mediaItemPages(db).where('[corpId+page]').between(['c1', 0], ['c1', 99]).toArray()).length,
    ).toBe(tallies[0]?.pages);

    // A file already stored is found through the index the upgrade wrote; a new one lands after the last page.
    await commitBatch(db, 'c1', {
      batchId: 1,
      cursor: '12',
      messages: [image(10, 'F00007'), image(11, 'NEW')],
    });
    const after = await corpItems(db, 'c1');
    expect(after).toHaveLength(2_503);
    expect(after.at(-1)?.sdkfileid).toBe('NEW');
    // The old messages are looked through once.
    expect(await backfillMediaRows(db, 'c1')).toBe(0);
    expect(await mediaTallies(db).get('c1')).toMatchObject({ total: 2_503, backfilled: true });
  });
});
