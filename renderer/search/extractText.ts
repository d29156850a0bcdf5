/**
 * The visible text of a decrypted message (SDK-SPEC §4): what a reader sees rendered, and so what
 * search must find. Pure; never throws: a payload of an unexpected shape yields what can be found
 * in it, a raw text that is not JSON yields nothing (the raw JSON stays authoritative in the row).
 */

import { tryParseJson } from '../../main/common/json/tolerantJson';

type Json = Record<string, unknown>;

const MAX_DEPTH = 8;

function asObject(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function parseObject(text: unknown): Json | undefined {
  if (typeof text !== 'string') return asObject(text);
  return asObject(tryParseJson(text));
}

function pushString(out: string[], value: unknown): void {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed !== '') out.push(trimmed);
  } else if (typeof value === 'number' && Number.isFinite(value)) {
    out.push(String(value));
  }
}

function pushFields(out: string[], payload: Json | undefined, fields: readonly string[]): void {
  if (!payload) return;
  for (const field of fields) {
    const value = payload[field];
    if (Array.isArray(value)) for (const entry of value) pushString(out, entry);
    else pushString(out, value);
  }
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Fields shown for each payload shape, by msgtype (SDK-SPEC §4.1 table and §4.2 samples). */
const VISIBLE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  text: ['content'],
  image: [],
  voice: [],
  video: [],
  emotion: [],
  revoke: [],
  agree: [],
  disagree: [],
  voiptext: [],
  markdown: ['content'],
  link: ['title', 'description'],
  file: ['filename'],
  card: ['corpname'],
  weapp: ['title', 'description', 'displayname'],
  location: ['title', 'address'],
  todo: ['title', 'content'],
  vote: ['votetitle', 'voteitem'],
  redpacket: ['wish'],
  external_redpacket: ['wish'],
  meeting: ['topic', 'address', 'remarks'],
  meeting_notification: ['content'],
  docmsg: ['title'],
  calendar: ['title', 'place', 'remarks'],
  sphfeed: ['sph_name', 'feed_desc'],
  voip_doc_share: ['filename'],
  qydiskfile: ['filename'],
  // 接龙 / 笔记 (SDK-SPEC §4.1: structure unknown; the stand-in uses these keys).
  solitaire: ['title', 'content'],
  note: ['title', 'content'],
};

/** Payload key per msgtype where it differs from the msgtype (SDK-SPEC §4.1). */
const PAYLOAD_KEY: Readonly<Record<string, string>> = {
  markdown: 'info',
  news: 'info',
  meeting_notification: 'info',
  qydiskfile: 'info',
  docmsg: 'doc',
  external_redpacket: 'redpacket',
};

/** The fields for a type nobody documented: common text-bearing names. */
const FALLBACK_FIELDS = ['title', 'content', 'description', 'filename', 'address', 'wish', 'topic'];

/** `ChatRecordText` → `text`, `ChatRecordMixed` → `mixed`, a nested `chatrecord` stays `chatrecord`. */
function chatRecordItemType(type: unknown): string {
  if (typeof type !== 'string') return '';
  const lower = type.toLowerCase();
  return lower.startsWith('chatrecord') && lower !== 'chatrecord' ? lower.slice('chatrecord'.length) : lower;
}

function payloadText(msgtype: string, payload: Json | undefined, out: string[], depth: number): void {
  if (!payload || depth > MAX_DEPTH) return;
  switch (msgtype) {
    case 'news':
      for (const item of arrayOf(payload.item)) pushFields(out, asObject(item), ['title', 'description']);
      return;
    case 'collect':
      pushFields(out, payload, ['room_name', 'title']);
      for (const detail of arrayOf(payload.details)) pushFields(out, asObject(detail), ['ques']);
      return;
    case 'meeting_voice_call':
      for (const shared of arrayOf(payload.demofiledata)) pushFields(out, asObject(shared), ['filename']);
      return;
    case 'mixed':
      for (const entry of arrayOf(payload.item)) {
        const item = asObject(entry);
        if (item) payloadText(String(item.type ?? ''), parseObject(item.content), out, depth + 1);
      }
      return;
    case 'chatrecord':
      pushFields(out, payload, ['title']);
      for (const entry of arrayOf(payload.item)) {
        const item = asObject(entry);
        if (item) payloadText(chatRecordItemType(item.type), parseObject(item.content), out, depth + 1);
      }
      return;
    default:
      pushFields(out, payload, VISIBLE_FIELDS[msgtype] ?? FALLBACK_FIELDS);
  }
}

/** The payload object of a top-level message: its key, else `info`, else the message itself (§4.1). */
function topLevelPayload(message: Json, msgtype: string): Json {
  const key = PAYLOAD_KEY[msgtype] ?? msgtype;
  return asObject(message[key]) ?? asObject(message.info) ?? message;
}

/** Visible text parts of a parsed message, in reading order. */
export function visibleTextParts(message: Json): string[] {
  const msgtype = typeof message.msgtype === 'string' ? message.msgtype : '';
  const out: string[] = [];
  if (msgtype === '' || msgtype === 'switch' || message.action === 'switch') return out;
  // vote: the fields sit at the top level or under `vote` (SDK-SPEC §4.2, wrappers disagree).
  const payload =
    msgtype === 'vote' && message.votetitle !== undefined ? message : topLevelPayload(message, msgtype);
  payloadText(msgtype, payload, out, 0);
  return out;
}

/** The visible text of a decrypted message's raw JSON, parts separated by a newline. */
export function extractText(raw: string): string {
  const message = parseObject(raw);
  return message ? visibleTextParts(message).join('\n') : '';
}

/** Whether a message carries downloadable media, itself or inside mixed/chatrecord items (§4.3). */
export function hasMedia(raw: string): boolean {
  return raw.includes('sdkfileid');
}
