import Dexie from 'dexie';
import type { ArchiveDb } from './archiveDb';
import type { MessageRow } from './rows';

/**
 * Read-only queries for the overview screens. Every count goes through an index (key-only work),
 * so they stay cheap enough to re-run under `useLiveQuery` after each committed batch.
 */

export interface StatusCounts {
  total: number;
  ok: number;
  decryptFailed: number;
  /** Messages waiting for a key, per publickey_ver, ascending. */
  missingKey: Array<{ version: number; count: number }>;
}

const corpRange = (db: ArchiveDb, index: string, corpId: string) =>
  db.messages.where(index).between([corpId, Dexie.minKey], [corpId, Dexie.maxKey], true, true);

/**
 * A corp's chat summaries (the derived `conversations` table), oldest last message first; `.reverse()`
 * for the newest first, as the lists show them.
 */
export const corpConversations = (db: ArchiveDb, corpId: string) =>
  db.conversations.where('[corpId+lastMsgtime]').between([corpId, Dexie.minKey], [corpId, Dexie.maxKey]);

/**
 * Counts by decrypt status. The total comes from the cursor row (commitBatch keeps its `messages`
 * count in the same transaction as the rows), and `ok` is derived from it, so only the usually small
 * failed and key-less ranges are counted: an index count is a scan in IndexedDB, and the pull panel
 * re-runs this after every committed batch — counting every row each time would make a long pull
 * quadratic. Without a cursor row (nothing committed yet) the rows are counted.
 */
export async function statusCounts(db: ArchiveDb, corpId: string): Promise<StatusCounts> {
  const [cursor, decryptFailed, missingVersions] = await Promise.all([
    db.cursors.get(corpId),
    db.messages.where('[corpId+status]').equals([corpId, 'decrypt-failed']).count(),
    db.messages
      .where('[corpId+status+publickeyVer]')
      .between([corpId, 'missing-key', Dexie.minKey], [corpId, 'missing-key', Dexie.maxKey], true, true)
      .uniqueKeys(),
  ]);
  const versions = (missingVersions as unknown as Array<[string, string, number]>).map((key) => key[2]);
  const missingKey = await Promise.all(
    versions.map(async (version) => ({
      version,
      count: await db.messages
        .where('[corpId+status+publickeyVer]')
        .equals([corpId, 'missing-key', version])
        .count(),
    })),
  );
  const total = cursor?.messages ?? (await corpRange(db, '[corpId+seqKey]', corpId).count());
  const waiting = missingKey.reduce((sum, entry) => sum + entry.count, 0);
  return {
    total,
    ok: Math.max(0, total - decryptFailed - waiting),
    decryptFailed,
    missingKey: missingKey.sort((a, b) => a.version - b.version),
  };
}

export interface CorpOverview {
  conversations: number;
  byMsgtype: Array<{ msgtype: string; count: number }>;
  firstSeq: string | null;
  lastSeq: string | null;
  firstMsgtime: number | null;
  lastMsgtime: number | null;
}

export async function corpOverview(db: ArchiveDb, corpId: string): Promise<CorpOverview> {
  const [conversationKeys, msgtypeKeys, first, last] = await Promise.all([
    corpRange(db, '[corpId+convId]', corpId).uniqueKeys(),
    corpRange(db, '[corpId+msgtype]', corpId).uniqueKeys(),
    corpRange(db, '[corpId+seqKey]', corpId).first(),
    corpRange(db, '[corpId+seqKey]', corpId).last(),
  ]);
  const msgtypes = (msgtypeKeys as unknown as Array<[string, string]>).map((key) => key[1]);
  const byMsgtype = await Promise.all(
    msgtypes.map(async (msgtype) => ({
      msgtype,
      count: await db.messages.where('[corpId+msgtype]').equals([corpId, msgtype]).count(),
    })),
  );
  const times = await messageTimeRange(db, corpId);
  return {
    conversations: conversationKeys.length,
    byMsgtype: byMsgtype.sort((a, b) => b.count - a.count || a.msgtype.localeCompare(b.msgtype)),
    firstSeq: first?.seq ?? null,
    lastSeq: last?.seq ?? null,
    ...times,
  };
}

/**
 * Oldest and newest message time of a corp. The `msgtime` index is shared by all corps, so this
 * walks it from each end until the first row of this corp: quick unless another corp dominates
 * the same edge. msgtime 0 means "unknown" (the SDK's own image sample has it).
 */
async function messageTimeRange(
  db: ArchiveDb,
  corpId: string,
): Promise<{ firstMsgtime: number | null; lastMsgtime: number | null }> {
  const ofCorp = (row: MessageRow) => row.corpId === corpId;
  const [first, last] = await Promise.all([
    db.messages.where('msgtime').above(0).filter(ofCorp).first(),
    db.messages.where('msgtime').above(0).reverse().filter(ofCorp).first(),
  ]);
  return { firstMsgtime: first?.msgtime ?? null, lastMsgtime: last?.msgtime ?? null };
}

export interface MessagePage {
  rows: MessageRow[];
  /** More rows exist with a lower seq than the last row (older). */
  hasOlder: boolean;
  /** More rows exist with a higher seq than the first row (newer). */
  hasNewer: boolean;
}

/**
 * A page of a corp's messages, newest seq first, by keyset on `[corpId+seqKey]`: `before` pages
 * towards older rows, `after` towards newer; neither = the newest page. Cost does not grow with
 * the archive size, unlike an offset.
 */
export async function messagesPage(
  db: ArchiveDb,
  corpId: string,
  position: { before?: string; after?: string },
  limit: number,
): Promise<MessagePage> {
  const lower: [string, unknown] = [corpId, position.after ?? Dexie.minKey];
  const upper: [string, unknown] = [corpId, position.before ?? Dexie.maxKey];
  const range = db.messages.where('[corpId+seqKey]').between(lower, upper, false, false);
  let rows: MessageRow[];
  if (position.after !== undefined) {
    rows = (await range.limit(limit + 1).toArray()).reverse();
    const hasNewer = rows.length > limit;
    rows = hasNewer ? rows.slice(1) : rows;
    return { rows, hasNewer, hasOlder: true };
  }
  rows = await range
    .reverse()
    .limit(limit + 1)
    .toArray();
  const hasOlder = rows.length > limit;
  return { rows: rows.slice(0, limit), hasOlder, hasNewer: position.before !== undefined };
}

/** Corps that have archived data, including corps since removed from the settings. */
export async function archivedCorpIds(db: ArchiveDb): Promise<string[]> {
  return db.cursors.toCollection().primaryKeys();
}
