import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EvidenceExportDto, EvidenceProgressDto, EvidenceScope } from '../../../main/contract';
import { zonedDayRange } from '../../lib/timeZone';
import { selectTimeZone, useAppState } from '../../state';
import { Button } from '../../ui/Button';
import { Checkbox } from '../../ui/Checkbox';
import { DateField } from '../../ui/DateField';
import { Facts } from '../../ui/Facts';
import { ModalDialog } from '../../ui/Overlay';
import { ProgressBar } from '../../ui/ProgressBar';
import { PathField, TextField } from '../../ui/TextField';
import { useAppServices } from '../appServices';
import { useRunAbort } from '../useRunAbort';
import { countTarget, type ExportTarget } from './exportSources';
import { ExportAborted, ExportFailed, runExport } from './exportRunner';
import { useExportDeps } from './useExportDeps';
import { VerifyReport, useVerifyBundle } from './VerifyBundleScreen';
import './export.css';

/** What the dialog exports: the scope as recorded in the manifest and the messages it names. */
export interface ExportSubject {
  kind: EvidenceScope['kind'];
  /** The scope's line, e.g. "Chat: 张三 ↔ 李四". */
  title: string;
  parameters: EvidenceScope['parameters'];
  /** Messages to export; a conversation subject can be narrowed to a range in the dialog. */
  target: () => Promise<ExportTarget>;
}

type Phase =
  | { state: 'form' }
  | { state: 'running'; done: number; total: number; finishing: EvidenceProgressDto['phase'] | null }
  | { state: 'done'; result: EvidenceExportDto }
  | { state: 'failed'; message: string }
  | { state: 'cancelled' }
  | { state: 'nothing' };

/**
 * The evidence export dialog (issue 13): options (range for a chat, context messages, PDF, media
 * download, folder), then a progress bar with Cancel while pages stream to main, then where the bundle
 * is, its hashes and signer, and a Verify button.
 */
export function ExportDialog({ subject, onClose }: { subject: ExportSubject; onClose: () => void }) {
  const { t } = useTranslation();
  const { archive } = useAppServices();
  const depsOf = useExportDeps();
  const timeZone = useAppState(selectTimeZone);
  const [phase, setPhase] = useState<Phase>({ state: 'form' });
  const [whole, setWhole] = useState(true);
  const [fromDay, setFromDay] = useState('');
  const [toDay, setToDay] = useState('');
  const [context, setContext] = useState(0);
  const [includePdf, setIncludePdf] = useState(true);
  const [fetchMedia, setFetchMedia] = useState(true);
  const [zip, setZip] = useState(false);
  const [folder, setFolder] = useState('');
  const run = useRunAbort();
  const exportIdRef = useRef<string | null>(null);
  const verify = useVerifyBundle();

  useEffect(
    () =>
      archive.subscribe((event) => {
        if (event.type !== 'evidence-progress') return;
        setPhase((current) =>
          current.state === 'running' ? { ...current, finishing: event.progress.phase } : current,
        );
      }),
    [archive],
  );

  const start = async () => {
    const signal = run.start();
    setPhase({ state: 'running', done: 0, total: 0, finishing: null });
    try {
      let target = await subject.target();
      if (target.kind === 'conversation' && !whole) {
        target = {
          ...target,
          fromMs: fromDay ? (zonedDayRange(fromDay, timeZone)?.start ?? null) : null,
          toMs: toDay ? (zonedDayRange(toDay, timeZone)?.end ?? null) : null,
        };
      }
      const deps = depsOf();
      const total = await countTarget(deps.db, target);
      if (total === 0) {
        setPhase({ state: 'nothing' });
        return;
      }
      const parameters = { ...subject.parameters };
      if (target.kind === 'conversation') {
        parameters.fromMs = target.fromMs;
        parameters.toMs = target.toMs;
      }
      setPhase({ state: 'running', done: 0, total, finishing: null });
      const result = await runExport(
        {
          scope: { kind: subject.kind, title: subject.title, parameters, contextMessages: context },
          target,
          includePdf,
          fetchMissingMedia: fetchMedia,
          zip,
          ...(folder.trim() ? { parentDir: folder.trim() } : {}),
        },
        deps,
        {
          signal,
          total,
          onProgress: ({ done }) =>
            setPhase((current) => (current.state === 'running' ? { ...current, done, total } : current)),
        },
      );
      exportIdRef.current = result.exportId;
      setPhase({ state: 'done', result });
    } catch (error) {
      if (error instanceof ExportAborted || signal.aborted) setPhase({ state: 'cancelled' });
      else
        setPhase({
          state: 'failed',
          message:
            error instanceof ExportFailed ? error.error.message : String((error as Error).message ?? error),
        });
    }
  };

  const running = phase.state === 'running';
  return (
    <ModalDialog
      title={t('evidence.export.title')}
      onClose={running ? () => undefined : onClose}
      testId="export-dialog"
    >
      <p className="muted">{subject.title}</p>
      {phase.state === 'form' ? (
        <form
          className="export-form"
          onSubmit={(event) => {
            event.preventDefault();
            void start();
          }}
        >
          <p className="small">{t('evidence.export.intro')}</p>
          {subject.kind === 'conversation' ? (
            <fieldset className="export-form__range">
              <label>
                <input
                  type="radio"
                  checked={whole}
                  onChange={() => setWhole(true)}
                  data-testid="export-whole"
                />{' '}
                {t('evidence.export.whole')}
              </label>
              <label>
                <input
                  type="radio"
                  checked={!whole}
                  onChange={() => setWhole(false)}
                  data-testid="export-range"
                />{' '}
                {t('evidence.export.range')}
              </label>
              {!whole ? (
                <div className="export-form__days">
                  <DateField
                    value={fromDay}
                    onChange={setFromDay}
                    aria-label={t('evidence.export.from')}
                    data-testid="export-from"
                  />
                  <DateField
                    value={toDay}
                    onChange={setToDay}
                    aria-label={t('evidence.export.to')}
                    data-testid="export-to"
                  />
                </div>
              ) : null}
            </fieldset>
          ) : null}
          <TextField
            label={t('evidence.export.context')}
            type="number"
            min={0}
            max={1000}
            value={String(context)}
            onChange={(value) => setContext(Math.max(0, Math.min(1000, Number(value) || 0)))}
            testId="export-context"
          />
          <Checkbox
            className="export-form__check"
            label={t('evidence.export.includePdf')}
            checked={includePdf}
            onChange={setIncludePdf}
          />
          <Checkbox
            className="export-form__check"
            label={t('evidence.export.fetchMedia')}
            checked={fetchMedia}
            onChange={setFetchMedia}
          />
          <Checkbox
            className="export-form__check"
            label={t('evidence.export.zip')}
            checked={zip}
            onChange={setZip}
            testId="export-zip"
          />
          <PathField
            label={t('evidence.export.folder')}
            value={folder}
            onChange={setFolder}
            testId="export-folder"
          />
          <div className="export-form__actions">
            <Button variant="primary" type="submit" data-testid="export-start">
              {t('evidence.export.start')}
            </Button>
            <Button onClick={onClose}>{t('evidence.export.close')}</Button>
          </div>
        </form>
      ) : null}
      {phase.state === 'running' ? (
        <div data-testid="export-progress">
          {phase.total === 0 ? (
            <p>{t('evidence.export.counting')}</p>
          ) : (
            <ProgressBar
              value={phase.done}
              max={phase.total}
              label={
                phase.finishing
                  ? t(`evidence.export.phase.${phase.finishing}`)
                  : t('evidence.export.progress', { done: phase.done, total: phase.total })
              }
            />
          )}
          <Button onClick={run.cancel} data-testid="export-cancel">
            {t('evidence.export.cancel')}
          </Button>
        </div>
      ) : null}
      {phase.state === 'done' ? (
        <div data-testid="export-done">
          <p>{t('evidence.export.done')}</p>
          <p>
            <code className="export-path" data-testid="export-folder-path">
              {phase.result.folder}
            </code>
          </p>
          <p>
            {t('evidence.export.summary', {
              messages: phase.result.messages,
              media: phase.result.mediaFiles,
              missing: phase.result.mediaMissing,
              files: phase.result.files,
            })}
          </p>
          {phase.result.zipFile ? (
            <p>
              {t('evidence.export.zipWritten')}{' '}
              <code className="export-path" data-testid="export-zip-path">
                {phase.result.zipFile}
              </code>
            </p>
          ) : null}
          {phase.result.zip === 'failed' ? (
            <p className="export-warning">
              {t('evidence.export.zipFailed', { problem: phase.result.zipProblem ?? '' })}
            </p>
          ) : null}
          {phase.result.pdf === 'skipped' ? <p className="muted">{t('evidence.export.pdfSkipped')}</p> : null}
          {phase.result.pdf === 'failed' ? (
            <p className="export-warning">
              {t('evidence.export.pdfFailed', { problem: phase.result.pdfProblem ?? '' })}
            </p>
          ) : null}
          <Facts
            className="export-facts"
            facts={[
              { label: t('evidence.export.manifestHash'), value: <code>{phase.result.manifestHash}</code> },
              {
                label: t('evidence.export.fingerprint'),
                value: <code>{phase.result.signerFingerprint}</code>,
              },
            ]}
          />
          <div className="export-form__actions">
            <Button
              onClick={() => void verify.run(phase.result.folder, '')}
              busy={verify.state.state === 'running'}
              data-testid="export-verify"
            >
              {t('evidence.export.verifyNow')}
            </Button>
            <Button variant="primary" onClick={onClose}>
              {t('evidence.export.close')}
            </Button>
          </div>
          <VerifyReport state={verify.state} />
        </div>
      ) : null}
      {phase.state === 'cancelled' || phase.state === 'failed' || phase.state === 'nothing' ? (
        <div data-testid="export-ended">
          <p role="alert">
            {phase.state === 'cancelled'
              ? t('evidence.export.cancelled')
              : phase.state === 'nothing'
                ? t('evidence.export.nothing')
                : t('evidence.export.failed', { message: phase.message })}
          </p>
          <Button onClick={onClose}>{t('evidence.export.close')}</Button>
        </div>
      ) : null}
    </ModalDialog>
  );
}
