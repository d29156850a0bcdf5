import { createHash, type Hash } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  fstatSync,
  ftruncateSync,
  openSync,
  readSync,
  writeSync,
} from 'node:fs';
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
  constructor(message: string) {
    super(message);
    this.name = 'SdkFileError';
  }
}

interface RunningHash {
  bytes: number;
  md5: Hash;
  sha256: Hash;
}

export interface ChunkFetcher {
  (params: MediaChunkToFileParams): Promise<{ data: Uint8Array; outIndexBuf: string; isFinish: boolean }>;
}

interface OpenPack {
  fd: number;
  size: number;
}

const HEAD_BYTES = 64;
/** Downloads whose running hash is kept; more run only with a small media concurrency. */
const MAX_RUNNING = 32;

export class MediaFileWriter {
  private readonly running = new Map<string, RunningHash>();
  private readonly packs = new Map<string, OpenPack>();

  constructor(private readonly fetchChunk: ChunkFetcher) {}

  async chunkToFile(params: MediaChunkToFileParams): Promise<MediaChunkToFileResult> {
    const { file, offset, compareWith } = params;
    // The SDK call first: a failed chunk leaves the files and the running hash as they were, so the
    // retry with the same indexbuf continues from the same place.
    const chunk = await this.fetchChunk(params);
    const data = chunk.data;
    const result: MediaChunkToFileResult = {
      bytes: data.byteLength,
      outIndexBuf: chunk.outIndexBuf,
      isFinish: chunk.isFinish,
    };
    if (offset === 0) result.head = data.slice(0, HEAD_BYTES);

    if (compareWith) {
      // Byte for byte against the stored copy: cheaper than hashing, and no state between chunks,
      // so a restarted host goes on comparing where it was.
      if (!sameAsStored(compareWith, offset, data)) {
        result.stored = { kind: 'none', reason: 'different' };
      } else if (chunk.isFinish) {
        const complete = offset + data.byteLength === compareWith.size;
        result.stored = { kind: 'none', reason: complete ? 'known' : 'different' };
      }
      return result;
    }

    if (offset === 0 && chunk.isFinish && params.pack) {
      const md5 = createHash('md5').update(data).digest('hex');
      const sha256 = createHash('sha256').update(data).digest('hex');
      Object.assign(result, { md5, sha256 });
      const keep = params.pack.keepOnlyIf;
      if (
        keep &&
        ((keep.md5 !== '' && keep.md5.toLowerCase() !== md5) ||
          (keep.size !== null && keep.size !== data.byteLength))
      ) {
        result.stored = { kind: 'none', reason: 'unexpected' };
      } else {
        result.stored = { kind: 'pack', offset: this.append(params.pack.file, data) };
      }
      this.running.delete(file);
      return result;
    }

    const hash = await this.hashUpTo(file, offset);
    try {
      this.write(file, offset, data);
    } catch (error) {
      this.running.delete(file);
      throw error;
    }
    const md5 = hash.md5;
    md5.update(data);
    hash.sha256.update(data);
    hash.bytes = offset + data.byteLength;
    if (chunk.isFinish) {
      this.running.delete(file);
      result.md5 = md5.digest('hex');
      result.sha256 = hash.sha256.digest('hex');
    } else {
      this.keep(file, hash);
    }
    return result;
  }

  /** Keeps a running hash, most recently used last; the oldest go beyond MAX_RUNNING. */
  private keep(file: string, hash: RunningHash): void {
    this.running.delete(file);
    this.running.set(file, hash);
    for (const stale of this.running.keys()) {
      if (this.running.size <= MAX_RUNNING) break;
      this.running.delete(stale);
    }
  }

  /** Closes the open pack files (host shutdown). */
  close(): void {
    for (const pack of this.packs.values()) closeSync(pack.fd);
    this.packs.clear();
  }

  /** A running hash of exactly the first `offset` bytes of `file`. */
  private async hashUpTo(file: string, offset: number): Promise<RunningHash> {
    const cached = this.running.get(file);
    if (cached && cached.bytes === offset) return cached;
    this.running.delete(file);
    const hash: RunningHash = { bytes: 0, md5: createHash('md5'), sha256: createHash('sha256') };
    if (offset === 0) return hash;
    const stream = createReadStream(file, { start: 0, end: offset - 1, highWaterMark: 1 << 20 });
    try {
      for await (const piece of stream) {
        hash.md5.update(piece as Buffer);
        hash.sha256.update(piece as Buffer);
        hash.bytes += (piece as Buffer).byteLength;
      }
    } catch (error) {
      throw fileError('reading the part file', error);
    }
    if (hash.bytes !== offset) {
      throw new SdkFileError(`the part file holds ${hash.bytes} bytes, fewer than the ${offset} expected`);
    }
    return hash;
  }

  /**
   * `data` at `offset`, the file cut right after it (a longer tail was never confirmed). Synchronous:
   * a chunk is at most 512 KB into the page cache, cheaper than four thread-pool round trips.
   */
  private write(file: string, offset: number, data: Uint8Array): void {
    try {
      const fd = openSync(file, offset === 0 ? 'w' : 'r+', 0o600);
      try {
        writeAll(fd, data, offset);
        if (offset > 0) ftruncateSync(fd, offset + data.byteLength);
      } finally {
        closeSync(fd);
      }
    } catch (error) {
      throw fileError('writing the part file', error);
    }
  }

  /**
   * Appends `data` to the pack and answers where it starts. This host is the pack's only writer (main
   * names one pack per corp, and a corp has one host at a time), so the size kept here is the offset.
   */
  private append(file: string, data: Uint8Array): number {
    let pack = this.packs.get(file);
    try {
      if (!pack) {
        const fd = openSync(file, 'a', 0o600);
        pack = { fd, size: fstatSync(fd).size };
        this.packs.set(file, pack);
      }
      const offset = pack.size;
      writeAll(pack.fd, data, null);
      pack.size += data.byteLength;
      return offset;
    } catch (error) {
      // A short or failed write leaves an unknown tail: look at the file again next time.
      if (pack) {
        this.packs.delete(file);
        closeSync(pack.fd);
      }
      throw fileError('appending to the pack file', error);
    }
  }
}

/** True when `data` equals the stored bytes at `offset` of the stored file; false if unreadable. */
function sameAsStored(
  stored: { file: string; offset: number; size: number },
  offset: number,
  data: Uint8Array,
): boolean {
  if (offset + data.byteLength > stored.size) return false;
  let fd: number | null = null;
  try {
    fd = openSync(stored.file, 'r');
    const buffer = Buffer.allocUnsafe(data.byteLength);
    let done = 0;
    while (done < data.byteLength) {
      const read = readSync(fd, buffer, done, data.byteLength - done, stored.offset + offset + done);
      if (read === 0) return false;
      done += read;
    }
    return buffer.equals(data);
  } catch {
    return false;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** Writes all of `data` (at `position`, or at the end for null), however short each write is. */
function writeAll(fd: number, data: Uint8Array, position: number | null): void {
  let done = 0;
  while (done < data.byteLength) {
    const written = writeSync(
      fd,
      data,
      done,
      data.byteLength - done,
      position === null ? null : position + done,
    );
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
  return new SdkFileError(`${what} failed: ${text}${code ? ` (${code})` : ''}`);
}
