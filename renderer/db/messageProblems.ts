import Dexie from 'dexie';
import type { Collection, Table, Transaction } from 'dexie';
import type { DecryptStatus } from '../../main/contract';
import type { ArchiveDb } from './archiveDb';
import type { DerivedIndex } from './derived';
import type { MessageKey, MessageRow } from './rows';

/**
 * The messages that are not decrypted, one row each: what re-decryption retries, what the status
 * counts, the risk banner and the ledger count. It replaces two indexes of `messages`
 * (`[corpId+status]`, `[corpId+status+publickeyVer]`) that put an entry for EVERY message on every
 * write although nearly every message is `ok` and no query ever asks for the `ok` ones: on disk each
 * index entry cost ~60 µs of Chromium's CPU per message (docs/ARCHITECTURE.md §9.1). This table is
 * written only for the few rows that need it.
 *
 * It mirrors the rows exactly — a message has a row here if and only if its stored status is not
 * `ok` — and is written in the messages' own transactions (a derived index every ArchiveDb keeps,
 * archiveDb.ts), so it never disagrees with them. A restore derives it again from the restored
 * messages (features/backup/backupRunner.ts); the schema upgrade that introduced it filled it from
 * the two indexes before they were dropped (listProblemsOfStoredMessages).
 */
export interface MessageProblemRow {
  corpId: string;
  msgid: string;
  status: Exclude<DecryptStatus, 'ok'>;
  publickeyVer: number;
}

declare module './archiveDb' {
  interface ArchiveDb {
    messageProblems: Table<MessageProblemRow, MessageKey>;
  }
}

/** The row a stored message needs here, or null when it is decrypted. */
export function problemOf(row: Pick<MessageRow, 'corpId' | 'msgid' | 'status' | 'publickeyVer'>) {
  if (row.status === 'ok') return null;
  const problem: MessageProblemRow = {
    corpId: row.corpId,
    msgid: row.msgid,
    status: row.status,
    publickeyVer: row.publickeyVer,
  };
  return problem;
}

/** The derived index every ArchiveDb keeps (archiveDb.ts puts it before the app's own). */
export const messageProblemsDerivedIndex: DerivedIndex = {
  name: 'db.messageProblems',
  tables: (db) => [db.messageProblems],
  async apply(db, rows, previous) {
    const puts: MessageProblemRow[] = [];
    const deletes: MessageKey[] = [];
    rows.forEach((row, index) => {
      const problem = problemOf(row);
      if (problem) puts.push(problem);
      else if (previous[index] && previous[index].status !== 'ok') deletes.push([row.corpId, row.msgid]);
    });
    if (puts.length > 0) await db.messageProblems.bulkPut(puts);
    if (deletes.length > 0) await db.messageProblems.bulkDelete(deletes);
  },
};

/** A corp's problem rows of one status, optionally of one key version, by index. */
export function problemsOf(
  db: ArchiveDb,
  corpId: string,
  status: MessageProblemRow['status'],
  publickeyVer?: number,
): Collection<MessageProblemRow, MessageKey> {
  const index = db.messageProblems.where('[corpId+status+publickeyVer]');
  return publickeyVer === undefined
    ? index.between([corpId, status, Dexie.minKey], [corpId, status, Dexie.maxKey], true, true)
    : index.equals([corpId, status, publickeyVer]);
}

/**
 * The key versions a corp's rows of this status have, ascending: one seek per version (to the next
 * integer: publickey_ver is a u32, docs/wecom-sdk.md §3.1), never a walk of the rows.
 */
export async function problemVersions(
  db: ArchiveDb,
  corpId: string,
  status: MessageProblemRow['status'],
): Promise<number[]> {
  const versions: number[] = [];
  let from: number | typeof Dexie.minKey = Dexie.minKey;
  for (;;) {
    const next = (await db.messageProblems
      .where('[corpId+status+publickeyVer]')
      .between([corpId, status, from], [corpId, status, Dexie.maxKey], true, true)
      .limit(1)
      .keys()) as unknown as Array<[string, string, number]>;
    const version = next[0]?.[2];
    if (version === undefined) return versions;
    versions.push(version);
    from = Math.floor(version) + 1;
  }
}

/** How many of a corp's messages have this status (never `ok`: those are not counted here). */
export function countProblems(db: ArchiveDb, corpId: string, status: MessageProblemRow['status']) {
  return problemsOf(db, corpId, status).count();
}

/**
 * Schema upgrade: one row for every stored message that is not `ok`, read from the keys of the
 * `[corpId+status+publickeyVer]` index the next version drops — no message row is read (nor opened:
 * the data key is not needed). The `ok` range of each corp is stepped over by one seek, so the cost
 * is the problem rows, not the archive.
 */
export async function listProblemsOfStoredMessages(transaction: Transaction): Promise<void> {
  const messages = transaction.table('messages');
  const problems = transaction.table('messageProblems');
  let from: unknown[] | typeof Dexie.minKey = Dexie.minKey;
  for (;;) {
    const next = (await messages
      .where('[corpId+status+publickeyVer]')
      .aboveOrEqual(from)
      .limit(1)
      .keys()) as unknown as Array<[string, DecryptStatus, number]>;
    const key = next[0];
    if (!key) return;
    const [corpId, status] = key;
    // The smallest key after every entry of this corp and status ("ok" + U+0000 > any ["ok", ver]).
    from = [corpId, `${status}\u0000`];
    if (status === 'ok') continue;
    const rows: MessageProblemRow[] = [];
    await messages
      .where('[corpId+status+publickeyVer]')
      .between([corpId, status, Dexie.minKey], [corpId, status, Dexie.maxKey], true, true)
      .eachKey((indexKey, cursor) => {
        const [, , publickeyVer] = indexKey as unknown as [string, DecryptStatus, number];
        const [, msgid] = cursor.primaryKey as unknown as MessageKey;
        rows.push({ corpId, msgid, status, publickeyVer });
      });
    await problems.bulkPut(rows);
  }
}
