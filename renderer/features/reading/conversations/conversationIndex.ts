import Dexie from 'dexie';
import type { Table } from 'dexie';
import {
  corpConversations,
  ParsedRows,
  type ArchiveDb,
  type DerivedIndex,
  type MessageRow,
} from '../../../db';
import { previewOf } from '../../../../main/common/message';

/**
 * The conversation list (issue 4), kept as a derived index: one summary row per chat, updated in
 * the same transaction that stores its messages (db/derived.ts), so counts, recency, badges and the
 * recall links never disagree with the messages themselves.
 */
export type ConversationKindFilter = 'internal' | 'external' | 'internal-group' | 'external-group' | 'system';

export interface RecallLink {
  /** The revoke message. */
  revokeMsgid: string;
  /** When it was recalled (ms). */
  at: number;
}

export interface ConversationRow {
  corpId: string;
  convId: string;
  kind: ConversationKindFilter;
  roomid: string | null;
  count: number;
  firstMsgtime: number;
  lastMsgtime: number;
  lastMsgid: string;
  lastFrom: string;
  lastMsgtype: string;
  /** The last message's one-line preview (its first characters); the UI labels non-text types by msgtype. */
  lastText: string;
  /** Everyone seen sending or receiving here (sorted; capped). */
  participants: string[];
  /** Messages per sender, for the detail panel. */
  senders: Record<string, number>;
  flags: { external: boolean; robot: boolean; externalMsgid: boolean; updownStream: boolean };
  /** Recalled msgid → its revoke message (docs/wecom-sdk.md §4.2 revoke `pre_msgid`). */
  recalls: Record<string, RecallLink>;
}

declare module '../../../db/archiveDb' {
  interface ArchiveDb {
    conversations: Table<ConversationRow, [string, string]>;
  }
}

const MAX_PARTICIPANTS = 2000;
const PREVIEW_CHARS = 80;

export const isExternalId = (id: string) => /^w[mo]/.test(id);
export const isRobotId = (id: string) => id.startsWith('wb');

function kindOf(convId: string, participants: readonly string[]): ConversationKindFilter {
  const external = participants.some(isExternalId);
  if (convId.startsWith('g:')) return external ? 'external-group' : 'internal-group';
  if (convId.startsWith('s:')) return external ? 'external' : 'internal';
  return 'system';
}

function emptyRow(corpId: string, convId: string): ConversationRow {
  return {
    corpId,
    convId,
    kind: 'system',
    roomid: convId.startsWith('g:') ? convId.slice(2) : null,
    count: 0,
    firstMsgtime: Number.POSITIVE_INFINITY,
    lastMsgtime: 0,
    lastMsgid: '',
    lastFrom: '',
    lastMsgtype: '',
    lastText: '',
    participants: [],
    senders: {},
    flags: { external: false, robot: false, externalMsgid: false, updownStream: false },
    recalls: {},
  };
}

/** Folds newly stored rows into their conversations' summaries (inside the messages transaction). */
export async function applyToConversations(
  db: ArchiveDb,
  rows: readonly MessageRow[],
  previous: readonly (MessageRow | undefined)[],
  parsed = new ParsedRows(),
): Promise<void> {
  const touched = new Map<string, MessageRow[]>();
  rows.forEach((row, index) => {
    if (row.status !== 'ok' || !row.convId || row.raw === undefined) return;
    const before = previous[index];
    // A redelivered copy of a message already counted changes nothing.
    if (before?.status === 'ok' && before.convId === row.convId) return;
    const key = `${row.corpId}\u0000${row.convId}`;
    const list = touched.get(key) ?? [];
    list.push(row);
    touched.set(key, list);
  });
  if (touched.size === 0) return;
  const keys = [...touched.values()].map((list): [string, string] => [list[0]!.corpId, list[0]!.convId!]);
  const stored = await db.conversations.bulkGet(keys);
  const updated: ConversationRow[] = [];
  [...touched.values()].forEach((list, index) => {
    const first = list[0]!;
    const conversation = stored[index] ?? emptyRow(first.corpId, first.convId!);
    const participants = new Set(conversation.participants);
    for (const row of list) foldRow(conversation, row, participants, parsed);
    conversation.participants = [...participants].sort().slice(0, MAX_PARTICIPANTS);
    conversation.kind = kindOf(conversation.convId, conversation.participants);
    conversation.flags.external ||= conversation.participants.some(isExternalId);
    conversation.flags.robot ||= conversation.participants.some(isRobotId);
    updated.push(conversation);
  });
  await db.conversations.bulkPut(updated);
}

function foldRow(
  conversation: ConversationRow,
  row: MessageRow,
  participants: Set<string>,
  models: ParsedRows,
): void {
  const msgtime = row.msgtime ?? 0;
  conversation.count += 1;
  if (row.from) {
    participants.add(row.from);
    conversation.senders[row.from] = (conversation.senders[row.from] ?? 0) + 1;
  }
  for (const to of row.tolist ?? []) participants.add(to);
  if (msgtime > 0) conversation.firstMsgtime = Math.min(conversation.firstMsgtime, msgtime);
  if (row.msgid.endsWith('_external')) conversation.flags.externalMsgid = true;
  if (row.msgid.endsWith('_updown_stream')) conversation.flags.updownStream = true;
  const parsed = models.message(row);
  if (parsed.body.kind === 'revoke') {
    conversation.recalls[parsed.body.preMsgid] = { revokeMsgid: row.msgid, at: msgtime };
  }
  if (msgtime >= conversation.lastMsgtime) {
    conversation.lastMsgtime = msgtime;
    conversation.lastMsgid = row.msgid;
    conversation.lastFrom = row.from ?? '';
    conversation.lastMsgtype = parsed.msgtype;
    conversation.lastText = Array.from(previewOf(parsed)).slice(0, PREVIEW_CHARS).join('');
  }
}

/** The conversation summaries as a derived index; the app's composition root gives it to the ArchiveDb. */
export const conversationDerivedIndex: DerivedIndex = {
  name: 'reading.conversations',
  tables: (db) => [db.conversations],
  apply: applyToConversations,
};

/**
 * Archives stored before this index existed have messages but no summaries: rebuilds the corp's
 * summaries from its messages, in chunks, each in its own transaction with the messages it reads.
 */
export async function rebuildConversationsIfMissing(db: ArchiveDb, corpId: string): Promise<boolean> {
  const hasSummary = await corpConversations(db, corpId).first();
  if (hasSummary) return false;
  // A decrypted message has a chat (its convId), so this range holds exactly the corp's decrypted rows.
  const hasMessages = await db.messages
    .where('[corpId+convId+msgtime]')
    .between([corpId, Dexie.minKey, Dexie.minKey], [corpId, Dexie.maxKey, Dexie.maxKey], true, true)
    .first();
  if (!hasMessages) return false;
  const CHUNK = 2000;
  let after: string = Dexie.minKey as unknown as string;
  for (;;) {
    const done = await db.transaction('rw', [db.messages, db.conversations], async () => {
      const rows = await db.messages
        .where('[corpId+seqKey]')
        .between([corpId, after], [corpId, Dexie.maxKey], false, true)
        .limit(CHUNK)
        .toArray();
      await applyToConversations(db, rows, []);
      const last = rows.at(-1);
      if (last) after = last.seqKey;
      return rows.length < CHUNK;
    });
    if (done) return true;
  }
}
