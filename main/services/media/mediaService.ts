import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, open, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type {
  ArchiveEvent,
  MediaQueueStatusDto,
  MediaRequestDto,
  MediaSourceDto,
  MediaStateDto,
} from '../../contract';
import { DEFAULT_DOWNLOAD_POLICY, type DownloadPolicy, type MediaChunkSource } from './mediaDownloader';
import { MediaPaths, safeFileName } from './mediaPaths';
import { CorpMediaQueue, type EnqueueMode } from './mediaQueue';
import { MediaRecords, storedLocation, type StoredLocation } from './mediaRecords';
import { isInlineSafe } from './mediaSniff';
import { MediaTokens, type ResolvedMedia } from './mediaTokens';
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
  concurrency?: number;
  policy?: Partial<DownloadPolicy>;
  sleep?: (ms: number) => Promise<void>;
}

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

/** How long a copy handed to the desktop's application is kept. */
const OPEN_COPY_TTL_MS = 24 * 60 * 60 * 1000;
/** The folder names openExternally makes (anything else under open/ is not ours to remove). */
const OPEN_TOKEN = /^[A-Za-z0-9_-]{16}$/;

/** Voice files above this are refused for in-app decoding (an hour of AMR-NB 12.2 is ~5.5 MB). */
const MAX_VOICE_BYTES = 64 * 1024 * 1024;

const extensionOfMime: Readonly<Record<string, string>> = {
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
        concurrency: this.options.concurrency ?? 3,
        onStates: (states) => this.options.emit({ type: 'media-state', corpId, states }),
        onStatus: (status) => this.options.emit({ type: 'media-queue', status }),
        log: this.options.log,
        sleep: this.sleep,
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
      const token = this.tokens.issue({ file: voice.file, mime: 'audio/wav' });
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
  async openExternally(corpId: string, sdkfileid: string, fileName: string): Promise<void> {
    if (!this.options.openPath)
      throw new MediaNotAvailableError('This shell cannot open files with other applications.');
    const stored = await this.storedFile(corpId, sdkfileid);
    const dir = this.paths.openDir(corpId, randomBytes(12).toString('base64url'));
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const name = safeFileName(fileName, `media${extensionOfMime[stored.mime] ?? ''}`);
    const copy = path.join(dir, name);
    if (stored.packed) await writeFile(copy, await readSegment(stored), { mode: 0o600, flag: 'wx' });
    else await copyFile(stored.file, copy);
    await this.options.openPath(copy);
    await this.pruneOpenCopies(corpId, path.basename(dir));
  }

  /**
   * Copies handed to other applications are evidence outside the archive's control: the ones older
   * than a day are removed (the application has long read them), except the one just made.
   */
  private async pruneOpenCopies(corpId: string, keep: string): Promise<void> {
    const root = path.dirname(this.paths.openDir(corpId, keep));
    const cutoff = Date.now() - OPEN_COPY_TTL_MS;
    try {
      for (const entry of await readdir(root, { withFileTypes: true })) {
        if (!entry.isDirectory() || entry.name === keep || !OPEN_TOKEN.test(entry.name)) continue;
        const dir = this.paths.openDir(corpId, entry.name);
        if ((await stat(dir)).mtimeMs < cutoff) await rm(dir, { recursive: true, force: true });
      }
    } catch (error) {
      this.options.log('warn', 'old open-with copies could not be removed', {
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    await this.records.close();
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
async function readSegment(location: StoredLocation): Promise<Buffer> {
  const handle = await open(location.file, 'r');
  try {
    const buffer = Buffer.alloc(location.size);
    let done = 0;
    while (done < location.size) {
      const { bytesRead } = await handle.read(buffer, done, location.size - done, location.offset + done);
      if (bytesRead === 0) throw new MediaNotAvailableError('The stored file is shorter than recorded.');
      done += bytesRead;
    }
    return buffer;
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
