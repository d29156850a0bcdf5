import Dexie from 'dexie';
import type { ArchiveDb, MessageRow } from '../../../db';

/**
 * A chat's messages by POSITION in `[corpId+convId+msgtime]` order (ties by msgid), so the timeline
 * can address 100 000 messages without loading their keys: a page is `offset + limit` on the
 * index (IndexedDB advances the cursor natively), a date or a msgid becomes a position by counting.
 */
const range = (
  db: ArchiveDb,
  corpId: string,
  convId: string,
  upper: unknown = Dexie.maxKey,
  upperOpen = false,
) =>
  db.messages
    .where('[corpId+convId+msgtime]')
    .between([corpId, convId, Dexie.minKey], [corpId, convId, upper], true, !upperOpen);

export async function countMessages(db: ArchiveDb, corpId: string, convId: string): Promise<number> {
  return range(db, corpId, convId).count();
}

export async function messagesAt(
  db: ArchiveDb,
  corpId: string,
  convId: string,
  offset: number,
  limit: number,
): Promise<MessageRow[]> {
  return range(db, corpId, convId).offset(offset).limit(limit).toArray();
}

/** Position of the first message at or after `ms`. */
export async function positionOfTime(
  db: ArchiveDb,
  corpId: string,
  convId: string,
  ms: number,
): Promise<number> {
  return range(db, corpId, convId, ms, true).count();
}

/** Position of a message in its chat, or null when it is not stored (or in another chat). */
export async function positionOfMessage(
  db: ArchiveDb,
  corpId: string,
  convId: string,
  msgid: string,
): Promise<number | null> {
  const row = await db.messages.get([corpId, msgid]);
  if (!row || row.convId !== convId || row.msgtime === undefined) return null;
  const before = await range(db, corpId, convId, row.msgtime, true).count();
  const ties = await db.messages
    .where('[corpId+convId+msgtime]')
    .equals([corpId, convId, row.msgtime])
    .primaryKeys();
  const within = ties.findIndex((key) => key[1] === msgid);
  return before + Math.max(0, within);
}

/**
 * The message a quote refers to (SDK-SPEC §7: no msgid is given): the latest earlier message of the
 * same chat whose text equals the quoted text — preferring one whose sender carries the quoted
 * name — or, for a quoted "[图片]"-style label, of that type.
 */
export async function findQuotedMessage(
  db: ArchiveDb,
  row: MessageRow,
  quoted: string,
  senderIds: readonly string[],
  textOf: (candidate: MessageRow) => string | null,
  labelType: string | null,
): Promise<MessageRow | null> {
  if (!row.convId || row.msgtime === undefined) return null;
  const candidates = await db.messages
    .where('[corpId+convId+msgtime]')
    .between([row.corpId, row.convId, Dexie.minKey], [row.corpId, row.convId, row.msgtime], true, true)
    .reverse()
    .limit(2000)
    .toArray();
  const wanted = quoted.trim();
  let fallback: MessageRow | null = null;
  for (const candidate of candidates) {
    if (candidate.msgid === row.msgid) continue;
    const matches =
      labelType !== null ? candidate.msgtype === labelType : (textOf(candidate)?.trim() ?? null) === wanted;
    if (!matches) continue;
    if (senderIds.length === 0 || (candidate.from !== undefined && senderIds.includes(candidate.from)))
      return candidate;
    fallback ??= candidate;
  }
  return fallback;
}
