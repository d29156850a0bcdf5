import type { MediaKind } from '../../../main/contract';
import { wallClock } from '../../../main/common/text/wallClock';

/**
 * The name a saved file gets. A file keeps the name it was sent under (main removes path separators
 * and controls from it, keeping its real extension: mediaPaths.ts safeFileName). Images, stickers,
 * voice and video have no name of their own: they are named after where they come from —
 * `chat-sender-YYYYMMDD-HHMMSS.ext` — never after an opaque id (`image-CmozMDY5.jpg`).
 */
export interface MediaOriginNames {
  /** The chat's title as the chat list shows it. */
  chat: string;
  /** The sender's name (or id when unresolved). */
  sender: string;
  /** When the message was sent (ms UTC); null when unknown. */
  msgtime: number | null;
}

const EXTENSION_OF_MIME: Readonly<Record<string, string>> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/bmp': 'bmp',
  'video/mp4': 'mp4',
  'video/quicktime': 'mov',
  'audio/amr': 'amr',
  'audio/silk': 'silk',
  'audio/wav': 'wav',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'application/pdf': 'pdf',
};

const DEFAULT_EXTENSION: Readonly<Record<MediaKind, string>> = {
  image: 'jpg',
  emotion: 'gif',
  voice: 'amr',
  meeting_voice_call: 'amr',
  video: 'mp4',
  file: 'bin',
  voip_doc_share: 'bin',
};

/** The extension for stored bytes of this MIME type (as main sniffed it), else the kind's usual one. */
export function extensionFor(kind: MediaKind, mime: string | undefined): string {
  return (mime && EXTENSION_OF_MIME[mime]) || DEFAULT_EXTENSION[kind];
}

/** `20240105-093012` in the given time zone (the system's when absent). */
export function fileTimestamp(ms: number, timeZone?: string): string {
  const t = wallClock(ms, timeZone);
  return `${t.year}${t.month}${t.day}-${t.hour}${t.minute}${t.second}`;
}

/** One part of a name: no separators, no controls, whitespace runs as one space, at most `max` characters. */
function namePart(text: string, max: number): string {
  const cleaned = text
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/[/\\:*?"<>|]/g, '_')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = Array.from(cleaned);
  return chars.length > max ? chars.slice(0, max).join('') : cleaned;
}

/** `chat-sender-time` without an extension; parts that are unknown are left out. */
export function originBaseName(origin: MediaOriginNames, timeZone?: string): string {
  const parts = [
    namePart(origin.chat, 40),
    namePart(origin.sender, 24),
    origin.msgtime === null ? '' : fileTimestamp(origin.msgtime, timeZone),
  ].filter((part) => part !== '');
  return parts.length > 0 ? parts.join('-') : 'media';
}

/**
 * The suggested name for saving an item: the original name of a file; `chat-sender-time.ext` for
 * the rest (and for a file sent without a name). `extension` overrides the stored type's (a voice
 * saved as WAV).
 */
export function mediaSaveName(
  item: { kind: MediaKind; fileName?: string | undefined },
  origin: MediaOriginNames,
  options: { mime?: string | undefined; extension?: string; timeZone?: string } = {},
): string {
  const named = item.kind === 'file' || item.kind === 'voip_doc_share';
  if (named && item.fileName !== undefined && item.fileName.trim() !== '') return item.fileName;
  const extension = options.extension ?? extensionFor(item.kind, options.mime);
  return `${originBaseName(origin, options.timeZone)}.${extension}`;
}
