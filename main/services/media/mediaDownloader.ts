import { open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { MediaFailureDto, MediaRequestDto, MediaVerification } from '../../contract';
import type { MediaChunkToFileParams, MediaChunkToFileResult } from '../../../native/host/protocol';
import { SdkCodeError, SdkProcessCrash, SdkUnavailable } from '../pull/pullSdk';
import type { MediaPaths } from './mediaPaths';
import { storedLocation, type ChunkJournal, type ItemRecord, type MediaRecords } from './mediaRecords';
import { sniffMime } from './mediaSniff';

/**
 * One media file through the GetMediaData chunk loop (SDK-SPEC §5), streamed to disk chunk by chunk
 * and journalled so a restart resumes from the last complete chunk. A failed chunk is retried with
 * the same indexbuf (bounded, with backoff); an md5 or size mismatch re-downloads the whole file
 * (bounded) and is then kept but flagged; an empty md5 is accepted as "unverified"; 10005/301048 are
 * permanent (SDK-SPEC §2).
 */
/** See the host protocol's `mediaChunkToFile`: the same request without the network settings. */
export type ChunkToFileRequest = Omit<MediaChunkToFileParams, 'proxy' | 'passwd' | 'timeout'>;
export type ChunkWritten = MediaChunkToFileResult;

/**
 * The SDK as the downloader sees it: one GetMediaData chunk written into the part file by the SDK
 * host, so media bytes never cross to main. Errors as in pullSdk (SdkCodeError, SdkProcessCrash,
 * SdkUnavailable), or MediaFileError when the part file cannot be written.
 */
export interface MediaChunkSource {
  chunkToFile(request: ChunkToFileRequest): Promise<ChunkWritten>;
}

/** The part file could not be read or written (disk full, permissions): not worth retrying at once. */
export class MediaFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MediaFileError';
  }
}

export interface DownloadPolicy {
  /** Attempts per chunk (the first included) before the item fails. */
  chunkAttempts: number;
  /** Backoff before chunk retry n: min(max, base·2^(n-1)). */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Whole-file downloads (the first included) while md5/size disagree. */
  wholeAttempts: number;
  /** Guard against an SDK that never says is_finish (10 000 × 512 KB ≈ 5 GB). */
  maxRounds: number;
}

export const DEFAULT_DOWNLOAD_POLICY: DownloadPolicy = {
  chunkAttempts: 6,
  backoffBaseMs: 250,
  backoffMaxMs: 4_000,
  wholeAttempts: 3,
  maxRounds: 10_000,
};

/** SDK-SPEC §2.1: network, parse and system failures, and GetMediaData's occasional 10006. */
const RETRYABLE_CODES = new Set([10001, 10002, 10003, 10006]);
/** The file does not exist or expired: it will never download. */
const PERMANENT_CODES = new Map([
  [10005, 'the sdkfileid is not valid (SDK 10005 fileid错误)'],
  [301048, 'the file does not exist or has expired on WeCom (301048 sdkfileid对应的文件不存在或已过期)'],
]);

export class DownloadStopped extends Error {
  constructor() {
    super('download paused');
    this.name = 'DownloadStopped';
  }
}

export class DownloadFailed extends Error {
  constructor(
    readonly failure: MediaFailureDto,
    readonly attempts: number,
  ) {
    super(failure.message);
    this.name = 'DownloadFailed';
  }
}

export interface DownloadContext {
  corpId: string;
  item: MediaRequestDto;
  source: MediaChunkSource;
  paths: MediaPaths;
  records: MediaRecords;
  policy: DownloadPolicy;
  /** Called after each chunk is on disk, with the bytes so far. */
  onProgress(bytes: number, chunkBytes: number): void;
  /** Checked between chunks: true stops the download, its journal kept for a later resume. */
  shouldStop(): boolean;
  sleep(ms: number): Promise<void>;
}

function classify(error: unknown, attempts: number): { retry: boolean; failure: MediaFailureDto } {
  if (error instanceof SdkCodeError) {
    const permanent = PERMANENT_CODES.get(error.sdkCode);
    if (permanent)
      return { retry: false, failure: { sdkCode: error.sdkCode, permanent: true, message: permanent } };
    return {
      retry: RETRYABLE_CODES.has(error.sdkCode),
      failure: { sdkCode: error.sdkCode, permanent: false, message: error.message },
    };
  }
  if (error instanceof SdkProcessCrash) {
    return { retry: true, failure: { sdkCode: null, permanent: false, message: error.message } };
  }
  if (error instanceof SdkUnavailable || error instanceof MediaFileError) {
    return { retry: false, failure: { sdkCode: null, permanent: false, message: error.message } };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    retry: false,
    failure: { sdkCode: null, permanent: false, message: `${message} (after ${attempts} attempts)` },
  };
}

async function fileSize(file: string): Promise<number | null> {
  try {
    return (await stat(file)).size;
  } catch {
    return null;
  }
}

type DoneRecord = Extract<ItemRecord, { state: 'done' }>;
type PackRequest = NonNullable<ChunkToFileRequest['pack']>;

/** Runs the download to its end; returns the `done` record or throws DownloadFailed / DownloadStopped. */
export async function downloadMedia(context: DownloadContext): Promise<DoneRecord> {
  const { corpId, item, paths, records, policy } = context;
  const partFile = paths.partFile(corpId, item.sdkfileid);

  let journal = await records.readJournal(corpId, item.sdkfileid);
  if (journal) {
    const onDisk = await fileSize(partFile);
    // A part file shorter than its journal lost data (power failure): start the file again. A
    // longer one has a chunk written but not journalled: the host cuts it when that chunk comes again.
    if (onDisk === null || onDisk < journal.bytes) journal = { ...journal, bytes: 0, indexbuf: '' };
  }
  let state: ChunkJournal = journal ?? {
    sdkfileid: item.sdkfileid,
    bytes: 0,
    indexbuf: '',
    wholeAttempt: 1,
    chunkFailures: 0,
  };
  let journalled = journal !== null;
  await records.ensureDir(path.dirname(partFile));

  for (;;) {
    // A fresh first attempt has nothing worth journalling until its first chunk is on disk; most
    // archive media (images, voice, stickers) are a single chunk and never need a journal at all.
    if (state.bytes > 0 || state.wholeAttempt > 1) {
      await records.writeJournal(corpId, state);
      journalled = true;
    }
    const lastWholeAttempt = state.wholeAttempt >= policy.wholeAttempts;
    let head: Uint8Array | null = null;
    let finished: ChunkWritten | null = null;
    for (let round = 0; finished === null; round += 1) {
      if (round >= policy.maxRounds) {
        throw new DownloadFailed(
          { sdkCode: null, permanent: false, message: `no is_finish after ${policy.maxRounds} chunks` },
          state.chunkFailures,
        );
      }
      if (context.shouldStop()) throw new DownloadStopped();
      // From the start of a file, a single-chunk answer goes to the corp's pack.
      const pack = state.bytes === 0 ? await packRequest(context, lastWholeAttempt) : null;
      const chunk = await fetchChunk(context, state, partFile, pack?.request);
      if (state.bytes === 0 && chunk.head) head = chunk.head;
      if (chunk.stored) {
        const done = pack ? await finishPacked(context, state, chunk, pack.n, head) : null;
        if (done) {
          if (journalled) await records.clearPartial(corpId, item.sdkfileid);
          return done;
        }
        break; // not the file the message describes: another whole download
      }
      if (!chunk.isFinish && chunk.outIndexBuf === '') {
        throw new DownloadFailed(
          { sdkCode: null, permanent: false, message: 'the SDK returned no outindexbuf before is_finish' },
          state.chunkFailures,
        );
      }
      state = {
        ...state,
        bytes: state.bytes + chunk.bytes,
        indexbuf: chunk.isFinish ? '' : chunk.outIndexBuf,
      };
      if (chunk.isFinish) {
        finished = chunk;
      } else {
        await records.writeJournal(corpId, state);
        journalled = true;
        context.onProgress(state.bytes, chunk.bytes);
      }
    }
    if (finished === null || finished.md5 === undefined || finished.sha256 === undefined) {
      if (finished !== null) {
        throw new DownloadFailed(
          { sdkCode: null, permanent: false, message: 'the SDK host sent no digests with the last chunk' },
          state.chunkFailures,
        );
      }
      state = { ...state, bytes: 0, indexbuf: '', wholeAttempt: state.wholeAttempt + 1 };
      continue;
    }

    const sizeOk = item.size === null || item.size === state.bytes;
    const md5Ok = item.md5sum === '' ? null : finished.md5 === item.md5sum.toLowerCase();
    if ((md5Ok === false || !sizeOk) && !lastWholeAttempt) {
      // "MD5 可能匹配不上，可以多次重试" (SDK-SPEC §5): the whole file again, from indexbuf "".
      state = { ...state, bytes: 0, indexbuf: '', wholeAttempt: state.wholeAttempt + 1 };
      continue;
    }
    head ??= state.bytes > 0 ? await readHead(partFile) : new Uint8Array(0);
    // Content-addressed: bytes already stored (another message, a forward) are kept once.
    const existing = await storedCopy(context, finished.sha256, state.bytes);
    if (existing) {
      await rm(partFile, { force: true });
    } else {
      const object = paths.object(corpId, finished.sha256);
      await records.ensureDir(path.dirname(object));
      await rename(partFile, object);
    }
    const record = doneRecord(item, {
      sha256: finished.sha256,
      size: state.bytes,
      md5: finished.md5,
      verification: verificationOf(md5Ok, sizeOk),
      head,
      attempts: state.chunkFailures + state.wholeAttempt - 1,
      pack: existing?.pack,
    });
    await records.write(corpId, record);
    if (journalled) await records.clearPartial(corpId, item.sdkfileid);
    context.onProgress(state.bytes, 0);
    return record;
  }
}

/**
 * Where a new download's single chunk should go: the corp's current pack, unless the message's
 * md5/size already name a stored file (`knownSha256`: nothing is written twice). While another
 * whole download may follow, a file that is not what the message says is not stored at all.
 */
async function packRequest(
  context: DownloadContext,
  lastWholeAttempt: boolean,
): Promise<{ n: number; request: PackRequest }> {
  const { corpId, item, records } = context;
  const { n, file } = await records.currentPack(corpId);
  const request: PackRequest = { file };
  if (item.md5sum !== '' && item.size !== null) {
    const known = await records.sha256ByMd5(corpId, item.md5sum, item.size);
    if (known && (await storedCopy(context, known, item.size))) request.knownSha256 = known;
  }
  if (!lastWholeAttempt) request.keepOnlyIf = { md5: item.md5sum, size: item.size };
  return { n, request };
}

/**
 * Where bytes with this digest and size are already stored, if they really are on disk: a pack
 * segment, or (`pack` absent) the content-addressed object. Null when they are not stored.
 */
async function storedCopy(
  context: DownloadContext,
  sha256: string,
  size: number,
): Promise<{ pack?: { n: number; offset: number } } | null> {
  const { corpId, paths, records } = context;
  const existing = await records.bySha256(corpId, sha256);
  if (existing && existing.size === size && (await records.isStored(storedLocation(paths, corpId, existing))))
    return existing.pack ? { pack: existing.pack } : {};
  return (await fileSize(paths.object(corpId, sha256))) === size ? {} : null;
}

/**
 * The end of a file that came in one chunk, hashed by the host: appended to pack `n`, or not written
 * because the same bytes are stored already (`known`). `unexpected` (not the md5/size the message
 * says, with another whole download still to try) answers null.
 */
async function finishPacked(
  context: DownloadContext,
  state: ChunkJournal,
  chunk: ChunkWritten,
  n: number,
  head: Uint8Array | null,
): Promise<DoneRecord | null> {
  const { corpId, item, records } = context;
  const { stored, md5, sha256 } = chunk;
  if (!stored || md5 === undefined || sha256 === undefined) {
    throw new DownloadFailed(
      { sdkCode: null, permanent: false, message: 'the SDK host sent no digests with a packed file' },
      state.chunkFailures,
    );
  }
  if (stored.kind === 'none' && stored.reason === 'unexpected') return null;
  let pack: { n: number; offset: number } | undefined;
  if (stored.kind === 'pack') {
    pack = { n, offset: stored.offset };
    await records.packGrew(corpId, n, stored.offset + chunk.bytes);
  } else {
    const existing = await storedCopy(context, sha256, chunk.bytes);
    // Checked just before the request; gone since (deleted by hand?): this download starts over.
    if (!existing) return null;
    pack = existing.pack;
  }
  const sizeOk = item.size === null || item.size === chunk.bytes;
  const md5Ok = item.md5sum === '' ? null : md5 === item.md5sum.toLowerCase();
  const record = doneRecord(item, {
    sha256,
    size: chunk.bytes,
    md5,
    verification: verificationOf(md5Ok, sizeOk),
    head: head ?? new Uint8Array(0),
    attempts: state.chunkFailures + state.wholeAttempt - 1,
    pack,
  });
  await records.write(corpId, record);
  context.onProgress(chunk.bytes, 0);
  return record;
}

function verificationOf(md5Ok: boolean | null, sizeOk: boolean): MediaVerification {
  return md5Ok === false ? 'md5-mismatch' : !sizeOk ? 'size-mismatch' : md5Ok ? 'verified' : 'unverified';
}

function doneRecord(
  item: MediaRequestDto,
  done: {
    sha256: string;
    size: number;
    md5: string;
    verification: MediaVerification;
    head: Uint8Array;
    attempts: number;
    pack?: { n: number; offset: number } | undefined;
  },
): DoneRecord {
  return {
    state: 'done',
    sdkfileid: item.sdkfileid,
    kind: item.kind,
    sha256: done.sha256,
    size: done.size,
    md5: done.md5,
    expectedMd5: item.md5sum,
    expectedSize: item.size,
    verification: done.verification,
    mime: sniffMime(done.head),
    attempts: done.attempts,
    completedAt: Date.now(),
    ...(done.pack ? { pack: done.pack } : {}),
  };
}

async function readHead(file: string): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(64);
    const { bytesRead } = await handle.read(buffer, 0, 64, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** One chunk, retried with the SAME indexbuf ("单个分片拉取失败建议重试拉取该分片", SDK-SPEC §5). */
async function fetchChunk(
  context: DownloadContext,
  state: ChunkJournal,
  file: string,
  pack: PackRequest | undefined,
): Promise<ChunkWritten> {
  const { policy } = context;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await context.source.chunkToFile({
        sdkfileid: context.item.sdkfileid,
        indexbuf: state.indexbuf,
        file,
        offset: state.bytes,
        ...(pack ? { pack } : {}),
      });
    } catch (error) {
      state.chunkFailures += 1;
      const { retry, failure } = classify(error, attempt);
      if (!retry || attempt >= policy.chunkAttempts) throw new DownloadFailed(failure, state.chunkFailures);
      await context.records.writeJournal(context.corpId, state);
      await context.sleep(Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** (attempt - 1)));
      if (context.shouldStop()) throw new DownloadStopped();
    }
  }
}
