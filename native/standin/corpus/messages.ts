import type { IssuedMedia } from './media';

/**
 * Builders for decrypted message bodies with the official field layouts (docs/wecom-sdk.md §4.1 map, docs/wecom-sdk.md §4.2 samples).
 * Key order follows the official samples: msgid, action, from, tolist, roomid, msgtime, msgtype, payload.
 */

export interface Header {
  msgid: string;
  action: 'send' | 'recall';
  from: string;
  tolist: string[];
  /** `""` for single chats; `null` omits the field (meeting_voice_call / voip_doc_share samples). */
  roomid: string | null;
  /** Milliseconds (docs/wecom-sdk.md §4.1). */
  msgtime: number;
}

/** The body JSON: the common fields, `msgtype`, then `fields` in insertion order (payload key, or top-level fields). */
export function messageBody(header: Header, msgtype: string, fields: Record<string, unknown>): string {
  const common: Record<string, unknown> = {
    msgid: header.msgid,
    action: header.action,
    from: header.from,
    tolist: header.tolist,
  };
  if (header.roomid !== null) common['roomid'] = header.roomid;
  common['msgtime'] = header.msgtime;
  common['msgtype'] = msgtype;
  return JSON.stringify({ ...common, ...fields });
}

/** Switch-corp log line: no msgtype, `time` and `user` at top level (docs/wecom-sdk.md §4.2 "switch log"). */
export function switchBody(msgid: string, timeMs: number, user: string): string {
  return JSON.stringify({ msgid, action: 'switch', time: timeMs, user });
}

/** JSON.stringify escapes control characters; real payloads sometimes carry them raw (docs/wecom-sdk.md §1.6). */
export function withRawControlCharacters(json: string): string {
  return json
    .replace(/\\u0001/g, '\u0001')
    .replace(/\\u001f/g, '\u001f')
    .replace(/\\t/g, '\t');
}

// ---- media payloads (docs/wecom-sdk.md §4.2) ----

export function imagePayload(m: IssuedMedia): Record<string, unknown> {
  return { md5sum: m.md5sum, filesize: m.asset.size, sdkfileid: m.sdkfileid };
}

export function voicePayload(m: IssuedMedia): Record<string, unknown> {
  return {
    md5sum: m.md5sum,
    voice_size: m.asset.size,
    play_length: playLengthSeconds(m),
    sdkfileid: m.sdkfileid,
  };
}

export function videoPayload(m: IssuedMedia): Record<string, unknown> {
  return {
    md5sum: m.md5sum,
    filesize: m.asset.size,
    play_length: playLengthSeconds(m),
    sdkfileid: m.sdkfileid,
  };
}

export function emotionPayload(m: IssuedMedia): Record<string, unknown> {
  return {
    type: m.asset.emotionType ?? 2,
    width: m.asset.width ?? 0,
    height: m.asset.height ?? 0,
    imagesize: m.asset.size,
    md5sum: m.md5sum,
    sdkfileid: m.sdkfileid,
  };
}

export function filePayload(
  m: IssuedMedia,
  filename = m.asset.displayName,
  fileext = extensionOf(filename),
): Record<string, unknown> {
  return { md5sum: m.md5sum, filename, fileext, filesize: m.asset.size, sdkfileid: m.sdkfileid };
}

/** Payload for a media item of `mixed` or `chatrecord` (the shape of the top-level payload of that type). */
export function mediaItemPayload(
  kind: 'image' | 'voice' | 'video' | 'emotion' | 'file',
  m: IssuedMedia,
): Record<string, unknown> {
  switch (kind) {
    case 'image':
      return imagePayload(m);
    case 'voice':
      return voicePayload(m);
    case 'video':
      return videoPayload(m);
    case 'emotion':
      return emotionPayload(m);
    case 'file':
      return filePayload(m);
  }
}

/** Whole seconds, rounded, at least 1 (WeCom shows a 0.4 s voice as 1″). */
export function playLengthSeconds(m: IssuedMedia): number {
  return Math.max(1, Math.round((m.asset.durationMs ?? 0) / 1000));
}

export function extensionOf(filename: string): string {
  const base = filename.split(/[/\\]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

// ---- chatrecord / mixed items (docs/wecom-sdk.md §4.2: item content is a JSON string; chatrecord item msgtime in seconds) ----

export type ChatRecordItemType =
  | 'ChatRecordText'
  | 'ChatRecordImage'
  | 'ChatRecordVideo'
  | 'ChatRecordVoice'
  | 'ChatRecordFile'
  | 'ChatRecordEmotion'
  | 'ChatRecordLink'
  | 'ChatRecordLocation'
  | 'ChatRecordCard'
  | 'ChatRecordWeapp'
  | 'ChatRecordMixed'
  | 'chatrecord';

export interface ChatRecordItem {
  type: ChatRecordItemType;
  msgtime: number;
  content: string;
  from_chatroom: boolean;
}

export function chatRecordItem(
  type: ChatRecordItemType,
  msgtimeSeconds: number,
  content: Record<string, unknown>,
  fromChatroom: boolean,
): ChatRecordItem {
  return { type, msgtime: msgtimeSeconds, content: JSON.stringify(content), from_chatroom: fromChatroom };
}

export interface MixedItem {
  type: string;
  content: string;
}

export function mixedItem(type: string, content: Record<string, unknown>): MixedItem {
  return { type, content: JSON.stringify(content) };
}
