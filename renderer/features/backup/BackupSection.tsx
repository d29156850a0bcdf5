import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type {
  ArchiveError,
  BackupResultDto,
  DataFolderUsageDto,
  RestoreOpenDto,
} from '../../../main/contract';
import type { ArchiveDb } from '../../db';
import { formatBytes } from '../../lib/formatBytes';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Checkbox } from '../../ui/Checkbox';
import { Facts } from '../../ui/Facts';
import { ProgressBar } from '../../ui/ProgressBar';
import { Section } from '../../ui/Section';
import { StatGrid } from '../../ui/StatGrid';
import { PathField, TextField, type TextFieldProps } from '../../ui/TextField';
import { useAppServices } from '../appServices';
import { useLocale } from '../useLocale';
import { useRunAbort } from '../useRunAbort';
import './backup.css';
import { isArchiveEmpty, openRawArchive } from './archiveTables';
import {
  BackupAborted,
  BackupFailed,
  RestoreNeedsReplace,
  RestoreVersionMismatch,
  openBackup,
  runBackup,
  runRestore,
  type RunProgress,
} from './backupRunner';

/** localStorage keys of the app's own preferences; nothing secret is kept there (docs/backup.md §3). */
const LOCAL_PREFIX = 'wecom-archive.';

function localSettings(): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < localStorage.length; i += 1) {
    const key = localStorage.key(i);
    if (key?.startsWith(LOCAL_PREFIX)) out[key] = localStorage.getItem(key) ?? '';
  }
  return out;
}

function useErrorText() {
  const { t } = useTranslation();
  return (error: unknown): string => {
    if (error instanceof BackupFailed) {
      const failure: ArchiveError = error.error;
      if (failure.detail && ['backup-folder', 'restore-not-empty', 'backup-changed'].includes(failure.detail))
        return t(`backup.error.${failure.detail}`);
      return failure.message;
    }
    return error instanceof Error ? error.message : String(error);
  };
}

/** A passphrase being chosen or given: hidden, never filled in by the browser. */
function PassphraseField(props: TextFieldProps) {
  return <TextField type="password" autoComplete="new-password" {...props} />;
}

function progressLabel(t: TFunction, kind: 'backup' | 'restore', progress: RunProgress): string {
  if (progress.phase === 'rows') return t(`backup.${kind}.rows`, { table: progress.table ?? '' });
  if (progress.phase === 'media') return t(`backup.${kind}.media`);
  return t(`backup.${kind}.finishing`);
}

/** A running backup's or restore's progress, with Cancel while `onCancel` is given. */
function RunProgressRow({
  kind,
  progress,
  onCancel,
}: {
  kind: 'backup' | 'restore';
  progress: RunProgress;
  onCancel: (() => void) | null;
}) {
  const { t } = useTranslation();
  return (
    <div className="backup-row" data-testid={`${kind}-progress`}>
      <ProgressBar
        value={progress.done}
        max={progress.total}
        label={progressLabel(t, kind, progress)}
        {...(progress.total > 0 ? { detail: `${progress.done} / ${progress.total}` } : {})}
      />
      {onCancel ? (
        <Button onClick={onCancel} data-testid={`${kind}-cancel`}>
          {t('backup.backup.cancel')}
        </Button>
      ) : null}
    </div>
  );
}

/** The data folder's location and size: IndexedDB's estimate plus the media store, and persistence. */
function DataFolderStats() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { archive, pulls } = useAppServices();
  const guard = pulls.storage;
  const snapshot = useSyncExternalStore(
    (listener) => guard.subscribe(listener),
    () => guard.current,
  );
  const [usage, setUsage] = useState<DataFolderUsageDto | null>(null);
  const refresh = useCallback(() => {
    void guard.refresh();
    void archive.getDataFolderUsage({}).then((answer) => {
      if (answer.ok) setUsage(answer.value);
    });
  }, [archive, guard]);
  useEffect(refresh, [refresh]);
  const bytes = (value: number | null | undefined) =>
    value === null || value === undefined ? t('backup.folder.unknown') : formatBytes(value, locale);
  const total = snapshot.usage !== null && usage ? snapshot.usage + usage.mediaBytes : null;
  return (
    <div data-testid="data-folder">
      <div className="backup-row">
        <h3 className="backup-subtitle">{t('backup.folder.title')}</h3>
        <Button variant="ghost" onClick={refresh}>
          {t('backup.folder.refresh')}
        </Button>
      </div>
      <StatGrid
        stats={[
          {
            label: t('backup.folder.location'),
            value: <code data-testid="data-folder-location">{usage?.dataDir ?? '…'}</code>,
          },
          { label: t('backup.folder.database'), value: bytes(snapshot.usage) },
          {
            label: t('backup.folder.media'),
            value: <span data-testid="data-folder-media">{bytes(usage?.mediaBytes)}</span>,
            detail: usage ? t('backup.folder.mediaFiles', { count: usage.mediaFiles }) : undefined,
          },
          { label: t('backup.folder.total'), value: bytes(total) },
          {
            label: t('backup.folder.persisted'),
            value:
              snapshot.persisted === null ? (
                <Badge tone="neutral">{t('backup.folder.unknown')}</Badge>
              ) : (
                <Badge tone={snapshot.persisted ? 'success' : 'danger'}>
                  {snapshot.persisted ? t('backup.folder.granted') : t('backup.folder.notGranted')}
                </Badge>
              ),
          },
        ]}
      />
    </div>
  );
}

type BackupPhase =
  | { state: 'form'; error: string | null }
  | { state: 'running'; progress: RunProgress }
  | { state: 'done'; result: BackupResultDto }
  | { state: 'cancelled' };

function BackupForm({ rawDb }: { rawDb: () => Promise<ArchiveDb> }) {
  const { t } = useTranslation();
  const { archive } = useAppServices();
  const errorText = useErrorText();
  const [parent, setParent] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [again, setAgain] = useState('');
  const [includeSecrets, setIncludeSecrets] = useState(false);
  const [phase, setPhase] = useState<BackupPhase>({ state: 'form', error: null });
  const run = useRunAbort();
  const mismatch = again.length > 0 && again !== passphrase ? t('backup.backup.mismatch') : null;

  const start = async () => {
    if (passphrase.length < 10) return setPhase({ state: 'form', error: t('backup.backup.tooShort') });
    if (passphrase !== again) return setPhase({ state: 'form', error: t('backup.backup.mismatch') });
    const signal = run.start();
    setPhase({ state: 'running', progress: { phase: 'rows', done: 0, total: 0 } });
    try {
      const result = await runBackup(
        archive,
        await rawDb(),
        {
          passphrase,
          includeSecrets,
          localSettings: localSettings(),
          ...(parent.trim() ? { parentDir: parent.trim() } : {}),
        },
        (progress) => setPhase({ state: 'running', progress }),
        signal,
      );
      setPassphrase('');
      setAgain('');
      setPhase({ state: 'done', result });
    } catch (error) {
      if (error instanceof BackupAborted) setPhase({ state: 'cancelled' });
      else setPhase({ state: 'form', error: t('backup.backup.failed', { message: errorText(error) }) });
    }
  };

  return (
    <div data-testid="backup-form">
      <h3 className="backup-subtitle">{t('backup.backup.title')}</h3>
      <PathField
        label={t('backup.backup.parent')}
        value={parent}
        onChange={setParent}
        testId="backup-parent"
      />
      <PassphraseField
        label={t('backup.backup.passphrase')}
        value={passphrase}
        onChange={setPassphrase}
        testId="backup-passphrase"
      />
      <PassphraseField
        label={t('backup.backup.confirm')}
        value={again}
        onChange={setAgain}
        testId="backup-passphrase-again"
        error={mismatch}
      />
      <Checkbox
        label={t('backup.backup.includeSecrets')}
        checked={includeSecrets}
        onChange={setIncludeSecrets}
        testId="backup-include-secrets"
      />
      {includeSecrets ? <p className="backup-warning">{t('backup.backup.secretsWarning')}</p> : null}
      {phase.state === 'running' ? (
        <RunProgressRow kind="backup" progress={phase.progress} onCancel={run.cancel} />
      ) : (
        <div className="backup-row backup-actions">
          <Button variant="primary" onClick={() => void start()} data-testid="backup-start">
            {t('backup.backup.start')}
          </Button>
        </div>
      )}
      {phase.state === 'form' && phase.error ? (
        <p className="backup-warning" role="alert" data-testid="backup-error">
          {phase.error}
        </p>
      ) : null}
      {phase.state === 'cancelled' ? <p role="status">{t('backup.backup.cancelled')}</p> : null}
      {phase.state === 'done' ? (
        <div role="status" data-testid="backup-done">
          <p>
            {t('backup.backup.done')} ·{' '}
            {t('backup.backup.doneFacts', {
              rows: phase.result.rows,
              media: phase.result.mediaFiles,
              files: phase.result.files,
            })}
          </p>
          <p>
            <code data-testid="backup-folder-path">{phase.result.folder}</code>
          </p>
          <Facts
            className="backup-facts"
            facts={[
              { label: t('backup.backup.signer'), value: <code>{phase.result.signerFingerprint}</code> },
              { label: t('backup.backup.manifestHash'), value: <code>{phase.result.manifestHash}</code> },
            ]}
          />
        </div>
      ) : null}
    </div>
  );
}

type RestorePhase =
  | { state: 'form'; error: string | null }
  | { state: 'verifying' }
  | { state: 'refused'; opened: RestoreOpenDto }
  | { state: 'confirm'; opened: RestoreOpenDto; replace: boolean }
  | { state: 'running'; progress: RunProgress }
  | { state: 'done'; rows: number; media: number; movedAside: string | null; restartRequired: boolean }
  | { state: 'cancelled' };

function RestoreForm({ rawDb }: { rawDb: () => Promise<ArchiveDb> }) {
  const { t } = useTranslation();
  const { archive, dataKey } = useAppServices();
  const errorText = useErrorText();
  const [folder, setFolder] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [phase, setPhase] = useState<RestorePhase>({ state: 'form', error: null });
  const run = useRunAbort();

  const verify = async () => {
    setPhase({ state: 'verifying' });
    try {
      const db = await rawDb();
      const opened = await openBackup(archive, db, folder.trim(), passphrase);
      if (!opened.ok || !opened.summary) return setPhase({ state: 'refused', opened });
      if (opened.summary.schemaVersion !== db.verno)
        throw new RestoreVersionMismatch(opened.summary.schemaVersion, db.verno);
      const empty = opened.mainEmpty && (await isArchiveEmpty(db));
      setPhase({ state: 'confirm', opened, replace: !empty });
    } catch (error) {
      setPhase({ state: 'form', error: describe(error) });
    }
  };

  const describe = (error: unknown): string =>
    error instanceof RestoreVersionMismatch
      ? t('backup.restore.version', { backup: error.backupVersion, app: error.appVersion })
      : t('backup.restore.failed', { message: errorText(error) });

  const restore = async (opened: RestoreOpenDto, replace: boolean) => {
    const signal = run.start();
    setPhase({ state: 'running', progress: { phase: 'rows', done: 0, total: 0 } });
    try {
      const result = await runRestore(
        { api: archive, db: await rawDb(), reloadDataKey: () => dataKey.load() },
        opened,
        replace,
        (progress) => setPhase({ state: 'running', progress }),
        signal,
      );
      for (const [key, value] of Object.entries(result.localSettings))
        if (key.startsWith(LOCAL_PREFIX)) localStorage.setItem(key, value);
      setPassphrase('');
      setPhase({
        state: 'done',
        rows: result.rows,
        media: result.mediaFiles,
        movedAside: result.movedAside,
        restartRequired: result.restartRequired,
      });
      // Every screen, worker and cached query starts again on the restored archive and its key.
      if (!result.restartRequired) window.location.reload();
    } catch (error) {
      if (error instanceof BackupAborted) setPhase({ state: 'cancelled' });
      else if (error instanceof RestoreNeedsReplace) setPhase({ state: 'confirm', opened, replace: true });
      else setPhase({ state: 'form', error: describe(error) });
    }
  };

  return (
    <div data-testid="restore-form">
      <h3 className="backup-subtitle">{t('backup.restore.title')}</h3>
      <PathField
        label={t('backup.restore.folder')}
        value={folder}
        onChange={setFolder}
        testId="restore-folder"
      />
      <PassphraseField
        label={t('backup.restore.passphrase')}
        value={passphrase}
        onChange={setPassphrase}
        testId="restore-passphrase"
      />
      {phase.state === 'form' || phase.state === 'refused' || phase.state === 'cancelled' ? (
        <Button
          variant="primary"
          disabled={!folder.trim() || !passphrase}
          onClick={() => void verify()}
          data-testid="restore-verify"
        >
          {t('backup.restore.verify')}
        </Button>
      ) : null}
      {phase.state === 'verifying' ? <p role="status">{t('backup.restore.verifying')}</p> : null}
      {phase.state === 'form' && phase.error ? (
        <p className="backup-warning" role="alert" data-testid="restore-error">
          {phase.error}
        </p>
      ) : null}
      {phase.state === 'refused' ? (
        <div role="alert" className="backup-warning" data-testid="restore-refused">
          <p>{t('backup.restore.refused')}</p>
          <ul>
            {phase.opened.problems.map((problem, i) => (
              <li key={`${problem.file}-${i}`} data-testid="restore-problem" title={problem.detail}>
                {t(`backup.restore.problem.${problem.problem}`, {
                  file: problem.file || t('backup.restore.folderItself'),
                })}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {phase.state === 'confirm' && phase.opened.summary ? (
        <div data-testid="restore-confirm">
          <p role="status">
            {t('backup.restore.verified', {
              rows: phase.opened.summary.rows,
              media: phase.opened.summary.mediaFiles,
              createdAt: phase.opened.summary.createdAt,
              fingerprint: phase.opened.summary.signerFingerprint,
            })}
          </p>
          {phase.replace ? <p className="backup-warning">{t('backup.restore.notEmpty')}</p> : null}
          <div className="backup-row">
            <Button
              variant={phase.replace ? 'danger' : 'primary'}
              onClick={() => void restore(phase.opened, phase.replace)}
              data-testid="restore-start"
            >
              {phase.replace ? t('backup.restore.replace') : t('backup.restore.start')}
            </Button>
            <Button
              variant="ghost"
              onClick={() => {
                if (phase.opened.restoreId) void archive.restoreCancel({ restoreId: phase.opened.restoreId });
                setPhase({ state: 'form', error: null });
              }}
            >
              {t('backup.backup.cancel')}
            </Button>
          </div>
        </div>
      ) : null}
      {phase.state === 'running' ? (
        <RunProgressRow
          kind="restore"
          progress={phase.progress}
          onCancel={phase.progress.phase === 'rows' ? run.cancel : null}
        />
      ) : null}
      {phase.state === 'cancelled' ? <p role="status">{t('backup.restore.cancelled')}</p> : null}
      {phase.state === 'done' ? (
        <div role="status" data-testid="restore-done">
          <p>
            {phase.restartRequired
              ? t('backup.restore.restart', {
                  rows: phase.rows,
                  media: phase.media,
                  movedAside: phase.movedAside,
                })
              : t('backup.restore.done', { rows: phase.rows, media: phase.media })}
          </p>
          <Button onClick={() => window.location.reload()}>{t('backup.restore.reload')}</Button>
        </div>
      ) : null}
    </div>
  );
}

/**
 * Settings → Back up and restore (issue 13, docs/backup.md): the data folder's location and size,
 * a backup of the whole archive with progress and Cancel, and a restore that verifies first.
 */
export function BackupSection() {
  const { t } = useTranslation();
  const db = useRef<Promise<ArchiveDb> | null>(null);
  const rawDb = useCallback(() => (db.current ??= openRawArchive()), []);
  useEffect(
    () => () => {
      void db.current?.then((opened) => opened.close());
    },
    [],
  );
  return (
    <Section id="backup" title={t('backup.title')}>
      <p>{t('backup.intro')}</p>
      <DataFolderStats />
      <BackupForm rawDb={rawDb} />
      <RestoreForm rawDb={rawDb} />
    </Section>
  );
}
