import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpenWithDto, Result } from '../../../main/contract';
import { describeArchiveError } from '../../i18n/describeErrors';
import { Button } from '../../ui/Button';
import { useAppServices } from '../appServices';
import { formatBytes } from './format';
import type { MediaCardProps } from './MediaCard';
import { MediaStatus } from './MediaStatus';
import { useMediaRow, useMediaSource, useRequestWhenVisible } from './useMedia';

/**
 * A file: its name, type and size as the archive states them (shown as text only — the name is never
 * a path), "Save as…" with the original bytes, and "Open with system app" after a confirmation.
 */
export function FileCard({ corpId, msgid, item }: MediaCardProps) {
  const { t } = useTranslation();
  const { media } = useAppServices();
  const ref = useRef<HTMLDivElement>(null);
  const row = useMediaRow(corpId, item.sdkfileid);
  useRequestWhenVisible(ref, corpId, msgid, item, row, false);
  const name = item.fileName && item.fileName.trim() !== '' ? item.fileName : '';
  const extension = item.fileExt ?? (name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : '');
  const saveName = name || `file${extension ? `.${extension}` : ''}`;
  const { source } = useMediaSource(corpId, row, 'download', { fileName: saveName });
  /** What main asked the user to confirm (browser shell); Electron confirms in main's own dialogs. */
  const [confirming, setConfirming] = useState<Extract<OpenWithDto, { state: 'confirm-required' }> | null>(
    null,
  );
  const [dangerAcknowledged, setDangerAcknowledged] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const size = row?.size ?? item.size;
  const onOpenAnswer = (answer: Result<OpenWithDto>) => {
    if (!answer.ok) setProblem(describeArchiveError(t, answer.error));
    else if (answer.value.state === 'confirm-required') setConfirming(answer.value);
  };

  return (
    <div ref={ref} className={`media-card media-card--file`} data-sdkfileid={item.sdkfileid}>
      <div className="file-card__name">{name || t('media.file.unnamed')}</div>
      <dl className="file-card__facts">
        <dt>{t('media.file.type')}</dt>
        <dd>{extension || t(`media.kind.${item.kind}`)}</dd>
        <dt>{t('media.file.size')}</dt>
        <dd>{size === null ? '—' : formatBytes(size)}</dd>
      </dl>
      <MediaStatus corpId={corpId} msgid={msgid} item={item} row={row} />
      {row?.state === 'done' ? (
        <div className="button-row">
          {source ? (
            <a
              className="button button--secondary"
              href={source.url}
              download={saveName}
              onClick={(event) => {
                // The URL was made when the card appeared; main may have given it up since. Save
                // through a fresh one, asked for now.
                event.preventDefault();
                setProblem(null);
                media.forgetSource(corpId, item.sdkfileid, 'download', saveName);
                media
                  .source(corpId, item.sdkfileid, 'download', saveName)
                  .then((fresh) => {
                    const link = document.createElement('a');
                    link.href = fresh.url;
                    link.download = saveName;
                    link.rel = 'noopener';
                    document.body.append(link);
                    link.click();
                    link.remove();
                  })
                  .catch((error: unknown) =>
                    setProblem(error instanceof Error ? error.message : String(error)),
                  );
              }}
            >
              {t('media.action.saveAs')}
            </a>
          ) : null}
          <Button
            onClick={() => {
              setProblem(null);
              void media.openExternally(corpId, item.sdkfileid, saveName).then(onOpenAnswer);
            }}
          >
            {t('media.action.openExternal')}
          </Button>
        </div>
      ) : null}
      {confirming ? (
        <div
          className="media-confirm"
          role="alertdialog"
          aria-labelledby={`confirm-${item.sdkfileid.slice(0, 16)}`}
        >
          <p id={`confirm-${item.sdkfileid.slice(0, 16)}`}>
            <strong>{t('media.confirmOpen.title')}</strong>{' '}
            {t('media.confirmOpen.body', { name: confirming.displayName })}
          </p>
          <p>{t('media.confirmOpen.type', { type: confirming.fileType || t('media.confirmOpen.noType') })}</p>
          {confirming.dangerous && dangerAcknowledged ? (
            <p className="media-status__failure" role="alert">
              {t('media.confirmOpen.dangerous', { type: confirming.fileType })}
            </p>
          ) : null}
          <div className="button-row">
            <Button
              variant={dangerAcknowledged ? 'danger' : 'primary'}
              onClick={() => {
                const { nonce, dangerous } = confirming;
                // An executable or script type takes a second, explicit confirmation.
                if (dangerous && !dangerAcknowledged) {
                  setDangerAcknowledged(true);
                  return;
                }
                setConfirming(null);
                setDangerAcknowledged(false);
                void media.confirmOpen(nonce, dangerous).then(onOpenAnswer);
              }}
            >
              {dangerAcknowledged ? t('media.confirmOpen.openAnyway') : t('media.confirmOpen.confirm')}
            </Button>
            <Button
              onClick={() => {
                setConfirming(null);
                setDangerAcknowledged(false);
              }}
            >
              {t('common.cancel')}
            </Button>
          </div>
        </div>
      ) : null}
      {problem ? <p className="media-status__failure">{problem}</p> : null}
    </div>
  );
}
