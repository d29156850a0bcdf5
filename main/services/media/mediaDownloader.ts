import { open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { MediaFailureDto, MediaRequestDto, MediaVerification } from '../../contract';
import type { MediaChunkToFileParams, MediaChunkToFileResult } from '../../../native/host/protocol';
import { SdkCodeError, SdkProcessCrash, SdkUnavailable } from '../pull/pullSdk';
import type { MediaPaths } from './mediaPaths';
import { storedLocation, type ChunkJournal, type ItemRecord, type MediaRecords } from './mediaRecords';
import { sniffMime } from './mediaSniff';
import { MEDIA_CHUNK_BYTES } from '../../common/sdk/mediaChunk';

/**
 * One media file through the GetMediaData chunk loop (docs/wecom-sdk.md §5). The SDK host writes each chunk
 * to disk (main never holds the bytes); this side journals each chunk so a restart resumes from the
 * last complete one. A failed chunk is retried with the same indexbuf (bounded, with backoff); an md5
 * or size mismatch re-downloads the whole file (bounded) and is then kept but flagged; an empty md5
 * is accepted as "unverified"; 10005/301048 are permanent (docs/wecom-sdk.md §2). A file of one chunk goes
 * to the corp's pack; a file whose md5 and size name a stored one is compared, not stored again.
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
  constructor(
    message: string,
    /** The file system's errno code (ENOSPC, EDQUOT, EACCES…), when the failure had one. */
    readonly errno?: string,
  ) {
    super(message);
    this.name = 'MediaFileError';
  }
}

/** The errno codes of a disk without room: the queue stops instead of failing items. */
export type OutOfSpaceCode = 'ENOSPC' | 'EDQUOT';

/** The errno of a full disk or exhausted quota behind `error` (the host's or this process's own), or null. */
export function outOfSpaceCode(error: unknown): OutOfSpaceCode | null {
  const code =
    error instanceof MediaFileError
      ? error.errno
      : error instanceof Error
        ? (error as NodeJS.ErrnoException).code
        : undefined;
  return code === 'ENOSPC' || code === 'EDQUOT' ? code : null;
}

/**
 * A media file, part file, pack, journal or record could not be written for lack of space. Not a
 * failure of the item: the download stops where its journal is, and goes on once there is room.
 */
export class DownloadOutOfSpace extends Error {
  constructor(
    readonly code: OutOfSpaceCode,
    readonly detail: string,
  ) {
    super(`the disk has no room for media (${code}): ${detail}`);
    this.name = 'DownloadOutOfSpace';
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
  /**
   * A download's progress is journalled every this many bytes, and whenever it stops or fails. Only
   * a crash of the app loses what came after the last journal (fetched again on resume); a file
   * shorter than this has no journal unless it stops part-way. Default 8 chunks (4 MB): a journal
   * after every chunk was ~2,300 writes per 1.3 GB of distinct files (docs/ARCHITECTURE.md §7.1).
   */
  journalEveryBytes: number;
}

export const DEFAULT_DOWNLOAD_POLICY: DownloadPolicy = {
  chunkAttempts: 6,
  backoffBaseMs: 250,
  backoffMaxMs: 4_000,
  wholeAttempts: 3,
  maxRounds: 10_000,
  journalEveryBytes: 8 * MEDIA_CHUNK_BYTES,
};

/**
 * GetMediaData calls a corp's media queue has in flight at once, and the media handles its SDK host
 * opens (SdkHostPool): one handle per call, since the host runs one call at a time on a handle and a
 * call beyond the handles would wait behind another one's network time (issue 16).
 */
export const MEDIA_CONCURRENCY = 3;

/** docs/wecom-sdk.md §2.1: network, parse and system failures, and GetMediaData's occasional 10006. */
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
  /** Wraps every chunk request: the queue's limit on SDK calls in flight (none when absent). */
  requestSlot?: <T>(request: () => Promise<T>) => Promise<T>;
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
type Location = { pack?: { n: number; offset: number } };
/** Stored bytes: `file` from `offset`, the pack they are in (absent: an object), their type when recorded. */
type StoredAt = Location & { file: string; offset: number; mime?: string };

/** Runs the download to its end; returns the `done` record or throws DownloadFailed / DownloadStopped. */
export async function downloadMedia(context: DownloadContext): Promise<DoneRecord> {
  const { corpId, item, paths, records } = context;
  const partFile = paths.partFile(corpId, item.sdkfileid);

  let journal = await records.readJournal(corpId, item.sdkfileid);
  if (journal) {
    const onDisk = await fileSize(partFile);
    // A part file shorter than its journal lost data (power failure): start the file again. A
    // longer one has a chunk written but not journalled: the host cuts it when that chunk comes again.
    if (onDisk === null || onDisk < journal.bytes) journal = { ...journal, bytes: 0, indexbuf: '' };
  }
  const state: ChunkJournal = journal ?? {
    sdkfileid: item.sdkfileid,
    bytes: 0,
    indexbuf: '',
    wholeAttempt: 1,
    chunkFailures: 0,
  };
  const journals = new JournalWriter(
    records,
    corpId,
    journal !== null,
    state.bytes,
    context.policy.journalEveryBytes,
  );
  try {
    return await downloadWith(context, state, partFile, journals);
  } catch (error) {
    // Stopped or failed: the resume starts from the last chunk on disk, not the last one journalled.
    journals.flush();
    // A write of this process (journal, record, the object's folder) that found the disk full.
    const code = error instanceof DownloadOutOfSpace ? null : outOfSpaceCode(error);
    if (code) throw new DownloadOutOfSpace(code, error instanceof Error ? error.message : String(error));
    throw error;
  } finally {
    // Stopped or failed: its journal must be on disk for the resume. (On success it was awaited,
    // and a failure to write it failed the download.)
    await journals.settled().catch(() => undefined);
  }
}

/**
 * Chunk journals written in order without holding up the next chunk: if the app stops before one
 * lands, the download resumes from the journal before it, and the host writes those chunks again.
 */
class JournalWriter {
  private chain: Promise<void> = Promise.resolve();
  /** Progress not yet journalled (the next `progress` or a `flush` writes it). */
  private unsaved: ChunkJournal | null = null;

  constructor(
    private readonly records: MediaRecords,
    private readonly corpId: string,
    /** A journal exists on disk (from before, or written since). */
    public written: boolean,
    /** Bytes the journal on disk (or a fresh start) says are done. */
    private savedBytes: number,
    /** DownloadPolicy.journalEveryBytes. */
    private readonly every: number,
  ) {}

  /** A chunk is on disk: journalled once `every` bytes have come since the last journal. */
  progress(state: ChunkJournal): void {
    if (state.bytes - this.savedBytes < this.every) {
      this.unsaved = { ...state };
      return;
    }
    this.save(state);
  }

  /** Written now: a new whole attempt, a counted chunk failure. */
  save(state: ChunkJournal): void {
    const snapshot = { ...state };
    this.unsaved = null;
    this.savedBytes = snapshot.bytes;
    this.written = true;
    this.chain = this.chain.then(() => this.records.writeJournal(this.corpId, snapshot));
  }

  /** The download stops or failed: what it got goes to the journal. */
  flush(): void {
    if (this.unsaved) this.save(this.unsaved);
  }

  settled(): Promise<void> {
    return this.chain;
  }
}

async function downloadWith(
  context: DownloadContext,
  initial: ChunkJournal,
  partFile: string,
  journals: JournalWriter,
): Promise<DoneRecord> {
  const { corpId, item, records, policy } = context;
  let state = initial;
  // A stored file with the md5 and size the message names: fetch and compare, writing nothing.
  let known = state.bytes === 0 ? await knownCopy(context) : null;
  let distrusted: string | null = null;
  await records.ensureDir(path.dirname(partFile));

  for (;;) {
    // Nothing is worth journalling before a chunk is on disk: most archive media (images, voice,
    // stickers) are one chunk and never have a journal, and a known file writes nothing at all.
    if (!known && (state.bytes > 0 || state.wholeAttempt > 1)) journals.save(state);
    const lastWholeAttempt = state.wholeAttempt >= policy.wholeAttempts;
    const fresh = state.bytes === 0;
    // From the start of a file, a single-chunk answer goes to the corp's pack.
    const pack = fresh && !known ? await packRequest(context, lastWholeAttempt) : null;
    let head: Uint8Array | null = null;
    let finished: ChunkWritten | null = null;
    let notStored: string | null = null;
    for (let round = 0; finished === null; round += 1) {
      if (round >= policy.maxRounds) {
        throw new DownloadFailed(
          { sdkCode: null, permanent: false, message: `no is_finish after ${policy.maxRounds} chunks` },
          state.chunkFailures,
        );
      }
      if (context.shouldStop()) throw new DownloadStopped();
      const chunk = await fetchChunk(context, state, journals, {
        sdkfileid: item.sdkfileid,
        indexbuf: state.indexbuf,
        file: partFile,
        offset: state.bytes,
        ...(known ? { compareWith: { file: known.at.file, offset: known.at.offset, size: known.size } } : {}),
        ...(pack && state.bytes === 0 ? { pack: pack.request } : {}),
      });
      if (state.bytes === 0 && chunk.head) head = chunk.head;
      if (chunk.stored?.kind === 'none' && chunk.stored.reason !== 'known') {
        notStored = chunk.stored.reason;
        break;
      }
      if (chunk.stored) {
        finished = chunk;
        state = { ...state, bytes: state.bytes + chunk.bytes, indexbuf: '' };
        break;
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
        if (!known) journals.progress(state);
        context.onProgress(state.bytes, chunk.bytes);
      }
    }

    if (finished === null) {
      if (notStored === 'unexpected') {
        // Not the md5/size the message names, and another whole download may be tried.
        state = { ...state, bytes: 0, indexbuf: '', wholeAttempt: state.wholeAttempt + 1 };
      } else {
        // `different`: the message's md5 and size matched a stored file, the bytes do not (an md5
        // collision, or the stored copy is gone or damaged): download it for real, from the start,
        // and do not take that stored copy for this file's bytes afterwards.
        if (known) distrusted = known.sha256;
        state = { ...state, bytes: 0, indexbuf: '' };
        known = null;
      }
      continue;
    }
    // Compared with a stored file: identical bytes, so its digests. Otherwise the host's.
    const digests = known && finished.stored?.kind === 'none' ? known : finished;
    if (digests.sha256 === undefined || digests.md5 === undefined) {
      throw new DownloadFailed(
        { sdkCode: null, permanent: false, message: 'the SDK host sent no digests with the last chunk' },
        state.chunkFailures,
      );
    }
    const { md5, sha256 } = digests;
    const sizeOk = item.size === null || item.size === state.bytes;
    const md5Ok = item.md5sum === '' ? null : md5 === item.md5sum.toLowerCase();
    if ((md5Ok === false || !sizeOk) && !lastWholeAttempt) {
      // "MD5 可能匹配不上，可以多次重试" (docs/wecom-sdk.md §5): the whole file again, from indexbuf "".
      state = { ...state, bytes: 0, indexbuf: '', wholeAttempt: state.wholeAttempt + 1 };
      continue;
    }

    let location: Location;
    if (finished.stored?.kind === 'pack' && pack) {
      location = { pack: { n: pack.n, offset: finished.stored.offset } };
      await records.packGrew(corpId, pack.n, finished.stored.offset + state.bytes);
    } else if (known && finished.stored?.kind === 'none') {
      location = known.at.pack ? { pack: known.at.pack } : {};
    } else {
      head ??= state.bytes > 0 ? await readHead(partFile) : new Uint8Array(0);
      location = await storePartFile(context, partFile, sha256, state.bytes, sha256 === distrusted);
    }
    const record = doneRecord(item, {
      sha256,
      size: state.bytes,
      md5,
      verification: verificationOf(md5Ok, sizeOk),
      head: known && finished.stored?.kind === 'none' ? { mime: known.mime } : (head ?? new Uint8Array(0)),
      attempts: state.chunkFailures + state.wholeAttempt - 1,
      pack: location.pack,
    });
    await records.write(corpId, record);
    await journals.settled();
    if (journals.written) await records.clearPartial(corpId, item.sdkfileid);
    context.onProgress(state.bytes, 0);
    return record;
  }
}
/**
 * Where a new download's single chunk should go: the corp's current pack. While another whole
 * download may follow, a file that is not what the message says is not stored at all.
 */
async function packRequest(
  context: DownloadContext,
  lastWholeAttempt: boolean,
): Promise<{ n: number; request: PackRequest }> {
  const { corpId, item, records } = context;
  const { n, file } = await records.currentPack(corpId);
  const request: PackRequest = { file };
  if (!lastWholeAttempt) request.keepOnlyIf = { md5: item.md5sum.toLowerCase(), size: item.size };
  return { n, request };
}

/** A stored file with the md5 and size the message names (really on disk), or null. */
async function knownCopy(
  context: DownloadContext,
): Promise<{ sha256: string; md5: string; size: number; mime: string; at: StoredAt } | null> {
  const { corpId, item, records } = context;
  if (item.md5sum === '' || item.size === null) return null;
  const sha256 = await records.sha256ByMd5(corpId, item.md5sum, item.size);
  const at = sha256 ? await storedCopy(context, sha256, item.size) : null;
  if (!sha256 || at?.mime === undefined) return null;
  return { sha256, md5: item.md5sum.toLowerCase(), size: item.size, mime: at.mime, at };
}

/**
 * Where bytes with this digest and size are already stored, if they really are on disk: a pack
 * segment, or (`pack` absent) the content-addressed object. Null when they are not stored.
 */
async function storedCopy(context: DownloadContext, sha256: string, size: number): Promise<StoredAt | null> {
  const { corpId, paths, records } = context;
  const existing = await records.bySha256(corpId, sha256);
  if (existing && existing.size === size) {
    const location = storedLocation(paths, corpId, existing);
    if (await records.isStored(location)) {
      return {
        file: location.file,
        offset: location.offset,
        mime: existing.mime,
        ...(existing.pack ? { pack: existing.pack } : {}),
      };
    }
  }
  const object = paths.object(corpId, sha256);
  return (await fileSize(object)) === size ? { file: object, offset: 0 } : null;
}

/**
 * A finished part file becomes the content-addressed object, unless those bytes are stored already
 * (and not found damaged: then the new file replaces the object, which mends every record of it).
 */
async function storePartFile(
  context: DownloadContext,
  partFile: string,
  sha256: string,
  size: number,
  /** The stored copy of these bytes was found damaged: replace the object, keep nothing of it. */
  replace: boolean,
): Promise<Location> {
  const { corpId, paths, records } = context;
  const existing = replace ? null : await storedCopy(context, sha256, size);
  if (existing) {
    await rm(partFile, { force: true });
    return existing.pack ? { pack: existing.pack } : {};
  }
  const object = paths.object(corpId, sha256);
  await records.ensureDir(path.dirname(object));
  await rename(partFile, object);
  return {};
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
    /** The file's first bytes (its type is sniffed from them), or the type when it is known. */
    head: Uint8Array | { mime: string };
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
    mime: done.head instanceof Uint8Array ? sniffMime(done.head) : done.head.mime,
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

/** One chunk, retried with the SAME indexbuf ("单个分片拉取失败建议重试拉取该分片", docs/wecom-sdk.md §5). */
async function fetchChunk(
  context: DownloadContext,
  state: ChunkJournal,
  journals: JournalWriter,
  request: ChunkToFileRequest,
): Promise<ChunkWritten> {
  const { policy } = context;
  for (let attempt = 1; ; attempt += 1) {
    try {
      const call = () => context.source.chunkToFile(request);
      return await (context.requestSlot ? context.requestSlot(call) : call());
    } catch (error) {
      // No room for the chunk: not the chunk's fault, so no failure is counted; it comes again
      // with the same indexbuf once there is room.
      const full = outOfSpaceCode(error);
      if (full) throw new DownloadOutOfSpace(full, error instanceof Error ? error.message : String(error));
      state.chunkFailures += 1;
      const { retry, failure } = classify(error, attempt);
      if (!retry || attempt >= policy.chunkAttempts) throw new DownloadFailed(failure, state.chunkFailures);
      journals.save(state);
      await context.sleep(Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** (attempt - 1)));
      if (context.shouldStop()) throw new DownloadStopped();
    }
  }
}
