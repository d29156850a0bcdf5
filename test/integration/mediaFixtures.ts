import path from 'node:path';
import type { ArchiveEvent, MediaKind, MediaRequestDto } from '../../main/contract';
import type { CorpRecord } from '../../main/services/config/corpStore';
import type {
  ChunkToFileRequest,
  DownloadPolicy,
  MediaChunkSource,
} from '../../main/services/media/mediaDownloader';
import { MediaService, type MediaServiceOptions } from '../../main/services/media/mediaService';
import type { SdkHostPool, SdkHostPoolOptions } from '../../main/services/sdkHost/sdkHostPool';
import { TEST_CORPS } from '../../native/standin/corpus/index';
import { demoCorpRecord, demoHostPool } from './demoHostPool';
import { paths, type MediaFile } from './support';

/**
 * The stand-in corpus's media files as the media tests use them (mediaQueue, mediaDiskFull, poison): the
 * request for a file, distinct files, a chunk source that records its requests and the media service
 * with the tests' settings. The SDK hosts that serve them come from ./demoHostPool.
 */

/** GetMediaData's largest chunk: 512 KB a call (docs/wecom-sdk.md, media); the stand-in serves the same. */
export const CHUNK = 512 * 1024;

/** The media kind of a corpus media fixture, by its file extension. */
export function fixtureKindOf(file: string): MediaKind {
  const extension = path.extname(file).toLowerCase();
  if (extension === '.amr' || extension === '.silk') return 'voice';
  if (extension === '.mp4') return 'video';
  if (extension === '.jpg' || extension === '.png') return 'image';
  if (extension === '.gif') return 'emotion';
  return 'file';
}

/** The stand-in's main test corp under an id and name of a test file's own, so its data stays apart. */
export function mainCorpRecord(id: string, name: string): CorpRecord {
  return demoCorpRecord({ id, corpid: TEST_CORPS.main.corpid, name, timeoutSec: 5 });
}

/** The request the renderer would send for a corpus media fixture (its msgid made up from the sdkfileid). */
export function fixtureRequest(file: MediaFile, overrides: Partial<MediaRequestDto> = {}): MediaRequestDto {
  return {
    sdkfileid: file.sdkfileid,
    msgid: `msg-${file.sdkfileid.slice(0, 12)}`,
    kind: fixtureKindOf(file.path),
    md5sum: file.md5,
    size: file.size,
    ...overrides,
  };
}

/** Each file's request, as the media panel sends them for Download all. */
export function fixtureRequests(files: readonly MediaFile[]): MediaRequestDto[] {
  return files.map((file) => fixtureRequest(file));
}

/**
 * One fixture per distinct `key`, the biggest first: per `path` every corpus file once, per `md5` every
 * content once (the stand-in names some files twice, and a download of one content serves both).
 */
export function distinctFixtures(files: readonly MediaFile[], key: 'path' | 'md5'): MediaFile[] {
  const seen = new Map<string, MediaFile>();
  for (const file of files) if (!seen.has(file[key])) seen.set(file[key], file);
  return [...seen.values()].sort((a, b) => b.size - a.size);
}

/** `source`, telling `onRequest` of every chunk request before it is passed on. */
export function recordingSource(
  source: MediaChunkSource,
  onRequest: (request: ChunkToFileRequest) => void,
): MediaChunkSource {
  return {
    chunkToFile: (request) => {
      onRequest(request);
      return source.chunkToFile(request);
    },
  };
}

/**
 * The media service as the media tests run it: nothing logged or emitted unless `options` says so, the
 * browser shell's `/media/` URLs and a back-off of milliseconds so retries do not slow the tests.
 */
export function testMediaService(
  options: Pick<MediaServiceOptions, 'dataDir' | 'sourceFor'> & Partial<MediaServiceOptions>,
): MediaService {
  const { policy, ...rest } = options;
  return new MediaService({
    emit: () => undefined,
    log: () => undefined,
    urlPrefix: '/media/',
    ...rest,
    // A test's own policy adds to the fast back-off instead of dropping it.
    policy: { backoffBaseMs: 5, backoffMaxMs: 40, ...policy },
  });
}

/** SDK hosts on the main test corp, the media service over them and what it did: one test's rig. */
export interface MediaRig {
  readonly service: MediaService;
  readonly pool: SdkHostPool;
  readonly dataDir: string;
  /** What the service emitted, in order. */
  readonly events: ArchiveEvent[];
  /** Every chunk request the service made, in order. */
  readonly requests: ChunkToFileRequest[];
  /** When each of those requests was sent and answered, in the same order. */
  readonly calls: ChunkCall[];
  /** The files the service asked the desktop to open. */
  readonly opened: string[];
  /** Closes the service and its hosts; the data folder stays. */
  close(): Promise<void>;
}

/** A chunk request's span as the service saw it (performance.now(); answeredAt null while in flight). */
export interface ChunkCall {
  sdkfileid: string;
  sentAt: number;
  answeredAt: number | null;
}

/** `source`, noting in `calls` when each chunk request was sent and when it was answered (or failed). */
export function timedSource(source: MediaChunkSource, calls: ChunkCall[]): MediaChunkSource {
  return {
    chunkToFile: async (request) => {
      const call: ChunkCall = { sdkfileid: request.sdkfileid, sentAt: performance.now(), answeredAt: null };
      calls.push(call);
      try {
        return await source.chunkToFile(request);
      } finally {
        call.answeredAt = performance.now();
      }
    },
  };
}

export interface MediaRigOptions {
  record: CorpRecord;
  dataDir: string;
  /** Added to this process's environment for the hosts (faults, disk room). */
  env: NodeJS.ProcessEnv;
  /**
   * Chunk requests in flight, and as many media handles per host (the app's rule: one handle per
   * request in flight); absent: the app's defaults for both.
   */
  concurrency?: number;
  onCrash?: SdkHostPoolOptions['onCrash'];
  /** Overrides of the tests' download policy (e.g. more chunk attempts where faults are frequent). */
  policy?: Partial<DownloadPolicy>;
}

export function mediaRig(options: MediaRigOptions): MediaRig {
  const pool = demoHostPool({
    ...paths,
    secret: TEST_CORPS.main.secret,
    env: { ...process.env, ...options.env },
    ...(options.onCrash ? { onCrash: options.onCrash } : {}),
    ...(options.concurrency === undefined ? {} : { mediaHandles: options.concurrency }),
  });
  const events: ArchiveEvent[] = [];
  const requests: ChunkToFileRequest[] = [];
  const opened: string[] = [];
  const calls: ChunkCall[] = [];
  const recording = recordingSource(timedSource(pool.mediaSourceFor(options.record), calls), (request) => {
    requests.push({ ...request });
  });
  const service = testMediaService({
    dataDir: options.dataDir,
    sourceFor: async () => recording,
    emit: (event) => events.push(event),
    openPath: async (file) => {
      opened.push(file);
    },
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    ...(options.policy ? { policy: options.policy } : {}),
  });
  return {
    service,
    pool,
    dataDir: options.dataDir,
    events,
    requests,
    calls,
    opened,
    async close() {
      await service.close();
      await pool.closeAll();
    },
  };
}
