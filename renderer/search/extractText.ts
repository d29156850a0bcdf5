/**
 * What search indexes of a decrypted message: a projection of the message model (docs/wecom-sdk.md
 * §4) — every visible text field, each separately, joined by FIELD_SEPARATOR so that a phrase never
 * matches across two fields a reader sees apart — and whether it carries media (docs/wecom-sdk.md §4.3). Pure; never
 * throws: a raw text that is not JSON yields nothing (the raw JSON stays authoritative in the row).
 */
import { mediaRefsOf, readMessage, searchTextOf } from '../../main/common/message';

export interface IndexedText {
  /** The visible text fields joined by FIELD_SEPARATOR. */
  text: string;
  /** Whether the message carries downloadable media, itself or inside mixed/chatrecord items. */
  hasMedia: boolean;
}

/** Text and media flag of a raw message, from one read. */
export function indexedTextOf(raw: string): IndexedText {
  const message = readMessage(raw);
  return { text: searchTextOf(message), hasMedia: mediaRefsOf(message).length > 0 };
}

/** The visible text of a decrypted message's raw JSON, fields separated by FIELD_SEPARATOR. */
export function extractText(raw: string): string {
  return searchTextOf(readMessage(raw));
}
