import path from 'node:path';
import type { MediaKind, MediaRequestDto } from '../../main/contract';
import type { ChunkToFileRequest, MediaChunkSource } from '../../main/services/media/mediaDownloader';
import { MediaService, type MediaServiceOptions } from '../../main/services/media/mediaService';
import type { MediaFile } from './support';

/**
 * The stand-in corpus's media files as the media tests use them (mediaQueue, mediaDiskFull, poison): the
 * request for a file, distinct files, a chunk source that records its requests and the media service
 * with the tests' settings. The SDK hosts that serve them come from ./demoHostPool.
 */

/** The media kind of a corpus media fixture, by its file extension. */
export function fixtureKindOf(file: string): MediaKind {
  const extension = path.extname(file).toLowerCase();
  if (extension === '.amr' || extension === '.silk') return 'voice';
  if (extension === '.mp4') return 'video';
  if (extension === '.jpg' || extension === '.png') return 'image';
  if (extension === '.gif') return 'emotion';
  return 'file';
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
  return new MediaService({
    emit: () => undefined,
    log: () => undefined,
    urlPrefix: '/media/',
    policy: { backoffBaseMs: 5, backoffMaxMs: 40 },
    ...options,
  });
}
