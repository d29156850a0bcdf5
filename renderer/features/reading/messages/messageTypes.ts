import type { ParsedQuote } from './parseQuote';

/**
 * A decrypted message as the reading UI understands it (SDK-SPEC §4). The raw JSON stays
 * authoritative and is always shown next to this; `body` is a best-effort, typed reading of it.
 */

/** The media-bearing payloads (SDK-SPEC §4.3). */
export type MediaKind =
  'image' | 'voice' | 'video' | 'emotion' | 'file' | 'meeting_voice_call' | 'voip_doc_share';

/** What a card knows about a downloadable item; the media feature turns it into a player or viewer. */
export interface MediaRef {
  kind: MediaKind;
  sdkfileid: string;
  /** May be '' (SDK-SPEC §4.3: md5sum can be empty). */
  md5sum: string;
  /** Bytes (filesize / voice_size / imagesize), when given. */
  size: number | null;
  /** Seconds (play_length), when given. */
  durationSec: number | null;
  filename: string | null;
  fileext: string | null;
}

export interface ChatRecordEntry {
  /** The item's `type`, e.g. ChatRecordText. */
  type: string;
  /** Milliseconds (item msgtime is documented as ms but is seconds in practice, SDK-SPEC §4.2). */
  msgtime: number | null;
  fromChatroom: boolean;
  body: MessageBody;
}

export interface NewsItem {
  title: string | null;
  description: string | null;
  url: string | null;
  picurl: string | null;
}

export type MessageBody =
  | { kind: 'text'; content: string; quote: ParsedQuote | null; fromKey: string }
  | { kind: 'image'; media: MediaRef }
  | { kind: 'voice'; media: MediaRef }
  | { kind: 'video'; media: MediaRef }
  | {
      kind: 'emotion';
      media: MediaRef;
      emotionType: number | null;
      width: number | null;
      height: number | null;
    }
  | { kind: 'file'; media: MediaRef }
  | { kind: 'revoke'; preMsgid: string }
  | { kind: 'agree' | 'disagree'; userid: string | null; time: number | null }
  | { kind: 'card'; corpname: string | null; userid: string | null }
  | {
      kind: 'location';
      longitude: number | null;
      latitude: number | null;
      address: string | null;
      title: string | null;
      zoom: number | null;
    }
  | {
      kind: 'link';
      title: string | null;
      description: string | null;
      url: string | null;
      imageUrl: string | null;
    }
  | {
      kind: 'weapp';
      title: string | null;
      description: string | null;
      username: string | null;
      displayname: string | null;
    }
  | { kind: 'chatrecord'; title: string | null; items: ChatRecordEntry[] }
  | { kind: 'mixed'; items: MessageBody[] }
  | { kind: 'todo'; title: string | null; content: string | null }
  | { kind: 'vote'; title: string | null; options: string[]; voteType: number | null; voteId: string | null }
  | {
      kind: 'collect';
      roomName: string | null;
      creator: string | null;
      createTime: string | null;
      title: string | null;
      details: Array<{ id: number | null; ques: string | null; type: string | null }>;
    }
  | {
      kind: 'redpacket';
      external: boolean;
      packetType: number | null;
      wish: string | null;
      totalCount: number | null;
      /** Fen (1/100 CNY). */
      totalAmount: number | null;
    }
  | {
      kind: 'meeting';
      topic: string | null;
      /** Milliseconds. */
      start: number | null;
      end: number | null;
      address: string | null;
      remarks: string | null;
      meetingType: number | null;
      meetingId: string | null;
      status: number | null;
    }
  | {
      kind: 'meeting_notification';
      meetingId: string | null;
      notificationType: number | null;
      content: string | null;
    }
  | { kind: 'docmsg'; title: string | null; creator: string | null; url: string | null }
  | { kind: 'markdown'; content: string }
  | { kind: 'news'; items: NewsItem[] }
  | {
      kind: 'calendar';
      title: string | null;
      creator: string | null;
      attendees: string[];
      start: number | null;
      end: number | null;
      place: string | null;
      remarks: string | null;
    }
  | {
      kind: 'meeting_voice_call';
      voiceid: string | null;
      /** Milliseconds. */
      end: number | null;
      media: MediaRef | null;
      docShares: Array<{
        filename: string | null;
        operator: string | null;
        start: number | null;
        end: number | null;
      }>;
      screenShares: Array<{ user: string | null; start: number | null; end: number | null }>;
    }
  | { kind: 'voip_doc_share'; voipid: string | null; media: MediaRef }
  | { kind: 'sphfeed'; feedType: number | null; name: string | null; description: string | null }
  | { kind: 'voiptext'; durationSec: number | null; inviteType: number | null }
  | { kind: 'qydiskfile'; filename: string | null }
  | { kind: 'switch'; user: string | null; time: number | null }
  | {
      kind: 'unsupported';
      /** unknown-type: a msgtype this app does not know; malformed: a known type without its fields; not-json: unparsable. */
      reason: 'unknown-type' | 'malformed' | 'not-json';
      msgtype: string;
    };

export type BodyKind = MessageBody['kind'];

export interface ParsedMessage {
  msgid: string;
  action: string;
  msgtype: string;
  from: string;
  tolist: string[];
  roomid: string;
  /** Milliseconds UTC; 0 = unknown (the official image sample). */
  msgtime: number;
  body: MessageBody;
}

/** Every msgtype of SDK-SPEC §4 this app renders with its own card. */
export const KNOWN_MSGTYPES = [
  'text',
  'image',
  'revoke',
  'agree',
  'disagree',
  'voice',
  'video',
  'card',
  'location',
  'emotion',
  'file',
  'link',
  'weapp',
  'chatrecord',
  'todo',
  'vote',
  'collect',
  'redpacket',
  'external_redpacket',
  'meeting',
  'meeting_notification',
  'docmsg',
  'markdown',
  'news',
  'calendar',
  'mixed',
  'meeting_voice_call',
  'voip_doc_share',
  'sphfeed',
  'voiptext',
  'qydiskfile',
  'switch',
] as const;
