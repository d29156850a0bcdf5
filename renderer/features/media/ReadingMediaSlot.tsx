import type { MediaRef } from '../../../main/common/message';
import { MediaCard } from './MediaCard';

/**
 * The reading timeline's media slot filled with the media feature's card: the reader's MediaRef is
 * the media item (one shape, from the message model). Rows and download state are keyed by
 * (corp, sdkfileid), so the item's position is display only.
 */
export function ReadingMediaSlot({
  corpId,
  msgid,
  media,
}: {
  corpId: string;
  msgid: string;
  media: MediaRef;
}) {
  return <MediaCard corpId={corpId} msgid={msgid} item={media} />;
}
