import {
  closeSync,
  constants,
  createReadStream,
  openSync,
  readFileSync,
  readSync,
  statSync,
  writeSync,
} from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { createMediaDigester, type MediaDigester, type RunningDigest } from '../bindings/mediaDigest';
import type { MediaChunkToFileParams, MediaChunkToFileResult } from './protocol';

/**
 * GetMediaData chunks written to disk inside the SDK host (issue 5: the media chunk loop lives in
 * the SDK process). Main keeps the policy — journal, retries, verification, content addressing — and
 * asks for one chunk at a time; the bytes go from the SDK to disk here and never cross IPC.
 *
 * - A file of several chunks grows in its part file. Its running MD5/SHA-256 is kept between calls,
 *   only as a cache: without one, or with one of another length than `offset`, the first `offset`
 *   bytes are hashed again from the file, so a host restart or a resumed download ends right.
 * - A file of one chunk (most archive media) is hashed in memory and appended to a pack file when
 *   main asks for it: one write to an open file instead of creating, writing and renaming a file.
 * - A file main believes it holds already (same md5 and size as a stored one) is compared with the
 *   stored bytes, chunk by chunk, and nothing is written.
 */
export class SdkFileError extends Error {
  constructor(
    message: string,
    /** The file system's errno code (ENOSPC, EDQUOT, EACCES…), when the failure had one. */
    readonly errno?: string,
  ) {
    super(message);
    this.name = 'SdkFileError';
  }
}

/**
 * A test seam standing in for a disk that fills up: before each write, how many of `length` bytes
 * the disk takes. Fewer than asked is a short write; none fails the write with `code` (ENOSPC or
 * EDQUOT), as a full disk does. Absent in the app: the real disk answers.
 */
export interface DiskSpaceGate {
  take(length: number): { bytes: number; code: 'ENOSPC' | 'EDQUOT' };
}

/**
 * The gate of `WEWORK_STANDIN_DISK_ROOM=@<file>`, set only by tests (test/integration; a
 * `WEWORK_STANDIN_` control, so it reaches the host like the stand-in's faults): the file holds
 * the bytes this host may still write (`<bytes>`, optionally followed by `EDQUOT`). The file is read
 * again whenever it changes, and each change starts the count afresh, so a test fills the disk
 * mid-download and later "frees space" by writing a larger number. Without the variable: no gate.
 */
export function diskGateFromEnv(env: NodeJS.ProcessEnv): DiskSpaceGate | undefined {
  const spec = env.WEWORK_STANDIN_DISK_ROOM;
  if (!spec?.startsWith('@')) return undefined;
  const file = spec.slice(1);
  let stamp = '';
  let left = Number.POSITIVE_INFINITY;
  let code: 'ENOSPC' | 'EDQUOT' = 'ENOSPC';
  return {
    take(length) {
      let now = '';
      try {
        const info = statSync(file);
        now = `${info.mtimeMs}:${info.size}`;
        if (now !== stamp) {
          const [bytes, errno] = readFileSync(file, 'utf8').trim().split(/\s+/);
          left = bytes === undefined || bytes === '' ? Number.POSITIVE_INFINITY : Number(bytes);
          code = errno === 'EDQUOT' ? 'EDQUOT' : 'ENOSPC';
        }
      } catch {
        left = Number.POSITIVE_INFINITY;
      }
      stamp = now;
      const bytes = Math.max(0, Math.min(length, left));
      left -= bytes;
      return { bytes, code };
    },
  };
}

interface RunningHash {
  /** Bytes written to the part file (the digest may still be taking in the last chunk). */
  bytes: number;
  digest: RunningDigest;
  /**
   * The last chunk's digest update, which goes on after that chunk was answered (it is on disk);
   * resolves false if it failed. The next chunk of the file waits for it first, so at most one
   * chunk per file is being hashed behind its answer.
   */
  hashing: Promise<boolean> | null;
  /** The part file, open while its download goes on; null until the next chunk opens it. */
  handle: FileHandle | null;
  /** The part file is exactly `bytes` long (this host wrote all of it), so nothing needs cutting. */
  exact: boolean;
}

/** The SDK's GetMediaData as the writer uses it (the host's handle pool, or a fake in tests). */
export interface ChunkSource {
  fetch(
    params: MediaChunkToFileParams,
  ): Promise<{ data: Uint8Array; outIndexBuf: string; isFinish: boolean }>;
  /** The chunk compared with `expected(length)` where the SDK put it, without copying it out. */
  compare(
    params: MediaChunkToFileParams,
    expected: (length: number) => Uint8Array | null,
  ): Promise<{ length: number; same: boolean; outIndexBuf: string; isFinish: boolean }>;
  /**
   * A fetched chunk's `data` is no longer read (hashed and written): its memory may serve another
   * chunk (native/bindings/chunkBuffers.ts). Called only after success; a chunk whose write or
   * hashing failed is left to the garbage collector, as an update may still be reading it.
   */
  release?(data: Uint8Array): void;
}

interface OpenPack {
  handle: FileHandle;
  size: number;
}

const HEAD_BYTES = 64;
/** Downloads whose running hash is kept; more run only with a small media concurrency. */
const MAX_RUNNING = 32;
/** Writes smaller than this are made at once (synchronously); larger ones off the event loop. */
const SYNC_WRITE_BELOW = 64 * 1024;
/** Stored files kept open for comparisons. */
const MAX_READERS = 16;

export class MediaFileWriter {
  private readonly running = new Map<string, RunningHash>();
  private readonly packs = new Map<string, Promise<OpenPack>>();
  /** Descriptors of stored files, used only synchronously (so none is closed while in use). */
  private readonly readers = new Map<string, number>();
  private scratch = Buffer.alloc(0);

  private digesterInstance: MediaDigester | null;
  private readonly makeDigester: () => MediaDigester;

  /**
   * `digester`: one, or how to make it with the first download (by default the cheapest backend
   * that works here, mediaDigest.ts).
   */
  constructor(
    private readonly source: ChunkSource,
    digester: MediaDigester | (() => MediaDigester) = () => createMediaDigester(),
    /** Tests only: a disk that fills up (see DiskSpaceGate). */
    private readonly disk?: DiskSpaceGate,
  ) {
    this.digesterInstance = typeof digester === 'function' ? null : digester;
    this.makeDigester = typeof digester === 'function' ? digester : () => digester;
  }

  private get digester(): MediaDigester {
    this.digesterInstance ??= this.makeDigester();
    return this.digesterInstance;
  }

  async chunkToFile(params: MediaChunkToFileParams): Promise<MediaChunkToFileResult> {
    const { file, offset, compareWith } = params;
    if (compareWith) {
      // Byte for byte against the stored copy, in the SDK's own buffer: cheaper than hashing, no
      // copy, and no state between chunks, so a restarted host goes on comparing where it was.
      const compared = await this.source.compare(params, (length) =>
        this.storedBytes(compareWith, offset, length),
      );
      const result: MediaChunkToFileResult = {
        bytes: compared.length,
        outIndexBuf: compared.outIndexBuf,
        isFinish: compared.isFinish,
      };
      if (!compared.same) {
        result.stored = { kind: 'none', reason: 'different' };
      } else if (compared.isFinish) {
        const complete = offset + compared.length === compareWith.size;
        result.stored = { kind: 'none', reason: complete ? 'known' : 'different' };
      }
      return result;
    }

    // The SDK call first: a failed chunk leaves the files and the running hash as they were, so the
    // retry with the same indexbuf continues from the same place.
    const chunk = await this.source.fetch(params);
    const data = chunk.data;
    const result: MediaChunkToFileResult = {
      bytes: data.byteLength,
      outIndexBuf: chunk.outIndexBuf,
      isFinish: chunk.isFinish,
    };
    // A copy: `data` goes back to the chunk buffers before main's answer is sent.
    if (offset === 0) result.head = Buffer.from(data.subarray(0, HEAD_BYTES));

    if (offset === 0 && chunk.isFinish && params.pack) {
      const { md5, sha256 } = await this.digester.digest(data);
      Object.assign(result, { md5, sha256 });
      const keep = params.pack.keepOnlyIf;
      if (
        keep &&
        ((keep.md5 !== '' && keep.md5.toLowerCase() !== md5) ||
          (keep.size !== null && keep.size !== data.byteLength))
      ) {
        result.stored = { kind: 'none', reason: 'unexpected' };
      } else {
        result.stored = { kind: 'pack', offset: await this.append(params.pack.file, data) };
      }
      this.source.release?.(data);
      this.forget(file);
      return result;
    }

    const hash = await this.hashUpTo(file, offset);
    // The disk write and the hashing (worker threads, for big chunks) go side by side. The chunk is
    // answered once it is on disk; its hashing may go on meanwhile, overlapping main's next request
    // and the SDK's next chunk (docs/ARCHITECTURE.md §7.1).
    // Handled at once (it may fail while the write is still running); `hashFailure` keeps why.
    let hashFailure: unknown = null;
    const hashed = hash.digest.update(data).then(
      () => true,
      (error: unknown) => {
        hashFailure = error;
        return false;
      },
    );
    try {
      await this.write(hash, file, offset, data);
    } catch (error) {
      // The digest is dropped (its update may still be running; `data` is left to the collector).
      this.forget(file);
      throw error;
    }
    hash.bytes = offset + data.byteLength;
    if (chunk.isFinish) {
      this.running.delete(file);
      if (!(await hashed)) {
        hash.digest.dispose();
        await closePart(hash);
        throw hashFailure instanceof Error ? hashFailure : new Error(String(hashFailure));
      }
      this.source.release?.(data);
      await closePart(hash);
      Object.assign(result, await hash.digest.finish());
    } else {
      hash.hashing = hashed.then((ok) => {
        if (ok) this.source.release?.(data);
        return ok;
      });
      this.keep(file, hash);
    }
    return result;
  }

  /** Drops the running hash of `file`, if any. */
  private forget(file: string): void {
    const hash = this.running.get(file);
    this.running.delete(file);
    if (!hash) return;
    hash.digest.dispose();
    void closePart(hash);
  }

  /** Keeps a running hash, most recently used last; the oldest go beyond MAX_RUNNING. */
  private keep(file: string, hash: RunningHash): void {
    this.running.delete(file);
    this.running.set(file, hash);
    for (const stale of this.running.keys()) {
      if (this.running.size <= MAX_RUNNING) break;
      this.forget(stale);
    }
  }

  /** Closes the open packs and stored files (host shutdown). */
  async close(): Promise<void> {
    for (const file of [...this.running.keys()]) this.forget(file);
    for (const file of [...this.readers.keys()]) this.dropReader(file);
    const handles = [...this.packs.values()].map((pack) => pack.then((p) => p.handle));
    this.packs.clear();
    await Promise.all(handles.map((handle) => handle.then((h) => h.close()).catch(() => undefined)));
  }

  /** A running hash of exactly the first `offset` bytes of `file`. */
  private async hashUpTo(file: string, offset: number): Promise<RunningHash> {
    const cached = this.running.get(file);
    // A failed update of the chunk before is not that chunk's failure (it is on disk): the digest
    // is built again from the part file.
    if (
      cached &&
      cached.bytes === offset &&
      (await (cached.hashing ?? true)) &&
      this.running.get(file) === cached
    ) {
      cached.hashing = null;
      return cached;
    }
    this.forget(file);
    const hash: RunningHash = {
      bytes: 0,
      digest: this.digester.create(),
      hashing: null,
      handle: null,
      exact: false,
    };
    if (offset === 0) return hash;
    const stream = createReadStream(file, { start: 0, end: offset - 1, highWaterMark: 1 << 20 });
    try {
      for await (const piece of stream) {
        await hash.digest.update(piece as Buffer);
        hash.bytes += (piece as Buffer).byteLength;
      }
    } catch (error) {
      hash.digest.dispose();
      throw fileError('reading the part file', error);
    }
    if (hash.bytes !== offset) {
      hash.digest.dispose();
      throw new SdkFileError(`the part file holds ${hash.bytes} bytes, fewer than the ${offset} expected`);
    }
    return hash;
  }

  /** `data` at `offset`, the file cut right after it (a longer tail was never confirmed). */
  private async write(hash: RunningHash, file: string, offset: number, data: Uint8Array): Promise<void> {
    try {
      hash.handle ??= await open(file, offset === 0 ? 'w' : 'r+', 0o600);
      await writeAll(hash.handle, data, offset, this.disk);
      // A part file this host did not write all of may hold a chunk that was never confirmed.
      if (!hash.exact && offset > 0) await hash.handle.truncate(offset + data.byteLength);
      hash.exact = true;
    } catch (error) {
      throw fileError('writing the part file', error);
    }
  }

  /**
   * Appends `data` to the pack and answers where it starts. This host is the pack's only writer (main
   * names one pack per corp, and a corp has one host at a time), so the size kept here is the offset;
   * each append reserves its place first, so appends may be on their way to the disk side by side.
   */
  private async append(file: string, data: Uint8Array): Promise<number> {
    let opening = this.packs.get(file);
    if (!opening) {
      opening = openPack(file);
      this.packs.set(file, opening);
    }
    let pack: OpenPack;
    try {
      pack = await opening;
    } catch (error) {
      this.packs.delete(file);
      throw fileError('opening the pack file', error);
    }
    const offset = pack.size;
    pack.size += data.byteLength;
    try {
      await writeAll(pack.handle, data, offset, this.disk);
      return offset;
    } catch (error) {
      // A failed write leaves an unknown tail: look at the file again next time.
      if (this.packs.get(file) === opening) {
        this.packs.delete(file);
        await pack.handle.close().catch(() => undefined);
      }
      throw fileError('appending to the pack file', error);
    }
  }

  /**
   * `length` stored bytes from `offset` of the stored file, in a scratch buffer reused by every
   * comparison (it is read and compared synchronously); null when they are not there or unreadable.
   * Read synchronously: at most 512 KB from the page cache, quicker than a thread-pool round trip.
   */
  private storedBytes(
    stored: { file: string; offset: number; size: number },
    offset: number,
    length: number,
  ): Uint8Array | null {
    if (offset + length > stored.size) return null;
    try {
      const fd = this.reader(stored.file);
      if (this.scratch.byteLength < length) this.scratch = Buffer.allocUnsafe(length);
      const buffer = this.scratch.subarray(0, length);
      let done = 0;
      while (done < length) {
        const read = readSync(fd, buffer, done, length - done, stored.offset + offset + done);
        if (read === 0) return null;
        done += read;
      }
      return buffer;
    } catch {
      this.dropReader(stored.file);
      return null;
    }
  }

  /** Stored files are read again and again while duplicates are compared: their descriptors are kept. */
  private reader(file: string): number {
    let fd = this.readers.get(file);
    if (fd === undefined) fd = openSync(file, 'r');
    else this.readers.delete(file); // most recently used last
    this.readers.set(file, fd);
    for (const stale of this.readers.keys()) {
      if (this.readers.size <= MAX_READERS) break;
      this.dropReader(stale);
    }
    return fd;
  }

  private dropReader(file: string): void {
    const fd = this.readers.get(file);
    this.readers.delete(file);
    if (fd !== undefined) closeSync(fd);
  }
}

async function closePart(hash: RunningHash): Promise<void> {
  const handle = hash.handle;
  hash.handle = null;
  await handle?.close().catch(() => undefined);
}

async function openPack(file: string): Promise<OpenPack> {
  // Not O_APPEND: Linux ignores pwrite's position on O_APPEND files, and appends that are on their
  // way side by side must land exactly at the offsets reserved for them.
  const handle = await open(file, constants.O_WRONLY | constants.O_CREAT, 0o600);
  try {
    return { handle, size: (await handle.stat()).size };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Writes all of `data` at `position`, however short each write is. */
async function writeAll(
  handle: FileHandle,
  data: Uint8Array,
  position: number,
  disk: DiskSpaceGate | undefined,
): Promise<void> {
  // A small piece goes into the page cache at once, quicker than a thread-pool round trip.
  const sync = data.byteLength < SYNC_WRITE_BELOW;
  let done = 0;
  while (done < data.byteLength) {
    let length = data.byteLength - done;
    if (disk) {
      const room = disk.take(length);
      if (room.bytes === 0) throw Object.assign(new Error('no space left on device'), { code: room.code });
      length = room.bytes;
    }
    const written = sync
      ? writeSync(handle.fd, data, done, length, position + done)
      : (await handle.write(data, done, length, position + done)).bytesWritten;
    if (written <= 0) throw new Error('the disk accepted no bytes');
    done += written;
  }
}

const ERRNO_TEXT: Readonly<Record<string, string>> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exhausted',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOENT: 'the media folder is missing',
  EIO: 'an input/output error',
};

function fileError(what: string, error: unknown): SdkFileError {
  const code = (error as NodeJS.ErrnoException).code;
  const text = (code && ERRNO_TEXT[code]) ?? (error instanceof Error ? error.message : String(error));
  return new SdkFileError(`${what} failed: ${text}${code ? ` (${code})` : ''}`, code);
}
