import Dexie from 'dexie';
import type { ArchiveDb } from '../../db';
import type { ConversationRow } from '../reading';
import { calendarDayFormat } from '../../lib/formatTime';

/** One message a person sent, enough to place it in their own timeline and fetch it when shown. */
export interface OwnMessageKey {
  msgid: string;
  convId: string;
  msgtime: number;
}

export interface ChatActivity {
  conversation: ConversationRow;
  /** Messages this person sent there. */
  sent: number;
}

/** Everything the person view shows about one id of one corp, computed from the archive. */
export interface PersonActivity {
  /** Every conversation they are in (sent or listed as participant), most recent first. */
  chats: ChatActivity[];
  /** Their own messages across chats, oldest first. */
  own: OwnMessageKey[];
  /** Messages they sent per calendar day (`YYYY-MM-DD` in the app's time zone), oldest day first. */
  perDay: Array<{ day: string; count: number }>;
  firstSeen: number | null;
  lastSeen: number | null;
}

/** A person of the corp's list: id, how many messages they sent, how many chats they are in. */
export interface PersonSummary {
  id: string;
  sent: number;
  chats: number;
}

/** Everyone seen in a corp's conversations, the most active senders first. */
export function peopleOf(conversations: readonly ConversationRow[]): PersonSummary[] {
  const people = new Map<string, PersonSummary>();
  for (const conversation of conversations) {
    const ids = new Set([...conversation.participants, ...Object.keys(conversation.senders)]);
    for (const id of ids) {
      if (!id) continue;
      const person = people.get(id) ?? { id, sent: 0, chats: 0 };
      person.sent += conversation.senders[id] ?? 0;
      person.chats += 1;
      people.set(id, person);
    }
  }
  return [...people.values()].sort(
    (a, b) => b.sent - a.sent || b.chats - a.chats || a.id.localeCompare(b.id),
  );
}

/** The conversations an id is in. */
export function chatsOf(conversations: readonly ConversationRow[], userid: string): ConversationRow[] {
  return conversations
    .filter((c) => c.senders[userid] !== undefined || c.participants.includes(userid))
    .sort((a, b) => b.lastMsgtime - a.lastMsgtime);
}

/**
 * Reads the person's own messages chat by chat through the `[corpId+convId+msgtime]` index (no
 * sender index exists; the conversations' sender counts say which chats to read at all).
 */
export async function personActivity(
  db: ArchiveDb,
  corpId: string,
  userid: string,
  conversations: readonly ConversationRow[],
  timeZone: string,
): Promise<PersonActivity> {
  const chats = chatsOf(conversations, userid);
  const own: OwnMessageKey[] = [];
  for (const conversation of chats) {
    if (!conversation.senders[userid]) continue;
    await db.messages
      .where('[corpId+convId+msgtime]')
      .between([corpId, conversation.convId, Dexie.minKey], [corpId, conversation.convId, Dexie.maxKey])
      .each((row) => {
        if (row.from === userid && row.msgtime !== undefined)
          own.push({ msgid: row.msgid, convId: conversation.convId, msgtime: row.msgtime });
      });
  }
  own.sort((a, b) => a.msgtime - b.msgtime || a.msgid.localeCompare(b.msgid));
  const format = calendarDayFormat(timeZone);
  const days = new Map<string, number>();
  for (const message of own) {
    const day = format.format(message.msgtime);
    days.set(day, (days.get(day) ?? 0) + 1);
  }
  const sentIn = new Map<string, number>();
  for (const message of own) sentIn.set(message.convId, (sentIn.get(message.convId) ?? 0) + 1);
  return {
    chats: chats.map((conversation) => ({ conversation, sent: sentIn.get(conversation.convId) ?? 0 })),
    own,
    perDay: [...days].map(([day, count]) => ({ day, count })).sort((a, b) => a.day.localeCompare(b.day)),
    firstSeen: own[0]?.msgtime ?? null,
    lastSeen: own.at(-1)?.msgtime ?? null,
  };
}
