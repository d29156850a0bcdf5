import { useTranslation } from 'react-i18next';
import type { MediaQueueStopDto } from '../../../main/contract';
import { formatBytes } from './format';

/**
 * Why the download queue stopped by itself: the disk holding the media folder is full (ENOSPC) or the
 * disk quota is used up (EDQUOT). Says how much room the queued downloads still need and that nothing
 * was lost: Resume (or Download all) goes on from each download's last chunk.
 */
export function MediaQueueStopNotice({ stopped, locale }: { stopped: MediaQueueStopDto; locale: string }) {
  const { t } = useTranslation();
  const needed = formatBytes(stopped.neededBytes, locale);
  return (
    <div className="media-status__failure" role="alert" data-media-stopped={stopped.code}>
      <p>{t(`media.downloadAll.diskFull.${stopped.code}`)}</p>
      <p>
        {stopped.freeBytes === null
          ? t('media.downloadAll.diskFull.needUnknownFree', { needed })
          : t('media.downloadAll.diskFull.need', { needed, free: formatBytes(stopped.freeBytes, locale) })}
      </p>
      <p>{t('media.downloadAll.diskFull.how', { folder: stopped.folder })}</p>
    </div>
  );
}
