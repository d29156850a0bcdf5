import { randomBytes } from 'node:crypto';
import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import type {
  BackupBeginDto,
  BackupResultDto,
  BackupStepDto,
  DataFolderUsageDto,
  RestoreBeginDto,
  RestoreChunkDto,
  RestoreFinishDto,
  RestoreOpenDto,
  backupAppendSchema,
  backupBeginSchema,
} from '../../contract';
import { readJsonFile, writeFileAtomic } from '../config/atomicFile';
import type { SecretStore } from '../config/secretStore';
import { DATA_KEY_SECRET } from '../dataKey/dataKeyService';
import { BACKUP_FILES, backupIdOf } from './backupFormat';
import { BackupError, BackupWriter, type BackupSigner } from './backupWriter';
import { listMediaFiles } from './mediaFiles';
import { RestoreReader } from './restoreReader';
import { BackupPassphraseError, openSecrets, type BackupSecrets } from './secretsBox';
import { verifyBackup } from './verifyBackup';
import { WriterQueue } from '../signedFolder/writerQueue';

export { BackupError } from './backupWriter';

export interface BackupServiceDeps {
  dataDir: string;
  app: { name: string; version: string; shell: string };
  /** The installation's Ed25519 key (the evidence signing key): backups are signed like bundles. */
  signer: BackupSigner;
  secretStore: SecretStore;
  /** The archive's data key, base64 (main/services/dataKey). */
  dataKey(): Promise<string>;
  /** Makes `key` this installation's data key (restore): stored and handed out from now on. */
  adoptDataKey(key: string): Promise<void>;
  /** Main re-reads its settings files (config.json) after a restore wrote them. */
  reloadSettings(): Promise<void>;
  hasCorps(): Promise<boolean>;
  log: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
}

interface OpenRestore {
  reader: RestoreReader;
  secrets: BackupSecrets;
  phase: 'verified' | 'begun';
}

/** main's settings files in a backup (backup path → file name in the data folder). */
const SETTINGS_FILES: ReadonlyArray<[string, string]> = [
  [BACKUP_FILES.mainConfig, 'config.json'],
  [BACKUP_FILES.auditHead, 'audit-head.json'],
];

/**
 * Whole-archive backup and restore in main (issue 13, docs/backup.md): one writer per running backup,
 * fed table chunk by table chunk by the renderer, then the media store in steps; restore verifies a
 * folder completely before it hands anything back, and only then touches this profile.
 */
export class BackupService {
  private readonly writers = new WriterQueue<BackupWriter>({
    notFound: (backupId) => new BackupError('not-found', `No running backup ${backupId}.`),
    cancelAfterPendingStep: true,
  });
  private readonly restores = new Map<string, OpenRestore>();

  constructor(private readonly deps: BackupServiceDeps) {}

  get mediaRoot(): string {
    return path.join(this.deps.dataDir, 'media');
  }

  /** The secret store's entries but the data key (which secrets.enc carries on its own). */
  private async storedSecrets(): Promise<Record<string, string>> {
    const names = Object.keys(
      await readJsonFile<Record<string, unknown>>(this.deps.secretStore.location, {}),
    );
    const out: Record<string, string> = {};
    for (const name of names.sort()) {
      if (name === DATA_KEY_SECRET) continue;
      const value = await this.deps.secretStore.get(name);
      if (value !== null) out[name] = value;
    }
    return out;
  }

  async begin(params: z.output<typeof backupBeginSchema>): Promise<BackupBeginDto> {
    const parent = params.parentDir ?? path.join(this.deps.dataDir, 'backups');
    if (!path.isAbsolute(parent))
      throw new BackupError(
        'invalid-request',
        'The folder for the backup must be an absolute path.',
        'backup-folder',
      );
    const backupId = backupIdOf(Date.now(), randomBytes(6).toString('hex'));
    const writer = new BackupWriter({
      folder: path.join(parent, backupId),
      backupId,
      params,
      app: this.deps.app,
      mediaRoot: this.mediaRoot,
      settingsFiles: Object.fromEntries(
        SETTINGS_FILES.map(([inBackup, name]) => [inBackup, path.join(this.deps.dataDir, name)]),
      ),
      secrets: async () => ({
        dataKey: await this.deps.dataKey(),
        ...(params.includeSecrets ? { secrets: await this.storedSecrets() } : {}),
      }),
    });
    try {
      await writer.open();
    } catch (error) {
      throw new BackupError(
        'invalid-request',
        `The backup folder cannot be created in ${parent} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
        'backup-folder',
      );
    }
    this.writers.add(backupId, writer);
    this.deps.log('info', 'backup started', {
      backupId,
      tables: params.tables.length,
      includeSecrets: params.includeSecrets,
    });
    return { backupId, folder: writer.folder };
  }

  async append(input: z.output<typeof backupAppendSchema>): Promise<{ received: number }> {
    await this.writers.step(input.backupId, (writer) => writer.append(input.table, input.lines, input.rows));
    return { received: input.rows };
  }

  media(backupId: string): Promise<BackupStepDto> {
    return this.writers.step(backupId, (writer) => writer.mediaStep());
  }

  async finish(backupId: string): Promise<BackupResultDto> {
    const result = await this.writers.lastStep(backupId, (writer) => writer.finish(this.deps.signer));
    this.deps.log('info', 'backup finished', {
      backupId,
      rows: result.rows,
      mediaFiles: result.mediaFiles,
      files: result.files,
    });
    return result;
  }

  async cancel(backupId: string): Promise<null> {
    if (!(await this.writers.cancel(backupId))) return null;
    this.deps.log('info', 'backup cancelled', { backupId });
    return null;
  }

  private async mainEmpty(): Promise<boolean> {
    return !(await this.deps.hasCorps()) && (await listMediaFiles(this.mediaRoot)).length === 0;
  }

  /** Verifies the whole folder and opens secrets.enc; nothing in this profile is touched. */
  async restoreOpen(folder: string, passphrase: string, maxSchemaVersion: number): Promise<RestoreOpenDto> {
    if (!path.isAbsolute(folder))
      throw new BackupError(
        'invalid-request',
        'Type the backup folder as an absolute path.',
        'backup-folder',
      );
    const verification = await verifyBackup(folder, { maxSchemaVersion });
    const { manifest, problems } = verification;
    const answer = (restoreId: string | null): RestoreOpenDto => ({
      ok: problems.length === 0,
      folder,
      restoreId,
      checked: verification.checked,
      problems,
      summary: manifest
        ? {
            backupId: manifest.backupId,
            createdAt: manifest.createdAt,
            schemaVersion: manifest.schemaVersion,
            tables: manifest.tables.map(({ name, rows }) => ({ name, rows })),
            rows: manifest.tables.reduce((sum, table) => sum + table.rows, 0),
            mediaFiles: manifest.media.files,
            mediaBytes: manifest.media.bytes,
            includesSecrets: manifest.includesSecrets,
            signerFingerprint: verification.signerFingerprint ?? '',
          }
        : null,
      mainEmpty,
    });
    const mainEmpty = await this.mainEmpty();
    if (!verification.ok || !manifest) {
      this.deps.log('warn', 'backup refused', {
        problems: problems.map(({ file, problem }) => ({ file, problem })),
      });
      return answer(null);
    }
    const reader = new RestoreReader(folder, manifest);
    let secrets: BackupSecrets;
    try {
      const text = await reader.readSmall(BACKUP_FILES.secrets);
      if (!text) throw new Error('secrets.enc is not in the manifest');
      secrets = await openSecrets(passphrase, manifest.backupId, text.toString('utf8'));
    } catch (error) {
      problems.push({
        file: BACKUP_FILES.secrets,
        problem: error instanceof BackupPassphraseError ? 'passphrase' : 'unreadable',
        detail: (error as Error).message,
      });
      return answer(null);
    }
    const restoreId = `RS-${randomBytes(8).toString('hex')}`;
    this.restores.set(restoreId, { reader, secrets, phase: 'verified' });
    this.deps.log('info', 'backup verified for restore', { backupId: manifest.backupId, restoreId });
    return answer(restoreId);
  }

  private restore(restoreId: string, phase: OpenRestore['phase']): OpenRestore {
    const open = this.restores.get(restoreId);
    if (!open) throw new BackupError('not-found', `No restore ${restoreId}.`);
    if (open.phase !== phase)
      throw new BackupError('invalid-request', `The restore ${restoreId} is not at that step.`);
    return open;
  }

  /**
   * Main's side of the restore: refuses a profile that holds data unless `replace` (then moves its media
   * store and settings aside, never deleting them), writes the backup's settings and secrets and adopts
   * its data key. The renderer writes the rows next, then asks for the media in steps.
   */
  async restoreBegin(restoreId: string, replace: boolean): Promise<RestoreBeginDto> {
    const open = this.restore(restoreId, 'verified');
    const empty = await this.mainEmpty();
    if (!empty && !replace)
      throw new BackupError(
        'invalid-request',
        'This profile already holds corps or media; confirm replacing them to restore.',
        'restore-not-empty',
      );
    let movedAside: string | null = null;
    if (!empty) {
      const stamp = new Date().toISOString().replace(/[-:.]/g, '');
      movedAside = path.join(this.deps.dataDir, 'replaced-by-restore', stamp);
      await mkdir(movedAside, { recursive: true, mode: 0o700 });
      for (const name of ['media', ...SETTINGS_FILES.map(([, file]) => file)])
        await rename(path.join(this.deps.dataDir, name), path.join(movedAside, name)).catch(
          (error: unknown) => {
            if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
          },
        );
    }
    for (const [inBackup, name] of SETTINGS_FILES) {
      const bytes = await open.reader.readSmall(inBackup);
      if (bytes) await writeFileAtomic(path.join(this.deps.dataDir, name), bytes.toString('utf8'), 0o600);
    }
    for (const [name, value] of Object.entries(open.secrets.secrets ?? {}))
      await this.deps.secretStore.set(name, value);
    await this.deps.adoptDataKey(open.secrets.dataKey);
    await this.deps.reloadSettings();
    open.phase = 'begun';
    this.deps.log('info', 'restore begun', { restoreId, replaced: movedAside !== null });
    return { movedAside, restartRequired: movedAside !== null };
  }

  restoreRead(restoreId: string, table: string, offset: number): Promise<RestoreChunkDto> {
    return this.restore(restoreId, 'begun').reader.readTable(table, offset);
  }

  restoreMedia(restoreId: string): Promise<BackupStepDto> {
    return this.restore(restoreId, 'begun').reader.mediaStep(this.mediaRoot);
  }

  async restoreFinish(restoreId: string): Promise<RestoreFinishDto> {
    const open = this.restore(restoreId, 'begun');
    while (!(await open.reader.mediaStep(this.mediaRoot)).finished);
    const localSettings = await open.reader.localSettings();
    this.restores.delete(restoreId);
    const { manifest } = open.reader;
    this.deps.log('info', 'restore finished', { restoreId, backupId: manifest.backupId });
    return {
      localSettings,
      rows: manifest.tables.reduce((sum, table) => sum + table.rows, 0),
      mediaFiles: manifest.media.files,
    };
  }

  restoreCancel(restoreId: string): null {
    if (this.restores.delete(restoreId)) this.deps.log('info', 'restore cancelled', { restoreId });
    return null;
  }

  async usage(): Promise<DataFolderUsageDto> {
    const files = await listMediaFiles(this.mediaRoot);
    return {
      dataDir: this.deps.dataDir,
      mediaDir: this.mediaRoot,
      mediaFiles: files.length,
      mediaBytes: files.reduce((sum, file) => sum + file.size, 0),
    };
  }

  async close(): Promise<void> {
    for (const backupId of this.writers.ids()) await this.cancel(backupId);
    this.restores.clear();
  }
}
