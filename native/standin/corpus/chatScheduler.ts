import type { Chat, Person } from './people';
import type { Prng } from './prng';

interface Session {
  chat: Chat;
  remaining: number;
  lastSpeaker: Person | null;
}

export interface Turn {
  chat: Chat;
  from: Person;
  /** First turn of a chat that has never had a message. */
  firstInChat: boolean;
}

const CONCURRENT_SESSIONS = 3;

/**
 * Decides who talks next: a few chats are "active" at once (people interleave conversations), each for a
 * burst of messages; a new chat is drawn by weight (cumulative table + binary search, so a year-long bench
 * archive with thousands of chats stays fast).
 */
export class ChatScheduler {
  private readonly cumulative: number[] = [];
  private readonly sessions: Session[] = [];

  constructor(
    private readonly prng: Prng,
    private readonly chats: readonly Chat[],
  ) {
    let total = 0;
    for (const chat of chats) {
      total += chat.weight;
      this.cumulative.push(total);
    }
  }

  next(): Turn {
    if (this.sessions.length < CONCURRENT_SESSIONS) this.sessions.push(this.openSession());
    const index = this.prng.int(0, this.sessions.length - 1);
    let session = this.sessions[index] as Session;
    if (session.remaining <= 0 || session.chat.closed) {
      session = this.openSession();
      this.sessions[index] = session;
    }
    session.remaining--;
    const firstInChat = !session.chat.started && session.lastSpeaker === null;
    const from = this.speaker(session);
    session.lastSpeaker = from;
    return { chat: session.chat, from, firstInChat };
  }

  private openSession(): Session {
    for (let attempt = 0; attempt < 20; attempt++) {
      const chat = this.drawChat();
      if (!chat.closed) return { chat, remaining: this.prng.int(2, 14), lastSpeaker: null };
    }
    const open = this.chats.find((c) => !c.closed);
    if (!open) throw new Error('every chat is closed');
    return { chat: open, remaining: 5, lastSpeaker: null };
  }

  private drawChat(): Chat {
    const total = this.cumulative[this.cumulative.length - 1] as number;
    const r = this.prng.float() * total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.cumulative[mid] as number) > r) hi = mid;
      else lo = mid + 1;
    }
    return this.chats[lo] as Chat;
  }

  private speaker(session: Session): Person {
    const { chat, lastSpeaker } = session;
    if (chat.kind === 'single') {
      const [a, b] = chat.members as [Person, Person];
      if (!lastSpeaker) return this.prng.chance(0.6) ? a : b;
      return this.prng.chance(0.65) ? (lastSpeaker === a ? b : a) : lastSpeaker;
    }
    if (lastSpeaker && this.prng.chance(0.3)) return lastSpeaker;
    // Staff talk more than customers in groups; robots post now and then.
    return this.prng.weighted(
      chat.members.map((m) => [m, m.kind === 'internal' ? 2 : m.kind === 'robot' ? 0.15 : 1] as const),
    );
  }
}
