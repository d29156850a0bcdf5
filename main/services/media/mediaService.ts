import { createHash, randomBytes } from 'node:crypto';
import { copyFile, mkdir, open, readdir, rename, rm, stat, statfs, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type {
  ArchiveEvent,
  MediaQueueStatusDto,
  MediaRequestDto,
  MediaSourceDto,
  MediaStateDto,
  MediaVerifyReportDto,
} from '../../contract';
import {
  DEFAULT_DOWNLOAD_POLICY,
  MEDIA_CONCURRENCY,
  type DownloadPolicy,
  type MediaChunkSource,
} from './mediaDownloader';
import { MediaPaths, safeFileName } from './mediaPaths';
import { CorpMediaQueue, stateOfRecord, type EnqueueMode } from './mediaQueue';
import { MediaRecords, storedLocation, type ItemRecord, type StoredLocation } from './mediaRecords';
import { isInlineSafe } from './mediaSniff';
import { readStoredBytes } from './storedBytes';
import { MediaTokens, type ResolvedMedia } from './mediaTokens';
import { classifyForOpen, decontrolName } from './openWithGate';
import { voiceToWav } from './voice/voiceTranscoder';
import { wavDurationMs } from './voice/wav';

/**
 * Media for both shells (issue 5): per-corp download queues over the SDK host, the content-addressed
 * store under `<dataDir>/media`, in-app voice decoding (cached WAV) and opaque URLs for the shells'
 * media routes. No electron import: the shells pass how to open a file with the system application.
 */
export interface MediaServiceOptions {
  dataDir: string;
  /** The corp's SDK host as a chunk source; may throw SdkUnavailable. */
  sourceFor(corpId: string): Promise<MediaChunkSource>;
  emit(event: ArchiveEvent): void;
  log: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
  /** Prefix of media URLs: `media://m/` in Electron, `/media/` in the browser shell. */
  urlPrefix: string;
  /** Opens a file with the desktop's default application; absent where the shell cannot. */
  openPath?: (file: string) => Promise<void>;
  /**
   * Chunk requests in flight per corp; default MEDIA_CONCURRENCY. More than the SDK host's media
   * handles (SdkHostPoolOptions.mediaHandles) only makes the extra requests wait in the host.
   */
  concurrency?: number;
  policy?: Partial<DownloadPolicy>;
  sleep?: (ms: number) => Promise<void>;
}

type DoneRecord = Extract<ItemRecord, { state: 'done' }>;

/** A finished download's bytes (`size` from `offset` of `file`) and what they are. */
export interface StoredMedia extends StoredLocation {
  mime: string;
  sha256: string;
}

export class MediaNotAvailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MediaNotAvailableError';
  }
}

/**
 * How long a copy handed to the desktop's application is kept: long enough for the application to
 * read it; every copy also goes when the service closes.
 */
const OPEN_COPY_TTL_MS = 10 * 60 * 1000;
/** The folder names openExternally makes (anything else under open/ is not ours to remove). */
const OPEN_TOKEN = /^[A-Za-z0-9_-]{16}$/;

/** Voice files above this are refused for in-app decoding (an hour of AMR-NB 12.2 is ~5.5 MB). */
const MAX_VOICE_BYTES = 64 * 1024 * 1024;

/** A file extension for each type the media store sniffs (saved copies, evidence bundles). */
export const extensionOfMime: Readonly<Record<string, string>> = {
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/gif': '.gif',
  'image/webp': '.webp',
  'video/mp4': '.mp4',
  'audio/amr': '.amr',
  'audio/silk': '.silk',
  'application/pdf': '.pdf',
};

export class MediaService {
  readonly paths: MediaPaths;
  private readonly records: MediaRecords;
  private readonly tokens: MediaTokens;
  private readonly queues = new Map<string, CorpMediaQueue>();
  private readonly decoding = new Map<string, Promise<{ file: string; durationMs: number }>>();
  private readonly policy: DownloadPolicy;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: MediaServiceOptions) {
    this.paths = new MediaPaths(options.dataDir);
    this.records = new MediaRecords(this.paths, (error) =>
      options.log('error', 'media records could not be saved; those downloads will run again', {
        message: error instanceof Error ? error.message : String(error),
      }),
    );
    this.tokens = new MediaTokens(this.paths.root);
    this.policy = { ...DEFAULT_DOWNLOAD_POLICY, ...options.policy };
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  queue(corpId: string): CorpMediaQueue {
    let queue = this.queues.get(corpId);
    if (!queue) {
      queue = new CorpMediaQueue({
        corpId,
        source: () => this.options.sourceFor(corpId),
        paths: this.paths,
        records: this.records,
        policy: this.policy,
        concurrency: this.options.concurrency ?? MEDIA_CONCURRENCY,
        onStates: (states) => this.options.emit({ type: 'media-state', corpId, states }),
        onStatus: (status) => this.options.emit({ type: 'media-queue', status }),
        log: this.options.log,
        sleep: this.sleep,
        folder: this.paths.root,
        freeBytes: () => freeBytesAt(this.paths.root),
      });
      this.queues.set(corpId, queue);
    }
    return queue;
  }

  enqueue(corpId: string, items: readonly MediaRequestDto[], mode: EnqueueMode): Promise<MediaStateDto[]> {
    return this.queue(corpId).enqueue(items, mode);
  }

  control(corpId: string, action: 'pause' | 'resume' | 'cancel-background'): MediaQueueStatusDto {
    const queue = this.queue(corpId);
    if (action === 'pause') return queue.pause();
    if (action === 'resume') return queue.resume();
    return queue.cancelBackground();
  }

  states(corpId: string, sdkfileids: readonly string[]): Promise<MediaStateDto[]> {
    return this.queue(corpId).states(sdkfileids);
  }

  /** Where a finished download's bytes are (inside the media dir), and what they are. */
  async storedFile(corpId: string, sdkfileid: string): Promise<StoredMedia> {
    const record = await this.records.read(corpId, sdkfileid);
    if (record?.state !== 'done')
      throw new MediaNotAvailableError('This media item has not been downloaded.');
    const location = storedLocation(this.paths, corpId, record);
    if (!(await this.records.isStored(location)))
      throw new MediaNotAvailableError('The downloaded file is missing from the media folder.');
    return { ...location, mime: record.mime, sha256: record.sha256 };
  }

  /** The bytes of a finished download (for voice decoding and tests; media are served by range). */
  async readStored(corpId: string, sdkfileid: string): Promise<Buffer> {
    return readSegment(await this.storedFile(corpId, sdkfileid));
  }

  async source(
    corpId: string,
    sdkfileid: string,
    purpose: 'view' | 'play' | 'download',
    fileName?: string,
  ): Promise<MediaSourceDto> {
    const stored = await this.storedFile(corpId, sdkfileid);
    if (purpose === 'play') {
      const voice = await this.decodedVoice(corpId, stored);
      const size = (await stat(voice.file)).size;
      // With a name, the decoded WAV is offered as an attachment ("Save as WAV"); the player asks without one.
      const token = this.tokens.issue({
        file: voice.file,
        mime: 'audio/wav',
        ...(fileName === undefined ? {} : { downloadName: safeFileName(fileName, 'voice.wav') }),
      });
      return { url: this.options.urlPrefix + token, mime: 'audio/wav', size, durationMs: voice.durationMs };
    }
    const segment = stored.packed ? { segment: { offset: stored.offset, length: stored.size } } : {};
    const media: ResolvedMedia =
      purpose === 'download'
        ? {
            file: stored.file,
            ...segment,
            mime: 'application/octet-stream',
            downloadName: safeFileName(fileName ?? '', `media${extensionOfMime[stored.mime] ?? ''}`),
          }
        : {
            file: stored.file,
            ...segment,
            mime: isInlineSafe(stored.mime) ? stored.mime : 'application/octet-stream',
          };
    const token = this.tokens.issue(media);
    return { url: this.options.urlPrefix + token, mime: media.mime, size: stored.size };
  }

  /** For the shells' media routes. */
  resolveToken(token: string): Promise<ResolvedMedia | null> {
    return this.tokens.resolve(token);
  }

  /** A copy under a fresh folder of ours, with a sanitised name, handed to the desktop. */
  /**
   * What the user confirms before "open with": the name the copy will get, with invisible and bidi
   * characters written out, its type and whether that type runs code (openWithGate.ts).
   */
  async describeForOpen(
    corpId: string,
    sdkfileid: string,
    fileName: string,
  ): Promise<{ displayName: string; fileType: string; dangerous: boolean }> {
    if (!this.options.openPath)
      throw new MediaNotAvailableError('This shell cannot open files with other applications.');
    const stored = await this.storedFile(corpId, sdkfileid);
    const copyName = this.openCopyName(fileName, stored);
    const shown = decontrolName(fileName).trim();
    const head = await readHead(stored, 8);
    // The type comes from the copy's own name (what the desktop will see), which differs from the
    // name shown only by characters a file name cannot hold (e.g. `<U+202E>` → `_U+202E_`).
    return { displayName: shown || copyName, ...classifyForOpen(copyName, head) };
  }

  private openCopyName(fileName: string, stored: StoredMedia): string {
    return safeFileName(decontrolName(fileName), `media${extensionOfMime[stored.mime] ?? ''}`);
  }

  /** Copies the file under the name `describeForOpen` showed and opens it; call only after the user confirmed. */
  async openExternally(corpId: string, sdkfileid: string, fileName: string): Promise<void> {
    if (!this.options.openPath)
      throw new MediaNotAvailableError('This shell cannot open files with other applications.');
    const stored = await this.storedFile(corpId, sdkfileid);
    const dir = this.paths.openDir(corpId, randomBytes(12).toString('base64url'));
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const copy = path.join(dir, this.openCopyName(fileName, stored));
    if (stored.packed) await writeFile(copy, await readSegment(stored), { mode: 0o600, flag: 'wx' });
    else await copyFile(stored.file, copy);
    await this.options.openPath(copy);
    await this.pruneOpenCopies(corpId, path.basename(dir));
  }

  /**
   * Copies handed to other applications are evidence outside the archive's control: the ones older
   * than ten minutes are removed (the application has read them by then), except the one just made;
   * `keep: null` removes them all (at close).
   */
  private async pruneOpenCopies(corpId: string, keep: string | null): Promise<void> {
    const root = path.join(this.paths.corpDir(corpId), 'open');
    const cutoff = keep === null ? Infinity : Date.now() - OPEN_COPY_TTL_MS;
    try {
      for (const entry of await readdir(root, { withFileTypes: true })) {
        if (!entry.isDirectory() || entry.name === keep || !OPEN_TOKEN.test(entry.name)) continue;
        const dir = this.paths.openDir(corpId, entry.name);
        if ((await stat(dir)).mtimeMs < cutoff) await rm(dir, { recursive: true, force: true });
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      this.options.log('warn', 'old open-with copies could not be removed', {
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }

  /**
   * Reads every stored file of the corp and compares its SHA-256 with the one recorded at download.
   * Identical bytes shared by several items are read once. Items whose bytes are damaged or gone are
   * marked failed (not permanent), so the next download fetches them again — compared with the
   * archive's md5 and stored anew, the damaged copy never trusted again.
   */
  async verifyStored(corpId: string): Promise<MediaVerifyReportDto> {
    const started = Date.now();
    const groups = new Map<string, { location: StoredLocation; sha256: string; records: DoneRecord[] }>();
    for (const record of await this.records.doneRecords(corpId)) {
      const location = storedLocation(this.paths, corpId, record);
      const key = `${location.file}\n${location.offset}\n${location.size}`;
      const group = groups.get(key);
      if (group) group.records.push(record);
      else groups.set(key, { location, sha256: record.sha256, records: [record] });
    }
    let bytes = 0;
    let items = 0;
    const bad: Array<{ record: DoneRecord; problem: 'damaged' | 'missing' }> = [];
    for (const { location, sha256, records } of groups.values()) {
      const actual = await sha256Of(location);
      items += records.length;
      if (actual === null) {
        for (const record of records) bad.push({ record, problem: 'missing' });
        continue;
      }
      bytes += location.size;
      if (actual !== sha256) for (const record of records) bad.push({ record, problem: 'damaged' });
    }
    const states: MediaStateDto[] = [];
    for (const { record, problem } of bad) {
      const failed: ItemRecord = {
        state: 'failed',
        sdkfileid: record.sdkfileid,
        kind: record.kind,
        expectedSize: record.expectedSize,
        attempts: record.attempts,
        failure: {
          sdkCode: null,
          permanent: false,
          message:
            problem === 'missing'
              ? 'the stored file is missing from the media folder; download it again'
              : 'the stored file no longer matches the SHA-256 recorded at download (damaged); download it again',
        },
        failedAt: Date.now(),
      };
      await this.records.write(corpId, failed);
      states.push(stateOfRecord(failed));
    }
    await this.records.flushed();
    if (states.length > 0) this.options.emit({ type: 'media-state', corpId, states });
    if (bad.length > 0) {
      this.options.log('warn', 'stored media failed verification', {
        corpId,
        damaged: bad.filter((entry) => entry.problem === 'damaged').length,
        missing: bad.filter((entry) => entry.problem === 'missing').length,
      });
    }
    return {
      corpId,
      files: groups.size,
      items,
      bytes,
      damaged: bad.filter((entry) => entry.problem === 'damaged').length,
      missing: bad.filter((entry) => entry.problem === 'missing').length,
      affected: bad.slice(0, 100).map((entry) => entry.record.sdkfileid),
      durationMs: Date.now() - started,
    };
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    await this.records.close();
    await this.removeAllOpenCopies();
  }

  /** Every corp's open-with copies (at close, and at start for copies a crash left behind). */
  async removeAllOpenCopies(): Promise<void> {
    let corpDirs: string[];
    try {
      corpDirs = await readdir(this.paths.root);
    } catch {
      return;
    }
    for (const name of corpDirs) {
      const root = path.join(this.paths.root, name, 'open');
      try {
        for (const entry of await readdir(root, { withFileTypes: true }))
          if (entry.isDirectory() && OPEN_TOKEN.test(entry.name))
            await rm(path.join(root, entry.name), { recursive: true, force: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
          this.options.log('warn', 'open-with copies could not be removed', {
            message: error instanceof Error ? error.message : String(error),
          });
      }
    }
  }

  private decodedVoice(corpId: string, stored: StoredMedia): Promise<{ file: string; durationMs: number }> {
    const key = `${corpId}\n${stored.sha256}`;
    let pending = this.decoding.get(key);
    if (!pending) {
      pending = this.decodeVoice(corpId, stored).finally(() => this.decoding.delete(key));
      this.decoding.set(key, pending);
    }
    return pending;
  }

  private async decodeVoice(
    corpId: string,
    stored: StoredMedia,
  ): Promise<{ file: string; durationMs: number }> {
    const cached = this.paths.derived(corpId, stored.sha256, 'wav');
    const header = await readHeader(cached);
    if (header) return { file: cached, durationMs: wavDurationMs(header) };
    if (stored.size > MAX_VOICE_BYTES)
      throw new MediaNotAvailableError('The voice file is too large to decode.');
    const decoded = await voiceToWav(await readSegment(stored));
    await mkdir(path.dirname(cached), { recursive: true, mode: 0o700 });
    const temp = `${cached}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temp, decoded.wav, { mode: 0o600 });
    await rename(temp, cached);
    return { file: cached, durationMs: decoded.durationMs };
  }
}

/** `size` bytes from `offset` of `file`: a whole object, or one file's segment of a pack. */
function readSegment(location: StoredLocation): Promise<Buffer> {
  return readStoredBytes(
    location,
    () => new MediaNotAvailableError('The stored file is shorter than recorded.'),
  );
}

/** SHA-256 of the stored bytes, read in 1 MB pieces; null when the file is gone or too short. */
async function sha256Of(location: StoredLocation): Promise<string | null> {
  let handle;
  try {
    handle = await open(location.file, 'r');
  } catch {
    return null;
  }
  try {
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(Math.min(location.size, 1 << 20));
    let done = 0;
    while (done < location.size) {
      const length = Math.min(buffer.length, location.size - done);
      const { bytesRead } = await handle.read(buffer, 0, length, location.offset + done);
      if (bytesRead === 0) return null;
      hash.update(buffer.subarray(0, bytesRead));
      done += bytesRead;
    }
    return hash.digest('hex');
  } finally {
    await handle.close();
  }
}

async function readHeader(file: string): Promise<Uint8Array | null> {
  try {
    const handle = await open(file, 'r');
    try {
      const buffer = Buffer.alloc(44);
      const { bytesRead } = await handle.read(buffer, 0, 44, 0);
      return bytesRead === 44 ? buffer : null;
    } finally {
      await handle.close();
    }
  } catch {
    return null;
  }
}

/** The first `count` bytes of a stored item (fewer when it is shorter). */
async function readHead(location: StoredLocation, count: number): Promise<Buffer> {
  const handle = await open(location.file, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(count, location.size));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, location.offset);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Bytes an unprivileged writer may still use on the file system holding `folder`. */
async function freeBytesAt(folder: string): Promise<number | null> {
  try {
    const info = await statfs(folder);
    return info.bavail * info.bsize;
  } catch {
    return null;
  }
}
