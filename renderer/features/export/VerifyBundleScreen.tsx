import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EvidenceVerifyReportDto } from '../../../main/contract';
import { Button } from '../../ui/Button';
import { useAppServices } from '../appServices';
import { PathField } from '../../ui/TextField';
import './export.css';

export type VerifyState =
  | { state: 'idle' }
  | { state: 'running' }
  | { state: 'done'; report: EvidenceVerifyReportDto }
  | { state: 'failed'; message: string };

/** Runs main's bundle check (the same code as `npm run verify-evidence`). */
export function useVerifyBundle(): { state: VerifyState; run(folder: string, pin: string): Promise<void> } {
  const { archive } = useAppServices();
  const [state, setState] = useState<VerifyState>({ state: 'idle' });
  const run = useCallback(
    async (folder: string, pin: string) => {
      setState({ state: 'running' });
      const answer = await archive.verifyEvidence({
        folder,
        ...(pin.trim() ? { pinnedFingerprint: pin.trim() } : {}),
      });
      setState(
        answer.ok
          ? { state: 'done', report: answer.value }
          : { state: 'failed', message: answer.error.message },
      );
    },
    [archive],
  );
  return { state, run };
}

/** A verification's outcome: intact, or every problem with the file it names. */
export function VerifyReport({ state }: { state: VerifyState }) {
  const { t } = useTranslation();
  if (state.state === 'idle') return null;
  if (state.state === 'running') return <p aria-live="polite">{t('evidence.verify.running')}</p>;
  if (state.state === 'failed')
    return (
      <p role="alert" className="export-warning">
        {state.message}
      </p>
    );
  const { report } = state;
  return (
    <div
      className={report.ok ? 'verify-report verify-report--ok' : 'verify-report verify-report--broken'}
      data-testid="verify-report"
      data-ok={report.ok}
    >
      <p role="status">
        {report.ok
          ? t('evidence.verify.ok', { checked: report.checked })
          : t('evidence.verify.broken', { count: report.problems.length })}
      </p>
      {report.exportId ? (
        <p className="small">{t('evidence.verify.exportId', { id: report.exportId })}</p>
      ) : null}
      {report.signerFingerprint ? (
        <p className="small">{t('evidence.verify.signer', { fingerprint: report.signerFingerprint })}</p>
      ) : null}
      {report.problems.length ? (
        <ul className="verify-report__problems">
          {report.problems.map((problem, index) => (
            <li key={index} data-testid="verify-problem">
              <strong>{t(`evidence.verify.problem.${problem.problem}`)}</strong>{' '}
              <code>{problem.file || '.'}</code> — <span className="small">{problem.detail}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** Verify a bundle (issue 13): a folder path, an optional pinned fingerprint, the report. */
export function VerifyBundleScreen() {
  const { t } = useTranslation();
  const [folder, setFolder] = useState('');
  const [pin, setPin] = useState('');
  const verify = useVerifyBundle();
  return (
    <div className="screen verify-screen" data-testid="verify-screen">
      <h1>{t('evidence.verify.title')}</h1>
      <p>{t('evidence.verify.intro')}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (folder.trim()) void verify.run(folder.trim(), pin);
        }}
      >
        <PathField
          label={t('evidence.verify.folder')}
          value={folder}
          onChange={setFolder}
          testId="verify-folder"
        />
        <PathField label={t('evidence.verify.pin')} value={pin} onChange={setPin} />
        <Button
          variant="primary"
          type="submit"
          busy={verify.state.state === 'running'}
          data-testid="verify-run"
        >
          {t('evidence.verify.run')}
        </Button>
      </form>
      <VerifyReport state={verify.state} />
    </div>
  );
}
