import Dexie from 'dexie';
import type { Table } from 'dexie';
import type { ArchiveDb } from '../../../db';
import { parseCsv } from './csvTable';
import { readXlsxRows } from './xlsxTable';

/**
 * The staff directory a reviewer imports (CSV or XLSX: userid → name → department), because the
 * archive secret cannot read the contact book (docs/wecom-sdk.md §6). One row per corp and userid in
 * its own table (`staffDirectory`, schema v8); an import replaces the corp's previous one. Every name
 * an id is known by, from any source, is kept with when it was first and last seen (`personNames`),
 * so a person's names over time stay visible after a rename.
 */
export interface StaffRow {
  corpId: string;
  userid: string;
  name: string;
  department: string;
  importedAt: number;
  /** The imported file's name, for "from which list". */
  source: string;
}

export type NameSource = 'import' | 'group-member' | 'external-contact' | 'robot';

export interface PersonNameRow {
  /** Auto-increment key: the name itself is sealed at rest, so it cannot be part of a key. */
  id?: number;
  corpId: string;
  userid: string;
  name: string;
  source: NameSource;
  firstSeenAt: number;
  lastSeenAt: number;
}

declare module '../../../db/archiveDb' {
  interface ArchiveDb {
    staffDirectory: Table<StaffRow, [string, string]>;
    personNames: Table<PersonNameRow, number>;
  }
}

export interface ParsedDirectory {
  entries: Array<Pick<StaffRow, 'userid' | 'name' | 'department'>>;
  /** 1-based line (or sheet row) numbers that had no userid or no name. */
  skipped: number[];
  /** Lines whose userid appeared before (the later one wins). */
  duplicates: number;
}

export class DirectoryFileError extends Error {
  constructor(readonly problem: 'empty' | 'no-columns' | 'unreadable') {
    super(`directory file: ${problem}`);
    this.name = 'DirectoryFileError';
  }
}

/** Header words (lower-cased, spaces removed) that name each column, in both languages and WeCom's export. */
const HEADERS: Readonly<Record<'userid' | 'name' | 'department', readonly string[]>> = {
  userid: ['userid', 'user_id', 'id', '账号', '帐号', '成员账号', '成员id', '工号', 'account'],
  name: ['name', '姓名', '名字', '成员', '成员姓名', 'displayname', 'fullname'],
  department: ['department', 'dept', '部门', '所在部门', 'team'],
};

function columnsOf(header: readonly string[]): { userid: number; name: number; department: number } | null {
  const cells = header.map((cell) => cell.trim().toLowerCase().replace(/\s+/g, ''));
  const find = (words: readonly string[]) => cells.findIndex((cell) => words.includes(cell));
  const userid = find(HEADERS.userid);
  const name = find(HEADERS.name);
  if (userid < 0 || name < 0) return null;
  return { userid, name, department: find(HEADERS.department) };
}

/** Rows of a table → entries: a header row when one is recognised, else columns userid, name, department. */
export function directoryFromRows(rows: readonly string[][]): ParsedDirectory {
  if (rows.length === 0) throw new DirectoryFileError('empty');
  const header = columnsOf(rows[0] ?? []);
  const columns = header ?? { userid: 0, name: 1, department: 2 };
  if (!header && (rows[0]?.length ?? 0) < 2) throw new DirectoryFileError('no-columns');
  const byId = new Map<string, ParsedDirectory['entries'][number]>();
  const skipped: number[] = [];
  let duplicates = 0;
  rows.forEach((row, index) => {
    if (header && index === 0) return;
    const userid = (row[columns.userid] ?? '').trim();
    const name = (row[columns.name] ?? '').trim();
    const department = columns.department < 0 ? '' : (row[columns.department] ?? '').trim();
    if (!userid || !name) {
      skipped.push(index + 1);
      return;
    }
    if (byId.has(userid)) duplicates += 1;
    byId.set(userid, { userid, name, department });
  });
  return { entries: [...byId.values()], skipped, duplicates };
}

/** A chosen file: `.xlsx` by its ZIP signature, anything else read as UTF-8 CSV. */
export async function parseDirectoryFile(bytes: Uint8Array): Promise<ParsedDirectory> {
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  let rows: string[][];
  try {
    rows = isZip ? await readXlsxRows(bytes) : parseCsv(new TextDecoder('utf-8').decode(bytes));
  } catch {
    throw new DirectoryFileError('unreadable');
  }
  return directoryFromRows(rows);
}

const corpRange = (corpId: string) =>
  [
    [corpId, Dexie.minKey],
    [corpId, Dexie.maxKey],
  ] as const;

export async function staffRows(db: ArchiveDb, corpId: string): Promise<StaffRow[]> {
  const [from, to] = corpRange(corpId);
  return db.staffDirectory.where('[corpId+userid]').between(from, to).toArray();
}

/**
 * Replaces the corp's imported directory with these entries and records each name in the history.
 * Returns how many ids got a name they did not have before.
 */
export async function importStaffDirectory(
  db: ArchiveDb,
  corpId: string,
  parsed: ParsedDirectory,
  source: string,
  now = Date.now(),
): Promise<{ imported: number; renamed: number; removed: number }> {
  return db.transaction('rw', db.staffDirectory, db.personNames, async () => {
    const before = new Map((await staffRows(db, corpId)).map((row) => [row.userid, row]));
    const rows: StaffRow[] = parsed.entries.map((entry) => ({
      corpId,
      ...entry,
      importedAt: now,
      source,
    }));
    const kept = new Set(rows.map((row) => row.userid));
    const removed = [...before.keys()].filter((userid) => !kept.has(userid));
    await db.staffDirectory.bulkDelete(removed.map((userid): [string, string] => [corpId, userid]));
    await db.staffDirectory.bulkPut(rows);
    await recordNames(
      db,
      corpId,
      rows.map((row) => ({ userid: row.userid, name: row.name })),
      'import',
      now,
    );
    const renamed = rows.filter((row) => before.get(row.userid)?.name !== row.name).length;
    return { imported: rows.length, renamed, removed: removed.length };
  });
}

/** Adds or refreshes name-history rows (first seen kept, last seen moved to `now`). */
export async function recordNames(
  db: ArchiveDb,
  corpId: string,
  names: ReadonlyArray<{ userid: string; name: string }>,
  source: NameSource,
  now = Date.now(),
): Promise<void> {
  if (names.length === 0) return;
  const [from, to] = corpRange(corpId);
  const key = (userid: string, name: string) => JSON.stringify([userid, name]);
  const existing = new Map(
    (await db.personNames.where('[corpId+userid]').between(from, to).toArray())
      .filter((row) => row.source === source)
      .map((row) => [key(row.userid, row.name), row]),
  );
  const rows = new Map<string, PersonNameRow>();
  for (const n of names) {
    const before = existing.get(key(n.userid, n.name));
    rows.set(key(n.userid, n.name), {
      ...(before?.id === undefined ? {} : { id: before.id }),
      corpId,
      userid: n.userid,
      name: n.name,
      source,
      firstSeenAt: before?.firstSeenAt ?? now,
      lastSeenAt: now,
    });
  }
  await db.personNames.bulkPut([...rows.values()]);
}

/** Every name one id has been known by, oldest first. */
export async function namesOf(db: ArchiveDb, corpId: string, userid: string): Promise<PersonNameRow[]> {
  const rows = await db.personNames.where('[corpId+userid]').equals([corpId, userid]).toArray();
  return rows.sort((a, b) => a.firstSeenAt - b.firstSeenAt || a.name.localeCompare(b.name));
}
