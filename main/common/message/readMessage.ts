import { parseTolerantJson } from '../json/tolerantJson';
import {
  asObject,
  bool,
  embeddedObject,
  num,
  str,
  strictStr,
  strings,
  toMillis,
  type JsonObject,
} from './fields';
import type { ChatRecordEntry, HeaderFallback, Message, MessageBody, MessageHeader } from './model';
import type { EmbeddedReader, ParseContext } from './module';
import { PARSERS } from './registry';

/**
 * The one reader of decrypted message JSON (docs/wecom-sdk.md §4; docs/ARCHITECTURE.md "the flow of
 * one message"). Parses once, tolerantly (raw control characters inside strings, docs/wecom-sdk.md §1.6), and never
 * throws: whatever cannot be read becomes an `unsupported` body that keeps its payload.
 */

/** msgtype → payload key where it is not the msgtype itself (docs/wecom-sdk.md §4.1 table). */
const PAYLOAD_KEY: Readonly<Record<string, string>> = {
  external_redpacket: 'redpacket',
  docmsg: 'doc',
  markdown: 'info',
  news: 'info',
  meeting_notification: 'info',
  qydiskfile: 'info',
};

/** chatrecord item types → the msgtype whose payload shape their `content` has (docs/wecom-sdk.md §4.2). */
export const RECORD_ITEM_MSGTYPE: Readonly<Record<string, string>> = {
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

/** The payload of a top-level message: under its key, else `info`, else the message itself (docs/wecom-sdk.md §4.1). */
function payloadOf(json: JsonObject, msgtype: string): { payload: JsonObject; key: string } {
  const key = PAYLOAD_KEY[msgtype] ?? msgtype;
  const direct = asObject(json[key]);
  if (direct) return { payload: direct, key };
  const info = asObject(json['info']);
  if (info) return { payload: info, key: 'info' };
  return { payload: json, key: '' };
}

function parseBody(msgtype: string, payload: JsonObject, context: ParseContext): MessageBody {
  const parser = Object.hasOwn(PARSERS, msgtype) ? PARSERS[msgtype] : undefined;
  return parser
    ? parser(msgtype, payload, context)
    : { kind: 'unsupported', reason: 'unknown-type', msgtype, payload };
}

const EMBEDDED: EmbeddedReader = {
  mixedItem: (item, path, depth) => parseEmbedded(item, null, depth, path),
  recordItem: (item, path, depth) => parseRecordItem(item, depth, path),
};

function contextAt(depth: number, path: string, payloadKey: string, top: JsonObject | null): ParseContext {
  return { depth, path, payloadKey, top, items: EMBEDDED };
}

/** A mixed or chatrecord item: `content` is a JSON string (or, leniently, an object). */
function parseEmbedded(item: unknown, typeOverride: string | null, depth: number, path: string): MessageBody {
  const entry = asObject(item);
  const declared = str(entry, 'type') ?? '';
  const msgtype = typeOverride ?? declared;
  const content = embeddedObject(entry?.['content']);
  if (!content) return { kind: 'unsupported', reason: 'not-json', msgtype: declared, payload: null };
  return parseBody(msgtype, content, contextAt(depth, path, 'content', null));
}

function parseRecordItem(item: unknown, depth: number, path: string): ChatRecordEntry {
  const entry = asObject(item);
  const type = str(entry, 'type') ?? '';
  const mapped = Object.hasOwn(RECORD_ITEM_MSGTYPE, type) ? (RECORD_ITEM_MSGTYPE[type] ?? null) : null;
  const body: MessageBody = mapped
    ? parseEmbedded(item, mapped, depth, path)
    : {
        kind: 'unsupported',
        reason: 'unknown-type',
        msgtype: type,
        payload: embeddedObject(entry?.['content']),
      };
  return {
    type,
    msgtime: toMillis(num(entry, 'msgtime')),
    fromChatroom: bool(entry, 'from_chatroom') ?? false,
    body,
  };
}

/** A non-negative time: a number or a numeric string. */
function time(json: JsonObject, key: string): number | null {
  const value = num(json, key);
  return value !== null && value >= 0 ? value : null;
}

/**
 * The header with the fallbacks main has always applied (docs/wecom-sdk.md §4.1): action defaults to `send`; a switch
 * record has no msgtype/from/msgtime but `user` and `time`; an absent roomid or tolist is empty.
 */
function headerOf(json: JsonObject, fallback: HeaderFallback): MessageHeader {
  const action = strictStr(json, 'action') || fallback.action || 'send';
  const isSwitch = action === 'switch';
  return {
    msgid: str(json, 'msgid') ?? fallback.msgid ?? '',
    action,
    msgtype: isSwitch ? 'switch' : (str(json, 'msgtype') ?? fallback.msgtype ?? ''),
    from: (isSwitch ? str(json, 'user') : (str(json, 'from') ?? str(json, 'user'))) ?? fallback.from ?? '',
    tolist: Array.isArray(json['tolist']) ? strings(json, 'tolist') : (fallback.tolist ?? []),
    roomid: str(json, 'roomid') ?? fallback.roomid ?? '',
    msgtime: time(json, isSwitch ? 'time' : 'msgtime') ?? time(json, 'time') ?? fallback.msgtime ?? 0,
  };
}

/** The message: its header fields written out (an object spread is the slow path in V8). */
function withBody(header: MessageHeader, body: MessageBody): Message {
  const { msgid, action, msgtype, from, tolist, roomid, msgtime } = header;
  return { msgid, action, msgtype, from, tolist, roomid, msgtime, body };
}

/** Reads one decrypted message. Never throws. `fallback`: the stored row's columns, if any. */
export function readMessage(raw: string, fallback: HeaderFallback = {}): Message {
  let value: unknown;
  let detail: string | null = null;
  try {
    value = parseTolerantJson(raw);
  } catch (error) {
    detail = `not JSON: ${(error as Error).message}`;
  }
  const json = asObject(value);
  if (!json) {
    const msgtype = fallback.msgtype ?? '';
    return {
      msgid: fallback.msgid ?? '',
      action: fallback.action || 'send',
      msgtype,
      from: fallback.from ?? '',
      tolist: fallback.tolist ?? [],
      roomid: fallback.roomid ?? '',
      msgtime: fallback.msgtime ?? 0,
      body: {
        kind: 'unsupported',
        reason: 'not-json',
        msgtype,
        payload: null,
        detail: detail ?? 'not a JSON object',
      },
    };
  }
  const header = headerOf(json, fallback);
  if (header.action === 'switch') {
    return withBody(header, { kind: 'switch', user: str(json, 'user'), time: num(json, 'time') });
  }
  const { payload, key } = payloadOf(json, header.msgtype);
  return withBody(header, parseBody(header.msgtype, payload, contextAt(0, key || header.msgtype, key, json)));
}
