import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat, truncate, writeFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { MediaFailureDto, MediaRequestDto, MediaVerification } from '../../contract';
import { SdkCodeError, SdkProcessCrash, SdkUnavailable } from '../pull/pullSdk';
import type { MediaPaths } from './mediaPaths';
import type { ChunkJournal, ItemRecord, MediaRecords } from './mediaRecords';
import { sniffMime } from './mediaSniff';

/**
 * One media file through the GetMediaData chunk loop (SDK-SPEC §5), streamed to disk chunk by chunk
 * and journalled so a restart resumes from the last complete chunk. A failed chunk is retried with
 * the same indexbuf (bounded, with backoff); an md5 or size mismatch re-downloads the whole file
 * (bounded) and is then kept but flagged; an empty md5 is accepted as "unverified"; 10005/301048 are
 * permanent (SDK-SPEC §2).
 */
export interface MediaChunk {
  data: Uint8Array;
  outIndexBuf: string;
  isFinish: boolean;
}

/** The SDK as the downloader sees it; errors as in pullSdk (SdkCodeError, SdkProcessCrash, SdkUnavailable). */
export interface MediaChunkSource {
  getMediaChunk(sdkfileid: string, indexbuf: string): Promise<MediaChunk>;
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
  if (error instanceof SdkUnavailable) {
    return { retry: false, failure: { sdkCode: null, permanent: false, message: error.message } };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    retry: false,
    failure: { sdkCode: null, permanent: false, message: `${message} (after ${attempts} attempts)` },
  };
}

async function hashExisting(file: string, bytes: number, hashes: Hash[]): Promise<void> {
  if (bytes === 0) return;
  const stream = createReadStream(file, { start: 0, end: bytes - 1, highWaterMark: 1 << 20 });
  for await (const chunk of stream) for (const hash of hashes) hash.update(chunk as Buffer);
}

async function fileSize(file: string): Promise<number | null> {
  try {
    return (await stat(file)).size;
  } catch {
    return null;
  }
}

/** Runs the download to its end; returns the `done` record or throws DownloadFailed / DownloadStopped. */
export async function downloadMedia(
  context: DownloadContext,
): Promise<Extract<ItemRecord, { state: 'done' }>> {
  const { corpId, item, paths, records, policy } = context;
  const partFile = paths.partFile(corpId, item.sdkfileid);
  await mkdir(path.dirname(partFile), { recursive: true, mode: 0o700 });

  let journal = await records.readJournal(corpId, item.sdkfileid);
  if (journal) {
    const onDisk = await fileSize(partFile);
    if (onDisk === null || onDisk < journal.bytes) {
      journal = { ...journal, bytes: 0, indexbuf: '' };
    } else if (onDisk > journal.bytes) {
      await truncate(partFile, journal.bytes); // a chunk written but not journalled: fetch it again
    }
  }
  let state: ChunkJournal = journal ?? {
    sdkfileid: item.sdkfileid,
    bytes: 0,
    indexbuf: '',
    wholeAttempt: 1,
    chunkFailures: 0,
  };

  let journalled = journal !== null;
  for (;;) {
    // Most archive media (images, voice, stickers) fit in one chunk. A fresh download asks for its
    // first chunk before touching the disk: when that chunk is the whole file, it is verified in
    // memory (≤ 512 KB) and written once, content-addressed — no part file, no journal to clean up.
    let prefetched: MediaChunk | null = null;
    if (state.bytes === 0 && !journalled) {
      if (context.shouldStop()) throw new DownloadStopped();
      prefetched = await fetchChunk(context, state);
      if (prefetched.isFinish) {
        const data = prefetched.data;
        const md5Hex = createHash('md5').update(data).digest('hex');
        const sizeOk = item.size === null || item.size === data.byteLength;
        const md5Ok = item.md5sum === '' ? null : md5Hex === item.md5sum.toLowerCase();
        if ((md5Ok === false || !sizeOk) && state.wholeAttempt < policy.wholeAttempts) {
          state = { ...state, wholeAttempt: state.wholeAttempt + 1 };
          continue;
        }
        const sha256Hex = createHash('sha256').update(data).digest('hex');
        const object = paths.object(corpId, sha256Hex);
        if ((await fileSize(object)) !== data.byteLength) {
          await mkdir(path.dirname(object), { recursive: true, mode: 0o700 });
          // Written next to its final name, then renamed: a reader never sees half a file.
          const temp = `${object}.${process.pid}.${Date.now()}.tmp`;
          await writeFile(temp, data, { mode: 0o600 });
          await rename(temp, object);
        }
        const record = doneRecord(item, {
          sha256: sha256Hex,
          size: data.byteLength,
          md5: md5Hex,
          verification: verificationOf(md5Ok, sizeOk),
          head: data.subarray(0, 64),
          attempts: state.chunkFailures + state.wholeAttempt - 1,
        });
        await records.write(corpId, record);
        context.onProgress(data.byteLength, 0);
        return record;
      }
    }

    const md5 = createHash('md5');
    const sha256 = createHash('sha256');
    let handle: FileHandle;
    if (state.bytes === 0) {
      handle = await open(partFile, 'w+', 0o600);
    } else {
      await hashExisting(partFile, state.bytes, [md5, sha256]);
      handle = await open(partFile, 'r+');
    }
    // A fresh first attempt has nothing worth journalling until its first chunk is on disk.
    if (state.bytes > 0 || state.wholeAttempt > 1) {
      await records.writeJournal(corpId, state);
      journalled = true;
    }

    let head: Uint8Array = new Uint8Array(0);
    try {
      for (let round = 0; ; round += 1) {
        if (round >= policy.maxRounds) {
          throw new DownloadFailed(
            { sdkCode: null, permanent: false, message: `no is_finish after ${policy.maxRounds} chunks` },
            state.chunkFailures,
          );
        }
        if (context.shouldStop()) throw new DownloadStopped();
        const chunk = prefetched ?? (await fetchChunk(context, state));
        prefetched = null;
        if (chunk.data.byteLength > 0) {
          await handle.write(chunk.data, 0, chunk.data.byteLength, state.bytes);
          md5.update(chunk.data);
          sha256.update(chunk.data);
        }
        if (state.bytes === 0) head = chunk.data.slice(0, 64);
        const nextIndexbuf = chunk.isFinish ? '' : chunk.outIndexBuf;
        if (!chunk.isFinish && nextIndexbuf === '') {
          throw new DownloadFailed(
            { sdkCode: null, permanent: false, message: 'the SDK returned no outindexbuf before is_finish' },
            state.chunkFailures,
          );
        }
        state = { ...state, bytes: state.bytes + chunk.data.byteLength, indexbuf: nextIndexbuf };
        if (chunk.isFinish) break;
        await records.writeJournal(corpId, state);
        journalled = true;
        context.onProgress(state.bytes, chunk.data.byteLength);
      }
    } finally {
      await handle.close();
    }

    const md5Hex = md5.digest('hex');
    const sha256Hex = sha256.digest('hex');
    const sizeOk = item.size === null || item.size === state.bytes;
    const md5Ok = item.md5sum === '' ? null : md5Hex === item.md5sum.toLowerCase();
    if ((md5Ok === false || !sizeOk) && state.wholeAttempt < policy.wholeAttempts) {
      // "MD5 可能匹配不上，可以多次重试" (SDK-SPEC §5): the whole file again, from indexbuf "".
      state = { ...state, bytes: 0, indexbuf: '', wholeAttempt: state.wholeAttempt + 1 };
      continue;
    }
    const verification = verificationOf(md5Ok, sizeOk);
    if (head.byteLength === 0 && state.bytes > 0) head = await readHead(partFile);
    const object = paths.object(corpId, sha256Hex);
    await mkdir(path.dirname(object), { recursive: true, mode: 0o700 });
    if ((await fileSize(object)) === state.bytes)
      await rm(partFile, { force: true }); // dedupe
    else await rename(partFile, object);
    const record = doneRecord(item, {
      sha256: sha256Hex,
      size: state.bytes,
      md5: md5Hex,
      verification,
      head,
      attempts: state.chunkFailures + state.wholeAttempt - 1,
    });
    await records.write(corpId, record);
    await records.clearPartial(corpId, item.sdkfileid);
    context.onProgress(state.bytes, 0);
    return record;
  }
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
  },
): Extract<ItemRecord, { state: 'done' }> {
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
async function fetchChunk(context: DownloadContext, state: ChunkJournal): Promise<MediaChunk> {
  const { policy } = context;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await context.source.getMediaChunk(context.item.sdkfileid, state.indexbuf);
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
