import { arr, asObject, bool, num, str, strictStr, strings, tryParseJson } from './jsonFields';
import type { JsonObject } from './jsonFields';
import type {
  ChatRecordEntry,
  MediaKind,
  MediaRef,
  MessageBody,
  NewsItem,
  ParsedMessage,
} from './messageTypes';
import { parseQuote } from './parseQuote';

/**
 * msgtype → payload key (SDK-SPEC §4.1 table). When the key is missing the payload is looked for
 * under `info`, then the top-level object ("parse defensively").
 */
const PAYLOAD_KEY: Readonly<Record<string, string>> = {
  external_redpacket: 'redpacket',
  docmsg: 'doc',
  markdown: 'info',
  news: 'info',
  meeting_notification: 'info',
  qydiskfile: 'info',
};

/** chatrecord item types → the msgtype whose payload shape their `content` has (SDK-SPEC §4.2). */
const RECORD_ITEM_TYPE: Readonly<Record<string, string>> = {
  ChatRecordText: 'text',
  ChatRecordImage: 'image',
  ChatRecordVoice: 'voice',
  ChatRecordVideo: 'video',
  ChatRecordFile: 'file',
  ChatRecordEmotion: 'emotion',
  ChatRecordLink: 'link',
  ChatRecordLocation: 'location',
  ChatRecordCard: 'card',
  ChatRecordWeapp: 'weapp',
  ChatRecordMixed: 'mixed',
  ChatRecord: 'chatrecord',
  chatrecord: 'chatrecord',
};

/** Nested chat records beyond this depth are shown as raw JSON (a hostile payload could nest forever). */
const MAX_DEPTH = 8;

/** Seconds → ms; values that already look like ms (after 2001-09-09 in ms) are kept. */
export function toMillis(value: number | null): number | null {
  if (value === null || value <= 0) return value;
  return value >= 1e12 ? value : value * 1000;
}

function payloadOf(json: JsonObject, msgtype: string): { payload: JsonObject; key: string } {
  const key = PAYLOAD_KEY[msgtype] ?? msgtype;
  const direct = asObject(json[key]);
  if (direct) return { payload: direct, key };
  const info = asObject(json['info']);
  if (info) return { payload: info, key: 'info' };
  return { payload: json, key: '' };
}

function media(kind: MediaKind, p: JsonObject, sizeKey: string): MediaRef | null {
  const sdkfileid = p['sdkfileid'];
  if (typeof sdkfileid !== 'string' || sdkfileid === '') return null;
  return {
    kind,
    sdkfileid,
    md5sum: str(p, 'md5sum') ?? '',
    size: num(p, sizeKey),
    durationSec: num(p, 'play_length'),
    filename: str(p, 'filename'),
    fileext: str(p, 'fileext'),
  };
}

const malformed = (msgtype: string): MessageBody => ({ kind: 'unsupported', reason: 'malformed', msgtype });
const anyOf = (...values: unknown[]) => values.some((value) => value !== null && value !== undefined);

/** The typed body of one payload; `payload` is the object under the msgtype's key. */
export function parseBody(msgtype: string, p: JsonObject, key: string, depth = 0): MessageBody {
  switch (msgtype) {
    case 'text': {
      const content = strictStr(p, 'content');
      if (content === null) return malformed(msgtype);
      return { kind: 'text', content, quote: parseQuote(content), fromKey: key };
    }
    case 'image':
    case 'video':
    case 'file': {
      const ref = media(msgtype, p, 'filesize');
      return ref ? { kind: msgtype, media: ref } : malformed(msgtype);
    }
    case 'voice': {
      const ref = media('voice', p, 'voice_size');
      return ref ? { kind: 'voice', media: ref } : malformed(msgtype);
    }
    case 'emotion': {
      const ref = media('emotion', p, 'imagesize');
      if (!ref) return malformed(msgtype);
      return {
        kind: 'emotion',
        media: ref,
        emotionType: num(p, 'type'),
        width: num(p, 'width'),
        height: num(p, 'height'),
      };
    }
    case 'revoke': {
      const preMsgid = str(p, 'pre_msgid');
      return preMsgid ? { kind: 'revoke', preMsgid } : malformed(msgtype);
    }
    case 'agree':
    case 'disagree':
      return {
        kind: msgtype,
        userid: str(p, 'userid'),
        time: num(p, `${msgtype}_time`),
      };
    case 'card': {
      const body = { kind: 'card' as const, corpname: str(p, 'corpname'), userid: str(p, 'userid') };
      return anyOf(body.corpname, body.userid) ? body : malformed(msgtype);
    }
    case 'location': {
      const body = {
        kind: 'location' as const,
        longitude: num(p, 'longitude'),
        latitude: num(p, 'latitude'),
        address: str(p, 'address'),
        title: str(p, 'title'),
        zoom: num(p, 'zoom'),
      };
      return anyOf(body.longitude, body.latitude, body.address, body.title) ? body : malformed(msgtype);
    }
    case 'link': {
      const body = {
        kind: 'link' as const,
        title: str(p, 'title'),
        description: str(p, 'description'),
        url: str(p, 'link_url'),
        imageUrl: str(p, 'image_url'),
      };
      return anyOf(body.title, body.url) ? body : malformed(msgtype);
    }
    case 'weapp': {
      const body = {
        kind: 'weapp' as const,
        title: str(p, 'title'),
        description: str(p, 'description'),
        username: str(p, 'username'),
        displayname: str(p, 'displayname'),
      };
      return anyOf(body.title, body.displayname, body.username) ? body : malformed(msgtype);
    }
    case 'chatrecord': {
      const items = arr(p, 'item');
      if (!items || depth >= MAX_DEPTH) return malformed(msgtype);
      return {
        kind: 'chatrecord',
        title: str(p, 'title'),
        items: items.map((item) => parseRecordItem(item, depth + 1)),
      };
    }
    case 'mixed': {
      const items = arr(p, 'item');
      if (!items || depth >= MAX_DEPTH) return malformed(msgtype);
      return { kind: 'mixed', items: items.map((item) => parseEmbedded(item, null, depth + 1)) };
    }
    case 'todo': {
      const body = { kind: 'todo' as const, title: str(p, 'title'), content: str(p, 'content') };
      return anyOf(body.title, body.content) ? body : malformed(msgtype);
    }
    case 'vote': {
      const body = {
        kind: 'vote' as const,
        title: str(p, 'votetitle'),
        options: strings(p, 'voteitem'),
        voteType: num(p, 'votetype'),
        voteId: str(p, 'voteid'),
      };
      return anyOf(body.title, body.voteId) ? body : malformed(msgtype);
    }
    case 'collect': {
      const details = (arr(p, 'details') ?? []).map((entry) => {
        const d = asObject(entry);
        return { id: num(d, 'id'), ques: str(d, 'ques'), type: str(d, 'type') };
      });
      const body = {
        kind: 'collect' as const,
        roomName: str(p, 'room_name'),
        creator: str(p, 'creator'),
        createTime: str(p, 'create_time'),
        title: str(p, 'title'),
        details,
      };
      return anyOf(body.title, arr(p, 'details')) ? body : malformed(msgtype);
    }
    case 'redpacket':
    case 'external_redpacket': {
      const body = {
        kind: 'redpacket' as const,
        external: msgtype === 'external_redpacket',
        packetType: num(p, 'type'),
        wish: str(p, 'wish'),
        totalCount: num(p, 'totalcnt'),
        totalAmount: num(p, 'totalamount'),
      };
      return anyOf(body.wish, body.totalAmount, body.totalCount) ? body : malformed(msgtype);
    }
    case 'meeting': {
      const body = {
        kind: 'meeting' as const,
        topic: str(p, 'topic'),
        start: toMillis(num(p, 'starttime')),
        end: toMillis(num(p, 'endtime')),
        address: str(p, 'address'),
        remarks: str(p, 'remarks'),
        meetingType: num(p, 'meetingtype'),
        meetingId: str(p, 'meetingid'),
        status: num(p, 'status'),
      };
      return anyOf(body.topic, body.meetingId) ? body : malformed(msgtype);
    }
    case 'meeting_notification': {
      const body = {
        kind: 'meeting_notification' as const,
        meetingId: str(p, 'meeting_id'),
        notificationType: num(p, 'notification_type'),
        content: str(p, 'content'),
      };
      return anyOf(body.content, body.meetingId) ? body : malformed(msgtype);
    }
    case 'docmsg': {
      const body = {
        kind: 'docmsg' as const,
        title: str(p, 'title'),
        creator: str(p, 'doc_creator'),
        url: str(p, 'link_url'),
      };
      return anyOf(body.title, body.url) ? body : malformed(msgtype);
    }
    case 'markdown': {
      const content = strictStr(p, 'content');
      return content === null ? malformed(msgtype) : { kind: 'markdown', content };
    }
    case 'news': {
      const items = arr(p, 'item');
      if (!items) return malformed(msgtype);
      return {
        kind: 'news',
        items: items.map((entry): NewsItem => {
          const n = asObject(entry);
          return {
            title: str(n, 'title'),
            description: str(n, 'description'),
            url: str(n, 'url'),
            picurl: str(n, 'picurl'),
          };
        }),
      };
    }
    case 'calendar': {
      const body = {
        kind: 'calendar' as const,
        title: str(p, 'title'),
        creator: str(p, 'creatorname'),
        attendees: strings(p, 'attendeename'),
        start: toMillis(num(p, 'starttime')),
        end: toMillis(num(p, 'endtime')),
        place: str(p, 'place'),
        remarks: str(p, 'remarks'),
      };
      return anyOf(body.title, body.start) ? body : malformed(msgtype);
    }
    case 'meeting_voice_call': {
      const ref = media('meeting_voice_call', p, 'filesize');
      const end = toMillis(num(p, 'endtime'));
      if (!ref && end === null) return malformed(msgtype);
      return {
        kind: 'meeting_voice_call',
        voiceid: null,
        end,
        media: ref,
        docShares: (arr(p, 'demofiledata') ?? []).map((entry) => {
          const d = asObject(entry);
          return {
            filename: str(d, 'filename'),
            operator: str(d, 'demooperator'),
            start: toMillis(num(d, 'starttime')),
            end: toMillis(num(d, 'endtime')),
          };
        }),
        screenShares: (arr(p, 'sharescreendata') ?? []).map((entry) => {
          const d = asObject(entry);
          return {
            user: str(d, 'share'),
            start: toMillis(num(d, 'starttime')),
            end: toMillis(num(d, 'endtime')),
          };
        }),
      };
    }
    case 'voip_doc_share': {
      const ref = media('voip_doc_share', p, 'filesize');
      return ref ? { kind: 'voip_doc_share', voipid: null, media: ref } : malformed(msgtype);
    }
    case 'sphfeed': {
      const body = {
        kind: 'sphfeed' as const,
        feedType: num(p, 'feed_type'),
        name: str(p, 'sph_name'),
        description: str(p, 'feed_desc'),
      };
      return anyOf(body.name, body.description) ? body : malformed(msgtype);
    }
    case 'voiptext': {
      const body = {
        kind: 'voiptext' as const,
        durationSec: num(p, 'callduration'),
        inviteType: num(p, 'invitetype'),
      };
      return anyOf(body.durationSec, body.inviteType) ? body : malformed(msgtype);
    }
    case 'qydiskfile': {
      const filename = str(p, 'filename');
      return filename === null ? malformed(msgtype) : { kind: 'qydiskfile', filename };
    }
    default:
      return { kind: 'unsupported', reason: 'unknown-type', msgtype };
  }
}

/** A mixed item or chatrecord item: `content` is a JSON string (or, leniently, an object). */
function parseEmbedded(item: unknown, typeOverride: string | null, depth: number): MessageBody {
  const entry = asObject(item);
  const declared = str(entry, 'type') ?? '';
  const msgtype = typeOverride ?? declared;
  const rawContent = entry?.['content'];
  const content = asObject(typeof rawContent === 'string' ? tryParseJson(rawContent) : rawContent);
  if (!content) return { kind: 'unsupported', reason: 'not-json', msgtype: declared };
  return parseBody(msgtype, content, 'content', depth);
}

function parseRecordItem(item: unknown, depth: number): ChatRecordEntry {
  const entry = asObject(item);
  const type = str(entry, 'type') ?? '';
  const mapped = RECORD_ITEM_TYPE[type] ?? null;
  const body: MessageBody = mapped
    ? parseEmbedded(item, mapped, depth)
    : { kind: 'unsupported', reason: 'unknown-type', msgtype: type };
  return {
    type,
    msgtime: toMillis(num(entry, 'msgtime')),
    fromChatroom: bool(entry, 'from_chatroom') ?? false,
    body,
  };
}

/** Header columns the row already has (from main), used when the raw JSON lacks them. */
export interface HeaderFallback {
  msgid: string;
  action?: string | undefined;
  msgtype?: string | undefined;
  from?: string | undefined;
  tolist?: string[] | undefined;
  roomid?: string | undefined;
  msgtime?: number | undefined;
}

/** Reads one decrypted message. Never throws: whatever cannot be read becomes an `unsupported` body. */
export function parseMessage(raw: string, fallback: HeaderFallback): ParsedMessage {
  const json = asObject(tryParseJson(raw));
  const header = {
    msgid: str(json, 'msgid') ?? fallback.msgid,
    action: str(json, 'action') ?? fallback.action ?? '',
    from: str(json, 'from') ?? str(json, 'user') ?? fallback.from ?? '',
    tolist: json ? strings(json, 'tolist') : (fallback.tolist ?? []),
    roomid: str(json, 'roomid') ?? fallback.roomid ?? '',
    msgtime: num(json, 'msgtime') ?? num(json, 'time') ?? fallback.msgtime ?? 0,
  };
  if (!json) {
    const msgtype = fallback.msgtype ?? '';
    return { ...header, msgtype, body: { kind: 'unsupported', reason: 'not-json', msgtype } };
  }
  if (header.action === 'switch') {
    return {
      ...header,
      msgtype: 'switch',
      body: { kind: 'switch', user: str(json, 'user'), time: num(json, 'time') },
    };
  }
  const msgtype = str(json, 'msgtype') ?? fallback.msgtype ?? '';
  const { payload, key } = payloadOf(json, msgtype);
  let body = parseBody(msgtype, payload, key);
  // Top-level ids of the two roomid-less media kinds (SDK-SPEC §4.2).
  if (body.kind === 'meeting_voice_call') body = { ...body, voiceid: str(json, 'voiceid') };
  if (body.kind === 'voip_doc_share') body = { ...body, voipid: str(json, 'voipid') };
  return { ...header, msgtype, body };
}
