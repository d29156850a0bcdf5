import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDuration } from './format';
import type { MediaCardProps } from './MediaCard';
import { MediaCardActions } from './MediaCardActions';
import { useMediaOrigin, UNKNOWN_ORIGIN } from './mediaOrigin';
import { mediaSaveName } from './saveName';
import { useShownMedia } from './useMedia';

/** MP4 streamed from the media route with Range, so seeking works before the whole file is read. */
export function VideoCard({ corpId, msgid, item }: MediaCardProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  // Videos can be large: fetched when clicked, not merely when visible.
  const { row, shown } = useShownMedia(ref, corpId, msgid, item, false);
  const origin = useMediaOrigin(corpId, msgid, row?.state === 'done');
  const saveName =
    origin === undefined ? null : mediaSaveName(item, origin ?? UNKNOWN_ORIGIN, { mime: row?.mime });
  return (
    <div ref={ref} className="media-card media-card--video" data-sdkfileid={item.sdkfileid}>
      {shown.url ? (
        <video
          className="media-card__video"
          src={shown.url}
          onError={shown.onError}
          controls
          preload="metadata"
          aria-label={t('media.video.label', { duration: formatDuration(item.playLength) })}
        />
      ) : shown.offline ? (
        <div className="media-card__placeholder media-card__offline" role="note" data-testid="media-offline">
          {t('media.offline.noImage', { kind: t('media.kind.video') })}
        </div>
      ) : (
        <div className="media-card__placeholder" aria-hidden="true">
          {t('media.kind.video')} · {formatDuration(item.playLength)}
        </div>
      )}
      {shown.url ? (
        <div className="media-card__caption muted small">
          {t('media.video.duration', { duration: formatDuration(item.playLength) })}
        </div>
      ) : null}
      <MediaCardActions corpId={corpId} msgid={msgid} item={item} row={row} saveName={saveName} />
    </div>
  );
}
