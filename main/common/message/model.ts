import type { MediaKind } from '../media/mediaKinds';
import type { JsonObject } from './fields';
import type { ParsedQuote } from './quote';

/**
 * A decrypted message as the app understands it (docs/wecom-sdk.md §4). The raw JSON stays
 * authoritative and is always kept next to this; `body` is a best-effort, typed reading of it.
 */

/**
 * One downloadable item of a message (docs/wecom-sdk.md §4.3), top-level or nested in mixed /
 * chatrecord items. The same shape is the media feature's row (it is stored, so names are stable).
 */
export interface MediaRef {
  kind: MediaKind;
  sdkfileid: string;
  /** '' when absent or empty (docs/wecom-sdk.md §4.3; the download is then "unverified"). */
  md5sum: string;
  /** Bytes (filesize / voice_size / imagesize); null when not stated. */
  size: number | null;
  /** Display only — never used as a path. */
  fileName?: string;
  fileExt?: string;
  /** Seconds (voice, video). */
  playLength?: number;
  width?: number;
  height?: number;
  /** Where in the message, e.g. `image`, `mixed.item[2]`, `chatrecord.item[0].content.item[1]`. */
  path: string;
}

export interface ChatRecordEntry {
  /** The item's `type`, e.g. ChatRecordText. */
  type: string;
  /** Milliseconds (item msgtime is documented as ms but is seconds in practice, docs/wecom-sdk.md §4.2). */
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

export interface SolitaireEntry {
  userid: string | null;
  content: string | null;
  sequence: number | null;
}

/** Why a message has no typed body. */
export type UnsupportedReason = 'unknown-type' | 'malformed' | 'not-json';

export type MessageBody =
  | { kind: 'text'; content: string; quote: ParsedQuote | null; fromKey: string }
  | { kind: 'markdown'; content: string }
  | { kind: 'image'; media: MediaRef }
  | { kind: 'voice'; media: MediaRef }
  | { kind: 'video'; media: MediaRef }
  | { kind: 'file'; media: MediaRef }
  | {
      kind: 'emotion';
      media: MediaRef;
      emotionType: number | null;
      width: number | null;
      height: number | null;
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
  | { kind: 'revoke'; preMsgid: string }
  | { kind: 'agree' | 'disagree'; userid: string | null; time: number | null }
  | { kind: 'switch'; user: string | null; time: number | null }
  | { kind: 'voiptext'; durationSec: number | null; inviteType: number | null }
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
  | { kind: 'news'; items: NewsItem[] }
  | { kind: 'docmsg'; title: string | null; creator: string | null; url: string | null }
  | { kind: 'sphfeed'; feedType: number | null; name: string | null; description: string | null }
  | { kind: 'qydiskfile'; filename: string | null }
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
  | { kind: 'solitaire'; title: string | null; content: string | null; entries: SolitaireEntry[] }
  | { kind: 'note'; title: string | null; content: string | null; url: string | null }
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
      kind: 'unsupported';
      /** unknown-type: a msgtype this app does not know; malformed: a known type without its fields; not-json: unparsable. */
      reason: UnsupportedReason;
      msgtype: string;
      /** The payload as it came (unknown and malformed types keep it); null when there was none. */
      payload: JsonObject | null;
      /** For not-json: what was wrong, in English. */
      detail?: string;
    };

export type BodyKind = MessageBody['kind'];
export type BodyOf<K extends BodyKind> = Extract<MessageBody, { kind: K }>;

/** The header columns of a message (docs/wecom-sdk.md §4.1). */
export interface MessageHeader {
  msgid: string;
  action: string;
  msgtype: string;
  from: string;
  tolist: string[];
  roomid: string;
  /** Milliseconds UTC; 0 = unknown (the official image sample). */
  msgtime: number;
}

export interface Message extends MessageHeader {
  body: MessageBody;
}

/** Header columns the caller already has (a stored row), used when the raw JSON lacks them. */
export interface HeaderFallback {
  msgid?: string | undefined;
  action?: string | undefined;
  msgtype?: string | undefined;
  from?: string | undefined;
  tolist?: string[] | undefined;
  roomid?: string | undefined;
  msgtime?: number | undefined;
}
