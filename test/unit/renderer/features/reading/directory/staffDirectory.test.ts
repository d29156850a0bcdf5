import { describe, expect, it } from 'vitest';
import type { ArchiveApi, DirectoryResultDto } from '../../../../../../main/contract';
import { ok } from '../../../../../../main/contract';
import {
  directoryRows,
  refreshDirectory,
} from '../../../../../../renderer/features/reading/directory/directoryCache';
import {
  DirectoryFileError,
  directoryFromRows,
  importStaffDirectory,
  namesOf,
  parseDirectoryFile,
} from '../../../../../../renderer/features/reading/directory/staffDirectory';
import { buildDirectory } from '../../../../../../renderer/features/reading/directory/useDirectory';
import type { ConversationRow } from '../../../../../../renderer/features/reading';
import { freshDb } from '../../../fixtures';

const CORP = 'corp-1';
const csv = (text: string) => new TextEncoder().encode(text);

describe('directoryFromRows / parseDirectoryFile', () => {
  it('finds the columns by their header in either language, in any order', async () => {
    const parsed = await parseDirectoryFile(
      csv('\uFEFF部门,姓名,账号\r\n销售部,张伟,zhangwei\r\n,李娜,LiNa\r\n'),
    );
    expect(parsed.entries).toEqual([
      { userid: 'zhangwei', name: '张伟', department: '销售部' },
      { userid: 'LiNa', name: '李娜', department: '' },
    ]);
    expect(parsed.skipped).toEqual([]);
  });

  it('without a header reads userid, name, department; lines missing an id or a name are reported; the last duplicate wins', () => {
    const parsed = directoryFromRows([
      ['zhangwei', '张伟', '销售部'],
      ['', '无账号'],
      ['LiNa', ''],
      ['zhangwei', '张伟(新)', '销售二部'],
    ]);
    expect(parsed.entries).toEqual([{ userid: 'zhangwei', name: '张伟(新)', department: '销售二部' }]);
    expect(parsed.skipped).toEqual([2, 3]);
    expect(parsed.duplicates).toBe(1);
  });

  it('refuses an empty file and a one-column file', async () => {
    await expect(parseDirectoryFile(csv('\n\n'))).rejects.toBeInstanceOf(DirectoryFileError);
    await expect(parseDirectoryFile(csv('zhangwei\nlina\n'))).rejects.toMatchObject({
      problem: 'no-columns',
    });
  });
});

describe('the imported staff directory', () => {
  it('names ids everywhere directoryRows is read, wins over a looked-up name, and keeps every name in the history', async () => {
    const db = freshDb();
    await db.directory.put({
      corpId: CORP,
      kind: 'person',
      id: 'zhangwei',
      name: '伟哥',
      resolvedAt: 1,
      error: null,
    });
    expect(buildDirectory(await directoryRows(db, CORP)).nameOf('zhangwei')).toBe('伟哥');

    const first = await importStaffDirectory(
      db,
      CORP,
      directoryFromRows([
        ['zhangwei', '张伟', '销售部'],
        ['LiNa', '李娜', '客服部'],
      ]),
      'staff.csv',
      1_000,
    );
    expect(first).toEqual({ imported: 2, renamed: 2, removed: 0 });
    let directory = buildDirectory(await directoryRows(db, CORP));
    expect(directory.nameOf('zhangwei')).toBe('张伟');
    expect(directory.department('LiNa')).toBe('客服部');
    expect(directory.nameOf('0000726')).toBe('0000726');
    // Another corp sees none of it.
    expect(buildDirectory(await directoryRows(db, 'corp-2')).isResolved('zhangwei')).toBe(false);

    // A later import renames one person and drops another: the old name stays in the history.
    const second = await importStaffDirectory(
      db,
      CORP,
      directoryFromRows([['zhangwei', '张伟伟', '销售部']]),
      'staff-v2.csv',
      2_000,
    );
    expect(second).toEqual({ imported: 1, renamed: 1, removed: 1 });
    directory = buildDirectory(await directoryRows(db, CORP));
    expect(directory.nameOf('zhangwei')).toBe('张伟伟');
    expect(directory.isResolved('LiNa')).toBe(false);
    expect(
      (await namesOf(db, CORP, 'zhangwei')).map((row) => [row.name, row.firstSeenAt, row.lastSeenAt]),
    ).toEqual([
      ['张伟', 1_000, 1_000],
      ['张伟伟', 2_000, 2_000],
    ]);
  });

  it('asks externalcontact/get for an unnamed single-chat counterpart and records the name it answers', async () => {
    const db = freshDb();
    const conversation = {
      corpId: CORP,
      convId: 's:wmCustomer01|zhangwei',
      roomid: '',
      participants: ['zhangwei', 'wmCustomer01'],
    } as unknown as ConversationRow;
    const asked: unknown[] = [];
    const archive: Pick<ArchiveApi, 'resolveDirectory'> = {
      resolveDirectory: async (request) => {
        asked.push(request);
        const result: DirectoryResultDto = {
          groups: [],
          robots: [],
          singleConsents: [],
          singleConsentError: null,
          externalContacts: [
            { externalUserid: 'wmCustomer01', name: '王先生', type: 'wechat', corpName: null, error: null },
          ],
          resolvedAt: 5_000,
        };
        return ok(result);
      },
    };
    await refreshDirectory(db, archive, CORP, [conversation], { now: 5_000 });
    expect(asked[0]).toMatchObject({ externalUserids: ['wmCustomer01'] });
    expect(buildDirectory(await directoryRows(db, CORP)).nameOf('wmCustomer01')).toBe('王先生');
    expect(await namesOf(db, CORP, 'wmCustomer01')).toEqual([
      expect.objectContaining({ name: '王先生', source: 'external-contact' }),
    ]);
    // Named now: the next refresh does not ask again.
    asked.length = 0;
    await refreshDirectory(db, archive, CORP, [conversation], { now: 6_000 });
    expect(asked.map((r) => (r as { externalUserids: string[] }).externalUserids).flat()).toEqual([]);
  });
});
