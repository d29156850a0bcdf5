import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpenWithDto, Result } from '../../../main/contract';
import {
  DANGEROUS_TYPES,
  decontrolName,
  hasControls,
  realFileType,
} from '../../../main/common/text/controls';
import { describeArchiveError } from '../../i18n/describeErrors';
import { ShownControls } from '../../ui/ArchiveText';
import { Button } from '../../ui/Button';
import { ModalDialog } from '../../ui/Overlay';
import { useAppServices } from '../appServices';
import { useLocale } from '../useLocale';
import { formatBytes } from './format';
import type { MediaCardProps } from './MediaCard';
import { MediaCardActions } from './MediaCardActions';
import { useMediaOrigin, UNKNOWN_ORIGIN } from './mediaOrigin';
import { mediaSaveName } from './saveName';
import { useMediaRow, useRequestWhenVisible } from './useMedia';

/**
 * A file: its name as text with every invisible or bidi control shown (`invoice<U+202E>fdp.exe`, not
 * "invoiceexe.pdf"), its type from the real extension after the last dot of that name (not the
 * archive's `fileext`, which the sender also chose), its size, "Save as…" with the original bytes
 * under the original name, and "Open with system app" after a confirmation.
 */
export function FileCard({ corpId, msgid, item }: MediaCardProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { media } = useAppServices();
  const ref = useRef<HTMLDivElement>(null);
  const row = useMediaRow(corpId, item.sdkfileid);
  useRequestWhenVisible(ref, corpId, msgid, item, row, false);
  const name = item.fileName && item.fileName.trim() !== '' ? item.fileName : '';
  const type = realFileType(name);
  const declared = item.fileExt ? decontrolName(item.fileExt).replace(/^\./, '').toLowerCase() : '';
  const dangerous = DANGEROUS_TYPES.has(type);
  const origin = useMediaOrigin(corpId, msgid, name === '');
  const saveName =
    name ||
    (origin === undefined ? null : mediaSaveName(item, origin ?? UNKNOWN_ORIGIN, { mime: row?.mime }));
  /** What main asked the user to confirm (browser shell); Electron confirms in main's own dialogs. */
  const [confirming, setConfirming] = useState<Extract<OpenWithDto, { state: 'confirm-required' }> | null>(
    null,
  );
  const [dangerAcknowledged, setDangerAcknowledged] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const size = item.size;
  const onOpenAnswer = (answer: Result<OpenWithDto>) => {
    if (!answer.ok) setProblem(describeArchiveError(t, answer.error));
    else if (answer.value.state === 'confirm-required') setConfirming(answer.value);
  };
  const closeConfirm = () => {
    setConfirming(null);
    setDangerAcknowledged(false);
  };

  return (
    <div ref={ref} className={`media-card media-card--file`} data-sdkfileid={item.sdkfileid}>
      <div className="file-card__name" data-testid="file-name">
        {name ? <ShownControls text={name} /> : t('media.file.unnamed')}
      </div>
      {hasControls(name) ? (
        <p className="file-card__warning" role="note" data-testid="file-controls-note">
          {t('media.file.controls')}
        </p>
      ) : null}
      <dl className="file-card__facts">
        <dt>{t('media.file.type')}</dt>
        <dd data-testid="file-type">
          <bdi dir="ltr">{type || t('media.confirmOpen.noType')}</bdi>
          {dangerous ? (
            <span className="badge badge--warning" data-testid="file-dangerous">
              {t('media.file.runsCode')}
            </span>
          ) : null}
          {declared && declared !== type ? (
            <span className="muted small" data-testid="file-declared">
              {' '}
              {t('media.file.declared', { type: declared })}
            </span>
          ) : null}
        </dd>
        <dt>{t('media.file.size')}</dt>
        <dd>{size === null ? '—' : formatBytes(size, locale)}</dd>
      </dl>
      <MediaCardActions corpId={corpId} msgid={msgid} item={item} row={row} saveName={saveName}>
        <Button
          disabled={saveName === null}
          onClick={() => {
            if (saveName === null) return;
            setProblem(null);
            void media.openExternally(corpId, item.sdkfileid, saveName).then(onOpenAnswer);
          }}
        >
          {t('media.action.openExternal')}
        </Button>
      </MediaCardActions>
      {confirming ? (
        <ModalDialog
          title={t('media.confirmOpen.title')}
          onClose={closeConfirm}
          role="alertdialog"
          testId="open-confirm"
        >
          <p>
            {t('media.confirmOpen.bodyBefore')}
            <strong data-testid="open-confirm-name">
              <ShownControls text={confirming.displayName} />
            </strong>
            {t('media.confirmOpen.bodyAfter')}
          </p>
          <p data-testid="open-confirm-type">
            {t('media.confirmOpen.type', { type: confirming.fileType || t('media.confirmOpen.noType') })}{' '}
            {t('media.confirmOpen.typeFromName')}
          </p>
          {confirming.displayName.includes('<U+') ? (
            <p className="file-card__warning" data-testid="open-confirm-controls">
              {t('media.confirmOpen.controls')}
            </p>
          ) : null}
          {confirming.dangerous && dangerAcknowledged ? (
            <p className="media-status__failure" role="alert">
              {t('media.confirmOpen.dangerous', { type: confirming.fileType })}
            </p>
          ) : null}
          <div className="modal__actions">
            <Button onClick={closeConfirm}>{t('common.cancel')}</Button>
            <Button
              variant={dangerAcknowledged ? 'danger' : 'primary'}
              onClick={() => {
                const { nonce } = confirming;
                // An executable or script type takes a second, explicit confirmation.
                if (confirming.dangerous && !dangerAcknowledged) {
                  setDangerAcknowledged(true);
                  return;
                }
                closeConfirm();
                void media.confirmOpen(nonce, confirming.dangerous).then(onOpenAnswer);
              }}
            >
              {dangerAcknowledged ? t('media.confirmOpen.openAnyway') : t('media.confirmOpen.confirm')}
            </Button>
          </div>
        </ModalDialog>
      ) : null}
      {problem ? <p className="media-status__failure">{problem}</p> : null}
    </div>
  );
}
