import { describe, expect, it } from 'vitest';
import { chatsOf, peopleOf, personActivity } from '../../../../../renderer/features/people/personActivity';
import type { ConversationRow } from '../../../../../renderer/features/reading';
import { okMessage, storedArchive } from '../../fixtures';

const CORP = 'corp-1';
const DAY = 24 * 3600_000;
const T0 = Date.UTC(2024, 5, 3, 10); // 2024-06-03 10:00 UTC

function conversation(
  convId: string,
  participants: string[],
  senders: Record<string, number>,
): ConversationRow {
  return {
    corpId: CORP,
    convId,
    roomid: convId.startsWith('g:') ? convId.slice(2) : null,
    participants,
    senders,
    count: Object.values(senders).reduce((a, b) => a + b, 0),
    lastMsgtime: T0,
    recalls: {},
  } as unknown as ConversationRow;
}

describe('peopleOf / chatsOf', () => {
  it('lists everyone seen with messages sent and chats, busiest first; a participant who never wrote counts too', () => {
    const conversations = [
      conversation('g:wrA', ['alice', 'bob', 'carol'], { alice: 3, bob: 1 }),
      conversation('s:alice|wmX', ['alice', 'wmX'], { alice: 2, wmX: 4 }),
    ];
    expect(peopleOf(conversations)).toEqual([
      { id: 'alice', sent: 5, chats: 2 },
      { id: 'wmX', sent: 4, chats: 1 },
      { id: 'bob', sent: 1, chats: 1 },
      { id: 'carol', sent: 0, chats: 1 },
    ]);
    expect(chatsOf(conversations, 'carol').map((c) => c.convId)).toEqual(['g:wrA']);
  });
});

describe('personActivity', () => {
  it('collects their own messages across chats, per chat and per day in the time zone, with first and last', async () => {
    const group = { roomid: 'wrA', tolist: [] as string[] };
    const db = await storedArchive(CORP, '6', [
      okMessage(1, 'a1', { from: 'alice', ...group, msgtime: T0 }),
      okMessage(2, 'b1', { from: 'bob', ...group, msgtime: T0 + 1000 }),
      okMessage(3, 'a2', { from: 'alice', ...group, msgtime: T0 + DAY }),
      okMessage(4, 'a3', { from: 'alice', tolist: ['wmX'], roomid: '', msgtime: T0 + 2000 }),
      okMessage(5, 'x1', { from: 'wmX', tolist: ['alice'], roomid: '', msgtime: T0 + 3000 }),
      // 23:30 UTC on the 4th is already the 5th in Shanghai.
      okMessage(6, 'a4', { from: 'alice', ...group, msgtime: Date.UTC(2024, 5, 4, 23, 30) }),
    ]);
    const conversations = [
      conversation('g:wrA', ['alice', 'bob'], { alice: 3, bob: 1 }),
      conversation('s:alice|wmX', ['alice', 'wmX'], { alice: 1, wmX: 1 }),
      conversation('g:wrB', ['bob'], { bob: 2 }),
    ];
    const utc = await personActivity(db, CORP, 'alice', conversations, 'UTC');
    expect(utc.own.map((m) => m.msgid)).toEqual(['a1', 'a3', 'a2', 'a4']);
    expect(utc.chats.map((c) => [c.conversation.convId, c.sent])).toEqual([
      ['g:wrA', 3],
      ['s:alice|wmX', 1],
    ]);
    expect(utc.perDay).toEqual([
      { day: '2024-06-03', count: 2 },
      { day: '2024-06-04', count: 2 },
    ]);
    expect([utc.firstSeen, utc.lastSeen]).toEqual([T0, Date.UTC(2024, 5, 4, 23, 30)]);
    const shanghai = await personActivity(db, CORP, 'alice', conversations, 'Asia/Shanghai');
    expect(shanghai.perDay).toEqual([
      { day: '2024-06-03', count: 2 },
      { day: '2024-06-04', count: 1 },
      { day: '2024-06-05', count: 1 },
    ]);
    // Someone who only listens: in a chat, no messages of their own.
    const quiet = await personActivity(db, CORP, 'carol', [conversation('g:wrC', ['carol'], {})], 'UTC');
    expect(quiet).toMatchObject({ own: [], perDay: [], firstSeen: null, lastSeen: null });
    expect(quiet.chats).toHaveLength(1);
  });
});
