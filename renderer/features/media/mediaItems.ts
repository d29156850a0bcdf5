import type { MediaKind } from '../../../main/contract';
import { tryParseJson } from '../../../main/common/json/tolerantJson';

/**
 * Media items of one decrypted message (SDK-SPEC §4.3): the seven media types at the top level and
 * the same kinds nested in `mixed.item[]` and `chatrecord.item[]` (recursively; their `content` is a
 * JSON string). Pure: the raw JSON is the only input, nothing is trusted to be well-formed.
 */
export interface MediaItem {
  sdkfileid: string;
  kind: MediaKind;
  /** '' when absent or empty (then the download is "unverified"). */
  md5sum: string;
  /** filesize / voice_size / imagesize; null when not stated. */
  size: number | null;
  /** Display only — never used as a path. */
  fileName?: string;
  fileExt?: string;
  /** Seconds (voice, video). */
  playLength?: number;
  width?: number;
  height?: number;
  /** Where in the message, e.g. `mixed.item[2]` or `chatrecord.item[0].content.item[1]`. */
  path: string;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const count = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;

/**
 * Where each media kind states its size. Typed over MediaKind, so tsc fails when the contract's
 * kinds change and this does not follow: it is also the renderer's list of the kinds (the renderer
 * takes only types from main/contract).
 */
const SIZE_FIELD: Record<MediaKind, string> = {
  image: 'filesize',
  voice: 'voice_size',
  video: 'filesize',
  emotion: 'imagesize',
  file: 'filesize',
  meeting_voice_call: 'filesize',
  voip_doc_share: 'filesize',
};

/** Every media kind, in the contract's order. */
export const MEDIA_KINDS = Object.keys(SIZE_FIELD) as MediaKind[];

/** Plain msgtypes in mixed items, and chatrecord's `ChatRecordXxx` item types. */
function kindOfType(type: string): MediaKind | null {
  const normalised = type.toLowerCase().replace(/^chatrecord/, '');
  return Object.hasOwn(SIZE_FIELD, normalised) ? (normalised as MediaKind) : null;
}

function itemOf(kind: MediaKind, payload: Json, path: string): MediaItem | null {
  const sdkfileid = text(payload.sdkfileid);
  if (!sdkfileid) return null;
  const size = count(payload[SIZE_FIELD[kind]]) ?? count(payload.filesize) ?? null;
  const item: MediaItem = { sdkfileid, kind, md5sum: text(payload.md5sum) ?? '', size, path };
  const fileName = text(payload.filename);
  if (fileName !== undefined) item.fileName = fileName;
  const fileExt = text(payload.fileext);
  if (fileExt !== undefined) item.fileExt = fileExt;
  const playLength = count(payload.play_length);
  if (playLength !== undefined) item.playLength = playLength;
  const width = count(payload.width);
  if (width !== undefined) item.width = width;
  const height = count(payload.height);
  if (height !== undefined) item.height = height;
  return item;
}

function parseContent(content: unknown): Json | null {
  if (isObject(content)) return content;
  if (typeof content !== 'string') return null;
  const parsed = tryParseJson(content);
  return isObject(parsed) ? parsed : null;
}

const MAX_DEPTH = 16;

function fromItems(items: unknown, path: string, depth: number, out: MediaItem[]): void {
  if (!Array.isArray(items) || depth > MAX_DEPTH) return;
  items.forEach((entry: unknown, index) => {
    if (!isObject(entry)) return;
    const type = text(entry.type) ?? '';
    const content = parseContent(entry.content);
    const here = `${path}[${index}]`;
    if (!content) return;
    const kind = kindOfType(type);
    if (kind) {
      const item = itemOf(kind, content, here);
      if (item) out.push(item);
      return;
    }
    const lower = type.toLowerCase();
    // Nested forwarded records and mixed messages inside a record.
    if (
      lower === 'chatrecord' ||
      lower === 'chatrecordchatrecord' ||
      lower === 'chatrecordmixed' ||
      lower === 'mixed'
    ) {
      const inner =
        isObject(content.item) || Array.isArray(content.item)
          ? content
          : (parseContent(content.chatrecord) ?? parseContent(content.mixed) ?? content);
      fromItems(inner.item, `${here}.content.item`, depth + 1, out);
    }
  });
}

/** Every media item of a message, in document order; [] for non-media or unparsable JSON. */
export function mediaItemsOf(raw: string | undefined): MediaItem[] {
  if (!raw) return [];
  const message = tryParseJson(raw);
  if (!isObject(message)) return [];
  const msgtype = text(message.msgtype) ?? '';
  const out: MediaItem[] = [];
  const kind = kindOfType(msgtype);
  if (kind && msgtype === kind) {
    const payload = message[msgtype];
    if (isObject(payload)) {
      const item = itemOf(kind, payload, msgtype);
      if (item) out.push(item);
    }
  } else if (msgtype === 'mixed' && isObject(message.mixed)) {
    fromItems(message.mixed.item, 'mixed.item', 0, out);
  } else if (msgtype === 'chatrecord' && isObject(message.chatrecord)) {
    fromItems(message.chatrecord.item, 'chatrecord.item', 0, out);
  }
  return out;
}
