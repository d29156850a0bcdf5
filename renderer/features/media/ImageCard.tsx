import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Lightbox } from './Lightbox';
import type { MediaCardProps } from './MediaCard';
import { useMediaOrigin, UNKNOWN_ORIGIN } from './mediaOrigin';
import { MediaStatus } from './MediaStatus';
import { mediaSaveName } from './saveName';
import { useMediaSource, useShownMedia } from './useMedia';

/** Images and emotions inline; a click opens the lightbox. Downloaded as soon as they are visible. */
export function ImageCard({ corpId, msgid, item }: MediaCardProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const { row, source, stale, shown } = useShownMedia(ref, corpId, msgid, item, true);
  const [open, setOpen] = useState(false);
  // Saved as `chat-sender-time.ext` (saveName.ts); the origin is read only once the viewer is open.
  const origin = useMediaOrigin(corpId, msgid, open);
  const fileName =
    origin === undefined ? undefined : mediaSaveName(item, origin ?? UNKNOWN_ORIGIN, { mime: row?.mime });
  const { source: download } = useMediaSource(corpId, row, 'download', {
    enabled: open && fileName !== undefined,
    ...(fileName === undefined ? {} : { fileName }),
  });
  const label = t(`media.kind.${item.kind}`);
  return (
    <div ref={ref} className={`media-card media-card--${item.kind}`} data-sdkfileid={item.sdkfileid}>
      {shown.url ? (
        <button type="button" className="media-card__thumb" onClick={() => setOpen(true)} aria-label={label}>
          <img src={shown.url} alt={label} loading="lazy" onError={shown.onError} />
        </button>
      ) : shown.offline ? (
        <div className="media-card__placeholder media-card__offline" role="note" data-testid="media-offline">
          {t('media.offline.noImage', { kind: label })}
        </div>
      ) : (
        <div className="media-card__placeholder" aria-hidden="true">
          {label}
        </div>
      )}
      <MediaStatus corpId={corpId} msgid={msgid} item={item} row={row} />
      {open && source && shown.url ? (
        <Lightbox
          src={source.url}
          alt={label}
          onError={stale}
          download={download && fileName !== undefined ? { url: download.url, fileName } : null}
          onClose={() => setOpen(false)}
        />
      ) : null}
    </div>
  );
}
