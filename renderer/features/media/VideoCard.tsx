import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDuration } from './format';
import type { MediaCardProps } from './MediaCard';
import { useMediaOrigin, UNKNOWN_ORIGIN } from './mediaOrigin';
import { MediaStatus } from './MediaStatus';
import { mediaSaveName } from './saveName';
import { SaveButton } from './SaveButton';
import { useMediaRow, useMediaSource, useRequestWhenVisible } from './useMedia';

/** MP4 streamed from the media route with Range, so seeking works before the whole file is read. */
export function VideoCard({ corpId, msgid, item }: MediaCardProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const row = useMediaRow(corpId, item.sdkfileid);
  // Videos can be large: fetched when clicked, not merely when visible.
  useRequestWhenVisible(ref, corpId, msgid, item, row, false);
  const { source, stale } = useMediaSource(corpId, row, 'view');
  const origin = useMediaOrigin(corpId, msgid, row?.state === 'done');
  const saveName =
    origin === undefined ? null : mediaSaveName(item, origin ?? UNKNOWN_ORIGIN, { mime: row?.mime });
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
      {source ? (
        <div className="media-card__caption muted small">
          {t('media.video.duration', { duration: formatDuration(item.playLength) })}
        </div>
      ) : null}
      <MediaStatus corpId={corpId} msgid={msgid} item={item} row={row} />
      {row?.state === 'done' ? (
        <div className="button-row">
          <SaveButton corpId={corpId} sdkfileid={item.sdkfileid} purpose="download" fileName={saveName}>
            {t('media.action.saveAs')}
          </SaveButton>
        </div>
      ) : null}
    </div>
  );
}
