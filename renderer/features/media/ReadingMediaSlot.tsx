import type { MediaSlotProps } from '../reading/cards/MediaSlot';
import { MediaCard } from './MediaCard';
import type { MediaItem } from './mediaItems';

/**
 * The reading timeline's media slot filled with the media feature's card: the reader parsed the
 * message into a MediaRef; the card needs a MediaItem (the same facts, the media feature's names).
 * Rows and download state are keyed by (corp, sdkfileid), so the item's position is display only.
 */
export function ReadingMediaSlot({ corpId, msgid, media }: MediaSlotProps) {
  const item: MediaItem = {
    sdkfileid: media.sdkfileid,
    kind: media.kind,
    md5sum: media.md5sum,
    size: media.size,
    path: media.kind,
    ...(media.filename === null ? {} : { fileName: media.filename }),
    ...(media.fileext === null ? {} : { fileExt: media.fileext }),
    ...(media.durationSec === null ? {} : { playLength: media.durationSec }),
  };
  return <MediaCard corpId={corpId} msgid={msgid} item={item} />;
}
