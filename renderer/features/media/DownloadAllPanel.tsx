import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MediaVerifyReportDto } from '../../../main/contract';
import { Button } from '../../ui/Button';
import { useAppState } from '../../state';
import { ProgressBar } from '../../ui/ProgressBar';
import { useAppServices } from '../appServices';
import { useLocale } from '../useLocale';
import { formatBytes } from './format';
import { MediaQueueStopNotice } from './MediaQueueStopNotice';
import { mediaCounts } from './mediaRows';

/** Background download of every media item of a corp, with progress, rate, pause/resume. */
export function DownloadAllPanel({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { db, media } = useAppServices();
  const counts = useLiveQuery(() => mediaCounts(db, corpId), [db, corpId]);
  const queue = useAppState((state) => state.mediaQueues[corpId]);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [report, setReport] = useState<MediaVerifyReportDto | null>(null);

  useEffect(() => {
    void media.refreshQueue(corpId);
  }, [media, corpId]);

  if (!counts) return null;
  const remaining = counts.total - counts.done;
  const running = (queue?.active ?? 0) + (queue?.queued ?? 0) > 0;
  return (
    <div className="download-all" aria-label={t('media.downloadAll.title')} role="group">
      <ProgressBar
        value={counts.done}
        max={counts.total}
        label={t('media.downloadAll.progress', { done: counts.done, total: counts.total })}
        detail={t('media.downloadAll.detail', {
          failed: counts.failed,
          rate: formatBytes(queue?.rateBytesPerSec ?? 0, locale),
          bytes: formatBytes(queue?.bytesDone ?? 0, locale),
        })}
      />
      <div className="button-row">
        <Button
          variant="primary"
          busy={busy}
          disabled={remaining === 0 || (running && !queue?.paused)}
          onClick={() => {
            setBusy(true);
            setProblem(null);
            media
              .downloadAll(corpId)
              .catch((error: unknown) => setProblem(error instanceof Error ? error.message : String(error)))
              .finally(() => setBusy(false));
          }}
        >
          {t('media.downloadAll.start')}
        </Button>
        {queue?.paused ? (
          <Button onClick={() => void media.control(corpId, 'resume')}>
            {t('media.downloadAll.resume')}
          </Button>
        ) : (
          <Button disabled={!running} onClick={() => void media.control(corpId, 'pause')}>
            {t('media.downloadAll.pause')}
          </Button>
        )}
        <Button
          disabled={(queue?.queued ?? 0) === 0}
          onClick={() => void media.control(corpId, 'cancel-background')}
        >
          {t('media.downloadAll.cancel')}
        </Button>
        <Button
          busy={verifying}
          disabled={counts.done === 0}
          onClick={() => {
            setVerifying(true);
            setProblem(null);
            setReport(null);
            media
              .verifyStored(corpId)
              .then(setReport)
              .catch((error: unknown) => setProblem(error instanceof Error ? error.message : String(error)))
              .finally(() => setVerifying(false));
          }}
        >
          {t('media.verify.start')}
        </Button>
        {queue?.paused && !queue.stopped ? (
          <span className="muted">{t('media.downloadAll.paused')}</span>
        ) : null}
        {remaining === 0 && counts.total > 0 ? (
          <span className="muted">{t('media.downloadAll.nothing')}</span>
        ) : null}
      </div>
      {report ? (
        <p
          className={report.damaged + report.missing > 0 ? 'media-status__failure' : 'muted'}
          role="status"
          data-verify-report=""
        >
          {report.damaged + report.missing > 0
            ? t('media.verify.problems', {
                files: report.files,
                damaged: report.damaged,
                missing: report.missing,
                items: report.damaged + report.missing,
              })
            : t('media.verify.clean', {
                files: report.files,
                items: report.items,
                bytes: formatBytes(report.bytes, locale),
                seconds: (report.durationMs / 1000).toFixed(1),
              })}
        </p>
      ) : null}
      {queue?.stopped ? <MediaQueueStopNotice stopped={queue.stopped} locale={locale} /> : null}
      {problem ? <p className="media-status__failure">{problem}</p> : null}
    </div>
  );
}
