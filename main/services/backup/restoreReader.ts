import { createHash, randomBytes, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { BackupStepDto, RestoreChunkDto } from '../../contract';
import { BackupError } from './backupWriter';
import { BACKUP_FILES, MEDIA_DIR, type BackupManifest } from './backupFormat';

/** Bytes of a table file answered per restoreRead (cut at the last whole line). */
const READ_CHUNK_BYTES = 4 * 1024 * 1024;
/** A single row longer than this is not a row this app wrote. */
const MAX_LINE_BYTES = 128 * 1024 * 1024;
const MEDIA_STEP_FILES = 200;
const MEDIA_STEP_BYTES = 64 * 1024 * 1024;

/**
 * Reads a verified backup back (docs/backup.md §5): table files chunk by chunk for the renderer, media
 * files into the store. Everything is hashed again as it is read, so a file changed after the
 * verification stops the restore with its name instead of restoring altered rows.
 */
export class RestoreReader {
  private readonly tableHashes = new Map<string, { next: number; hash: Hash }>();
  private media: { pending: ManifestEntry[]; total: number; done: number; bytes: number } | null = null;

  constructor(
    readonly folder: string,
    readonly manifest: BackupManifest,
  ) {}

  private abs(relative: string): string {
    return path.join(this.folder, ...relative.split('/'));
  }

  private expected(relative: string): ManifestEntry {
    const entry = this.manifest.files.find((file) => file.path === relative);
    if (!entry) throw new BackupError('invalid-request', `${relative} is not in the backup's manifest.`);
    return entry;
  }

  async readTable(table: string, offset: number): Promise<RestoreChunkDto> {
    const entry = this.manifest.tables.find((candidate) => candidate.name === table);
    if (!entry) throw new BackupError('not-found', `The backup has no table ${table}.`);
    const expected = this.expected(entry.file);
    let state = this.tableHashes.get(table);
    if (offset === 0 || !state) {
      state = { next: 0, hash: createHash('sha256') };
      this.tableHashes.set(table, state);
    }
    if (offset !== state.next)
      throw new BackupError('invalid-request', `${entry.file} must be read in order (offset ${state.next}).`);
    const handle = await open(this.abs(entry.file), 'r');
    let bytes: Buffer;
    try {
      let want = READ_CHUNK_BYTES;
      for (;;) {
        const buffer = Buffer.alloc(Math.min(want, Math.max(0, expected.size - offset)));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
        bytes = buffer.subarray(0, bytesRead);
        const atEnd = offset + bytesRead >= expected.size;
        const cut = bytes.lastIndexOf(0x0a);
        if (atEnd || cut >= 0) {
          if (!atEnd) bytes = bytes.subarray(0, cut + 1);
          break;
        }
        if (want >= MAX_LINE_BYTES)
          throw new BackupError('invalid-request', `${entry.file} holds a line too long to be a row.`);
        want *= 2;
      }
    } finally {
      await handle.close();
    }
    state.hash.update(bytes);
    state.next = offset + bytes.length;
    const done = state.next >= expected.size;
    if (done && state.hash.digest('hex') !== expected.sha256)
      throw new BackupError(
        'invalid-request',
        `${entry.file} changed after it was verified; nothing more is restored.`,
        'backup-changed',
      );
    const lines = bytes.toString('utf8');
    return {
      lines,
      rows: lines.length === 0 ? 0 : lines.split('\n').length - 1,
      nextOffset: state.next,
      done,
    };
  }

  /** Copies the next media files into `mediaRoot` (temp file, hash checked, then renamed into place). */
  async mediaStep(mediaRoot: string): Promise<BackupStepDto> {
    if (!this.media) {
      const pending = this.manifest.files.filter((file) => file.path.startsWith(`${MEDIA_DIR}/`));
      this.media = { pending, total: pending.length, done: 0, bytes: 0 };
    }
    const media = this.media;
    let stepFiles = 0;
    let stepBytes = 0;
    while (media.pending.length > 0 && stepFiles < MEDIA_STEP_FILES && stepBytes < MEDIA_STEP_BYTES) {
      const entry = media.pending.shift() as ManifestEntry;
      const target = path.join(mediaRoot, ...entry.path.slice(MEDIA_DIR.length + 1).split('/'));
      await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
      const temp = `${target}.${randomBytes(6).toString('hex')}.restore`;
      const out = await open(temp, 'wx', 0o600);
      const hash = createHash('sha256');
      let size = 0;
      try {
        for await (const chunk of createReadStream(this.abs(entry.path))) {
          const buffer = chunk as Buffer;
          hash.update(buffer);
          size += buffer.length;
          await out.write(buffer);
        }
        await out.sync();
      } finally {
        await out.close();
      }
      if (hash.digest('hex') !== entry.sha256 || size !== entry.size) {
        await unlink(temp).catch(() => undefined);
        throw new BackupError(
          'invalid-request',
          `${entry.path} changed after it was verified; nothing more is restored.`,
          'backup-changed',
        );
      }
      await rename(temp, target);
      media.done += 1;
      media.bytes += size;
      stepFiles += 1;
      stepBytes += size;
    }
    return { done: media.done, total: media.total, bytes: media.bytes, finished: media.pending.length === 0 };
  }

  /** A small listed file's bytes, checked against the manifest again. */
  async readSmall(relative: string): Promise<Buffer | null> {
    const entry = this.manifest.files.find((file) => file.path === relative);
    if (!entry) return null;
    const bytes = await readFile(this.abs(relative));
    if (createHash('sha256').update(bytes).digest('hex') !== entry.sha256)
      throw new BackupError(
        'invalid-request',
        `${relative} changed after it was verified; nothing more is restored.`,
        'backup-changed',
      );
    return bytes;
  }

  async localSettings(): Promise<Record<string, string>> {
    const bytes = await this.readSmall(BACKUP_FILES.localSettings);
    if (!bytes) return {};
    const value = JSON.parse(bytes.toString('utf8')) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).filter(
        (pair): pair is [string, string] => typeof pair[1] === 'string',
      ),
    );
  }
}

type ManifestEntry = BackupManifest['files'][number];
