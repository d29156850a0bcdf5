import { createReadStream } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import type { BackupResultDto, BackupStepDto, backupBeginSchema } from '../../contract';
import { byPath, sumsLines, type ManifestFile } from '../evidence/bundleFormat';
import type { BundleSigner } from '../evidence/bundleWriter';
import { HashedFile, hashFile } from '../evidence/hashedFile';
import {
  BACKUP_FILES,
  BACKUP_FORMAT,
  MEDIA_DIR,
  ROW_ENCODING,
  backupManifestHash,
  backupReadme,
  tableFile,
  type BackupManifest,
  type BackupTableEntry,
} from './backupFormat';
import { listMediaFiles } from './mediaFiles';
import { sealSecrets, type BackupSecrets } from './secretsBox';

export type BackupBeginParams = z.output<typeof backupBeginSchema>;

/** What the writer signs with: the evidence signing key, as the bundle writer does. */
export type BackupSigner = BundleSigner;

export interface BackupWriterOptions {
  folder: string;
  backupId: string;
  params: BackupBeginParams;
  app: { name: string; version: string; shell: string };
  /** `<data dir>/media`, copied file by file. */
  mediaRoot: string;
  /** main's non-secret settings files to copy (backup path → absolute file); missing ones are skipped. */
  settingsFiles: Record<string, string>;
  /** What goes into secrets.enc (the data key always; the secret store's entries when included). */
  secrets: () => Promise<BackupSecrets>;
  now?: () => number;
}

export class BackupError extends Error {
  constructor(
    readonly code: 'not-found' | 'invalid-request',
    message: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

/** Media copied per step: the renderer asks again until `finished` (progress and cancel between steps). */
const MEDIA_STEP_FILES = 200;
const MEDIA_STEP_BYTES = 64 * 1024 * 1024;

/**
 * Writes one backup folder (docs/backup.md §2): table files as their chunks arrive, then the media
 * store in steps, then settings, secrets.enc, README, manifest, SHA256SUMS and the signature. A
 * failed or cancelled backup removes its folder.
 */
export class BackupWriter {
  readonly folder: string;
  readonly backupId: string;
  private readonly tables = new Map<string, { entry: BackupTableEntry; file: HashedFile | null }>();
  private readonly files: ManifestFile[] = [];
  private media: { pending: string[]; total: number; done: number; bytes: number } | null = null;
  private finished = false;

  constructor(private readonly options: BackupWriterOptions) {
    this.folder = options.folder;
    this.backupId = options.backupId;
    for (const table of options.params.tables) {
      if (this.tables.has(table.name))
        throw new BackupError('invalid-request', `The table ${table.name} is listed twice.`);
      this.tables.set(table.name, {
        entry: {
          name: table.name,
          file: tableFile(table.name),
          keyPath: table.keyPath,
          autoIncrement: table.autoIncrement,
          rows: 0,
        },
        file: null,
      });
    }
  }

  async open(): Promise<void> {
    await mkdir(path.dirname(this.folder), { recursive: true });
    // Not recursive: a folder of that name already there is an error, never merged into.
    await mkdir(this.folder, { mode: 0o700 });
    await mkdir(path.join(this.folder, 'tables'), { mode: 0o700 });
    await mkdir(path.join(this.folder, 'settings'), { mode: 0o700 });
  }

  private abs(relative: string): string {
    return path.join(this.folder, ...relative.split('/'));
  }

  async append(table: string, lines: string, rows: number): Promise<void> {
    const state = this.tables.get(table);
    if (!state)
      throw new BackupError('invalid-request', `The table ${table} was not announced when the backup began.`);
    if (this.finished) throw new BackupError('invalid-request', 'The backup is already finished.');
    const count = lines.length === 0 ? 0 : lines.split('\n').length - 1;
    if (count !== rows || (lines.length > 0 && !lines.endsWith('\n')))
      throw new BackupError('invalid-request', `A chunk of ${table} does not hold ${rows} complete lines.`);
    state.file ??= new HashedFile(this.abs(state.entry.file));
    await state.file.write(lines);
    state.entry.rows += rows;
  }

  /** Copies the next media files; lists the store on the first call. */
  async mediaStep(): Promise<BackupStepDto> {
    if (!this.media) {
      const listed = await listMediaFiles(this.options.mediaRoot);
      this.media = { pending: listed.map((file) => file.relative), total: listed.length, done: 0, bytes: 0 };
    }
    const media = this.media;
    let stepBytes = 0;
    let stepFiles = 0;
    while (media.pending.length > 0 && stepFiles < MEDIA_STEP_FILES && stepBytes < MEDIA_STEP_BYTES) {
      const relative = media.pending.shift() as string;
      const target = `${MEDIA_DIR}/${relative}`;
      await mkdir(path.dirname(this.abs(target)), { recursive: true, mode: 0o700 });
      const out = new HashedFile(this.abs(target));
      try {
        for await (const chunk of createReadStream(path.join(this.options.mediaRoot, ...relative.split('/'))))
          await out.write(chunk as Buffer);
      } catch (error) {
        out.abandon();
        throw error;
      }
      const { size, sha256 } = await out.close();
      this.files.push({ path: target, size, sha256 });
      media.done += 1;
      media.bytes += size;
      stepBytes += size;
      stepFiles += 1;
    }
    return { done: media.done, total: media.total, bytes: media.bytes, finished: media.pending.length === 0 };
  }

  private async writeSmall(relative: string, content: string | Buffer): Promise<void> {
    const out = new HashedFile(this.abs(relative));
    await out.write(content);
    const { size, sha256 } = await out.close();
    this.files.push({ path: relative, size, sha256 });
  }

  async finish(signer: BackupSigner): Promise<BackupResultDto> {
    if (this.finished) throw new BackupError('invalid-request', 'The backup is already finished.');
    while (!(await this.mediaStep()).finished);
    this.finished = true;
    for (const { entry, file } of this.tables.values()) {
      // Every announced table has its file, an empty one when it had no rows.
      const written = file ?? new HashedFile(this.abs(entry.file));
      const { size, sha256 } = await written.close();
      this.files.push({ path: entry.file, size, sha256 });
    }
    for (const [relative, source] of Object.entries(this.options.settingsFiles)) {
      let content: Buffer;
      try {
        content = await readFile(source);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw error;
      }
      await this.writeSmall(relative, content);
    }
    await this.writeSmall(
      BACKUP_FILES.localSettings,
      `${JSON.stringify(this.options.params.localSettings, null, 1)}\n`,
    );
    await this.writeSmall(
      BACKUP_FILES.secrets,
      await sealSecrets(this.options.params.passphrase, this.backupId, await this.options.secrets()),
    );
    await this.writeSmall(BACKUP_FILES.readme, backupReadme(this.backupId));
    const publicKeyPem = await signer.publicKeyPem();
    await this.writeSmall(BACKUP_FILES.signer, publicKeyPem);
    this.files.sort(byPath);

    const now = (this.options.now ?? Date.now)();
    const tables = [...this.tables.values()].map(({ entry }) => entry);
    const mediaFiles = this.files.filter((file) => file.path.startsWith(`${MEDIA_DIR}/`));
    const unhashed: Omit<BackupManifest, 'manifestHash'> = {
      format: BACKUP_FORMAT,
      backupId: this.backupId,
      createdAt: new Date(now).toISOString(),
      createdAtMs: now,
      app: this.options.app,
      schemaVersion: this.options.params.schemaVersion,
      rowEncoding: ROW_ENCODING,
      tables,
      media: { files: mediaFiles.length, bytes: mediaFiles.reduce((sum, file) => sum + file.size, 0) },
      includesSecrets: this.options.params.includeSecrets,
      files: this.files,
      signature: {
        algorithm: 'Ed25519',
        publicKeyFingerprint: await signer.fingerprint(),
        file: BACKUP_FILES.signature,
        signs: `the exact bytes of ${BACKUP_FILES.manifest}`,
      },
    };
    const manifest: BackupManifest = { ...unhashed, manifestHash: backupManifestHash(unhashed) };
    const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 1)}\n`, 'utf8');
    await writeFile(this.abs(BACKUP_FILES.manifest), manifestBytes, { mode: 0o644, flag: 'wx' });
    await writeFile(this.abs(BACKUP_FILES.signature), await signer.sign(manifestBytes), {
      mode: 0o644,
      flag: 'wx',
    });
    // SHA256SUMS covers every file but itself: the listed ones, the manifest and its signature.
    const extra: ManifestFile[] = [];
    for (const name of [BACKUP_FILES.manifest, BACKUP_FILES.signature])
      extra.push({ path: name, ...(await hashFile(this.abs(name))) });
    await writeFile(this.abs(BACKUP_FILES.sums), sumsLines([...this.files, ...extra].sort(byPath)), {
      mode: 0o644,
      flag: 'wx',
    });
    return {
      backupId: this.backupId,
      folder: this.folder,
      tables: tables.length,
      rows: tables.reduce((sum, table) => sum + table.rows, 0),
      mediaFiles: manifest.media.files,
      mediaBytes: manifest.media.bytes,
      files: this.files.length + extra.length,
      manifestHash: manifest.manifestHash,
      signerFingerprint: manifest.signature.publicKeyFingerprint,
      includesSecrets: manifest.includesSecrets,
    };
  }

  /** Stops the backup and removes its folder (a half-written backup restores nothing). */
  async cancel(): Promise<void> {
    for (const { file } of this.tables.values()) file?.abandon();
    await rm(this.folder, { recursive: true, force: true });
  }
}
