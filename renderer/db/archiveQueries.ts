import Dexie from 'dexie';
import type { ArchiveDb } from './archiveDb';
import { countProblems, problemsOf, problemVersions } from './messageProblems';
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
  const [cursor, decryptFailed, versions] = await Promise.all([
    db.cursors.get(corpId),
    countProblems(db, corpId, 'decrypt-failed'),
    problemVersions(db, corpId, 'missing-key'),
  ]);
  // Counted by IndexedDB per version: an archive pulled before its key was imported may wait whole.
  const missingKey = await Promise.all(
    versions.map(async (version) => ({
      version,
      count: await problemsOf(db, corpId, 'missing-key', version).count(),
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
  const [conversations, msgtypeKeys, first, last, times] = await Promise.all([
    db.conversations.where('[corpId+convId]').between([corpId, Dexie.minKey], [corpId, Dexie.maxKey]).count(),
    corpRange(db, '[corpId+msgtype]', corpId).uniqueKeys(),
    corpRange(db, '[corpId+seqKey]', corpId).first(),
    corpRange(db, '[corpId+seqKey]', corpId).last(),
    messageTimeRange(db, corpId),
  ]);
  const msgtypes = (msgtypeKeys as unknown as Array<[string, string]>).map((key) => key[1]);
  const byMsgtype = await Promise.all(
    msgtypes.map(async (msgtype) => ({
      msgtype,
      count: await db.messages.where('[corpId+msgtype]').equals([corpId, msgtype]).count(),
    })),
  );
  return {
    conversations,
    byMsgtype: byMsgtype.sort((a, b) => b.count - a.count || a.msgtype.localeCompare(b.msgtype)),
    firstSeq: first?.seq ?? null,
    lastSeq: last?.seq ?? null,
    ...times,
  };
}

/**
 * Oldest and newest message time of a corp, from its chats' summaries (the derived `conversations`
 * table, one row per chat with a decrypted message): one seek at each end of `[corpId+firstMsgtime]`
 * and `[corpId+lastMsgtime]`. msgtime 0 means "unknown" (the SDK's own image sample has it): a chat's
 * firstMsgtime skips it (Infinity when it has no other), so do the bounds here.
 */
async function messageTimeRange(
  db: ArchiveDb,
  corpId: string,
): Promise<{ firstMsgtime: number | null; lastMsgtime: number | null }> {
  const [first, last] = await Promise.all([
    db.conversations
      .where('[corpId+firstMsgtime]')
      .between([corpId, 0], [corpId, Number.POSITIVE_INFINITY], false, false)
      .first(),
    db.conversations
      .where('[corpId+lastMsgtime]')
      .between([corpId, 0], [corpId, Dexie.maxKey], false, true)
      .last(),
  ]);
  return { firstMsgtime: first?.firstMsgtime ?? null, lastMsgtime: last?.lastMsgtime ?? null };
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

/**
 * Corps that have messages stored, from `[corpId+seqKey]` by one seek per corp (to the smallest key after
 * the corp's: its id + U+0000), so the cost is the number of corps, not of messages.
 */
export async function messageCorpIds(db: ArchiveDb): Promise<string[]> {
  const corps: string[] = [];
  let from: [string] | typeof Dexie.minKey = Dexie.minKey;
  for (;;) {
    const next = (await db.messages
      .where('[corpId+seqKey]')
      .aboveOrEqual(from)
      .limit(1)
      .keys()) as unknown as Array<[string, string]>;
    const key = next[0];
    if (!key) return corps;
    corps.push(key[0]);
    from = [`${key[0]}\u0000`];
  }
}

/** Corps that have archived data, including corps since removed from the settings. */
export async function archivedCorpIds(db: ArchiveDb): Promise<string[]> {
  return db.cursors.toCollection().primaryKeys();
}
