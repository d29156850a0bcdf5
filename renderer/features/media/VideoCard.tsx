import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDuration } from './format';
import type { MediaCardProps } from './MediaCard';
import { MediaStatus } from './MediaStatus';
import { useMediaRow, useMediaSource, useRequestWhenVisible } from './useMedia';

/** MP4 streamed from the media route with Range, so seeking works before the whole file is read. */
export function VideoCard({ corpId, msgid, item }: MediaCardProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const row = useMediaRow(corpId, item.sdkfileid);
  // Videos can be large: fetched when clicked, not merely when visible.
  useRequestWhenVisible(ref, corpId, msgid, item, row, false);
  const { source, stale } = useMediaSource(corpId, row, 'view');
  return (
    <div ref={ref} className="media-card media-card--video" data-sdkfileid={item.sdkfileid}>
      {source ? (
        <video
          className="media-card__video"
          src={source.url}
          onError={stale}
          controls
          preload="metadata"
          aria-label={t('media.video.label', { duration: formatDuration(item.playLength) })}
        />
      ) : (
        <div className="media-card__placeholder" aria-hidden="true">
          {t('media.kind.video')} · {formatDuration(item.playLength)}
        </div>
      )}
      <MediaStatus corpId={corpId} msgid={msgid} item={item} row={row} />
    </div>
  );
}
