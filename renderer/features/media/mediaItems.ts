import { mediaRefsOf, readMessage, type MediaRef } from '../../../main/common/message';

/**
 * Media items of one decrypted message (docs/wecom-sdk.md §4.3): a projection of the message
 * model's media references — the media kinds at the top level and nested in `mixed.item[]` and
 * `chatrecord.item[]` (recursively, up to the model's one nesting limit).
 */
export type MediaItem = MediaRef;

/** Every media item of a message, in document order; [] for non-media or unparsable JSON. */
export function mediaItemsOf(raw: string | undefined): MediaItem[] {
  if (!raw) return [];
  return mediaRefsOf(readMessage(raw));
}
