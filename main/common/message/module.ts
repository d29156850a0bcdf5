import type { JsonObject } from './fields';
import type { BodyKind, BodyOf, ChatRecordEntry, MediaRef, MessageBody } from './model';

/**
 * What one msgtype module declares (one module per msgtype or family, in ./types): the parsers of
 * its msgtypes and, for each body kind it produces, the projections every consumer uses. Adding a
 * msgtype = one module here + one card + i18n + a sample (docs/ARCHITECTURE.md).
 */

/** The one nesting limit of mixed / chatrecord items (a hostile payload could nest forever). */
export const MAX_NESTING_DEPTH = 8;

export interface EmbeddedReader {
  /** Reads one mixed item (its `type` is a plain msgtype). */
  mixedItem(item: unknown, path: string, depth: number): MessageBody;
  /** Reads one chatrecord item (its `type` is ChatRecordXxx). */
  recordItem(item: unknown, path: string, depth: number): ChatRecordEntry;
}

export interface ParseContext {
  /** Nesting depth: 0 for the message's own payload. */
  depth: number;
  /** Where the payload sits in the message, e.g. `image` or `mixed.item[1]` (media paths). */
  path: string;
  /** Where the payload was found: the msgtype's key, `info`, '' (the message itself) or `content` (items). */
  payloadKey: string;
  /** The top-level message object (for top-level ids such as voiceid), or null inside items. */
  top: JsonObject | null;
  /** Reads the items of mixed and chatrecord (one shared object; items are read at depth + 1). */
  items: EmbeddedReader;
}

/** Reads the payload object of one msgtype; returns a typed body or an `unsupported` one. */
export type Parser = (msgtype: string, payload: JsonObject, context: ParseContext) => MessageBody;

/** The projections over any body, for kinds that contain other bodies (mixed, chatrecord). */
export interface Projections {
  searchFields(body: MessageBody): string[];
  mediaRefs(body: MessageBody): MediaRef[];
  preview(body: MessageBody): string;
  quotableText(body: MessageBody): string;
}

export interface KindProjection<K extends BodyKind> {
  /** Every field a reader sees, each separately (a phrase never spans two fields shown apart). */
  searchFields(body: BodyOf<K>, all: Projections): string[];
  /** The downloadable items, in document order. */
  mediaRefs(body: BodyOf<K>, all: Projections): MediaRef[];
  /** One line, language-neutral (the UI adds the type's label); '' when there is no text. */
  preview(body: BodyOf<K>, all: Projections): string;
  /** The text a quote of this message would carry; '' when it has none. */
  quotableText(body: BodyOf<K>, all: Projections): string;
}

export type KindTable<K extends BodyKind> = { [P in K]: KindProjection<P> };

export interface TypeModule<K extends BodyKind> {
  /** msgtype → parser. */
  parsers: Readonly<Record<string, Parser>>;
  kinds: KindTable<K>;
}

/** A projection with the common defaults: no media, no quotable text beyond the preview. */
export function projection<K extends BodyKind>(
  spec: Pick<KindProjection<K>, 'searchFields'> & Partial<KindProjection<K>>,
): KindProjection<K> {
  return {
    searchFields: spec.searchFields,
    mediaRefs: spec.mediaRefs ?? (() => []),
    preview: spec.preview ?? ((body, all) => oneLine(spec.searchFields(body, all).join(' '))),
    quotableText: spec.quotableText ?? (() => ''),
  };
}

/** The non-empty values among `values`, in order (search fields and previews skip what is absent). */
export function present(...values: ReadonlyArray<string | null | undefined>): string[] {
  return values.filter((value): value is string => typeof value === 'string' && value.trim() !== '');
}

const PREVIEW_MAX = 200;

/** Whitespace runs as one space, trimmed, at most 200 code points (a conversation list line). */
export function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > PREVIEW_MAX ? Array.from(line).slice(0, PREVIEW_MAX).join('') : line;
}

export function malformed(msgtype: string, payload: JsonObject): MessageBody {
  return { kind: 'unsupported', reason: 'malformed', msgtype, payload };
}
