import type { MediaItem } from './mediaItems';
import { FileCard } from './FileCard';
import { ImageCard } from './ImageCard';
import { VideoCard } from './VideoCard';
import { VoiceBubble } from './VoiceBubble';
import './media.css';

/**
 * The one media component other features drop in (the reading timeline's media slot, the media
 * panel): everything it needs is in its props; state comes from the media rows and main.
 */
export interface MediaCardProps {
  corpId: string;
  msgid: string;
  /** One parsed media item of the message (see mediaItemsOf). */
  item: MediaItem;
}

export function MediaCard(props: MediaCardProps) {
  switch (props.item.kind) {
    case 'image':
    case 'emotion':
      return <ImageCard {...props} />;
    case 'voice':
    case 'meeting_voice_call':
      return <VoiceBubble {...props} />;
    case 'video':
      return <VideoCard {...props} />;
    case 'file':
    case 'voip_doc_share':
      return <FileCard {...props} />;
  }
}
