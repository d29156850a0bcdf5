import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { IngestMessageDto, MessageHeaderDto } from '../../../../../main/contract';
import { conversationDerivedIndex } from '../../../../../renderer/features/reading/conversations/conversationIndex';
import { ArchiveDb, commitBatch, mediaItemPages, mediaTallies } from '../../../../../renderer/db';
import { loadMediaOrigin } from '../../../../../renderer/features/media/mediaOrigin';
import {
  applyMediaStates,
  backfillMediaRows,
  mediaDerivedIndex,
  mediaPage,
  NO_MEDIA_FILTER,
} from '../../../../../renderer/features/media/mediaRows';
import { decryptedMessage, header } from '../../fixtures';

const T0 = Date.UTC(2024, 0, 5, 1, 0, 0);

function mediaMessage(
  seq: number,
  overrides: Partial<MessageHeaderDto>,
  kind: 'image' | 'voice' = 'image',
): IngestMessageDto {
  const h = header({ msgtype: kind, msgtime: T0 + seq * 3_600_000, ...overrides });
  const msgid = `media${seq}`;
  const body =
    kind === 'image'
      ? { image: { md5sum: 'aa', filesize: 10, sdkfileid: `SDK${seq}` } }
      : { voice: { md5sum: 'bb', voice_size: 10, play_length: 4, sdkfileid: `SDK${seq}` } };
  return decryptedMessage(seq, h, body, msgid);
}

const messages = [
  mediaMessage(1, { from: 'zhangsan', tolist: ['lisi'] }),
  mediaMessage(2, { from: 'lisi', tolist: ['zhangsan'] }, 'voice'),
  mediaMessage(3, { from: 'wangwu', tolist: ['a', 'b'], roomid: 'room1' }),
  mediaMessage(4, { from: 'zhangsan', tolist: ['a', 'b'], roomid: 'room1' }),
];

function archive(derived = [conversationDerivedIndex, mediaDerivedIndex]): ArchiveDb {
  return new ArchiveDb({ indexedDB: new IDBFactory(), IDBKeyRange, derived });
}

describe('the Media screen’s rows', () => {
  it('carry their chat, sender and time; list newest first and filter by kind, chat, sender and day', async () => {
    const db = archive();
    await commitBatch(db, 'c1', { batchId: 1, cursor: '4', messages });
    const all = await mediaPage(db, 'c1', NO_MEDIA_FILTER, 0, 10);
    expect(all.total).toBe(4);
    expect(all.rows.map((row) => row.msgid)).toEqual(['media4', 'media3', 'media2', 'media1']);
    expect(all.rows[0]).toMatchObject({ convId: 'g:room1', from: 'zhangsan', msgtime: T0 + 4 * 3_600_000 });

    const page = (filter: Partial<typeof NO_MEDIA_FILTER>) =>
      mediaPage(db, 'c1', { ...NO_MEDIA_FILTER, ...filter }, 0, 10).then((p) =>
        p.rows.map((row) => row.msgid),
      );
    expect(await page({ convId: 'g:room1' })).toEqual(['media4', 'media3']);
    expect(await page({ from: 'zhangsan' })).toEqual(['media4', 'media1']);
    expect(await page({ kind: 'voice' })).toEqual(['media2']);
    expect(await page({ since: T0 + 2 * 3_600_000, until: T0 + 3 * 3_600_000 })).toEqual([
      'media3',
      'media2',
    ]);
    expect(await page({ from: 'zhangsan', convId: 'g:room1' })).toEqual(['media4']);
    expect((await mediaPage(db, 'c1', NO_MEDIA_FILTER, 1, 2)).rows.map((row) => row.msgid)).toEqual([
      'media3',
      'media2',
    ]);
  });

  it('gives items stored before they named their chat the chat and sender, and nothing else', async () => {
    const db = archive();
    await commitBatch(db, 'c1', { batchId: 1, cursor: '4', messages });
    await applyMediaStates(db, 'c1', [
      { sdkfileid: 'SDK1', state: 'done', bytes: 10, size: 10, attempts: 0 },
    ]);
    // As an older version stored them: no chat, no sender; the corp not looked through yet.
    const pages = await mediaItemPages(db).toArray();
    for (const page of pages) page.items = page.items.map(({ convId: _convId, from: _from, ...old }) => old);
    await mediaItemPages(db).bulkPut(pages);
    await mediaTallies(db).update('c1', { backfilled: false });

    expect(await backfillMediaRows(db, 'c1')).toBe(0);
    const [first] = (await mediaPage(db, 'c1', NO_MEDIA_FILTER, 3, 1)).rows;
    expect(first).toMatchObject({
      msgid: 'media1',
      convId: 's:lisi|zhangsan',
      from: 'zhangsan',
      state: 'done',
      bytes: 10,
    });
    expect((await mediaPage(db, 'c1', NO_MEDIA_FILTER, 0, 10)).total).toBe(4);
    expect(await mediaTallies(db).get('c1')).toMatchObject({ total: 4, backfilled: true });
  });

  it('names where an item comes from the way the chat list does (ids when unresolved)', async () => {
    const db = archive();
    await commitBatch(db, 'c1', { batchId: 1, cursor: '4', messages });
    await db.directory.bulkPut([
      { corpId: 'c1', kind: 'person', id: 'zhangsan', name: '张三', resolvedAt: 1, error: null },
      { corpId: 'c1', kind: 'person', id: 'lisi', name: '李四', resolvedAt: 1, error: null },
    ]);
    expect(await loadMediaOrigin(db, 'c1', 'media1')).toEqual({
      convId: 's:lisi|zhangsan',
      from: 'zhangsan',
      sender: '张三',
      chat: '李四 ↔ 张三',
      msgtime: T0 + 3_600_000,
    });
    expect(await loadMediaOrigin(db, 'c1', 'media3')).toMatchObject({ sender: 'wangwu', chat: 'room1' });
    expect(await loadMediaOrigin(db, 'c1', 'nope')).toBeNull();
  });
});
