import { mkdir, open, readdir, readFile, rm, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { MediaFailureDto, MediaKind, MediaVerification } from '../../contract';
import { writeFileAtomic } from '../config/atomicFile';
import type { MediaPaths } from './mediaPaths';

/** What main remembers per (corp, sdkfileid) once a download ended. */
export type ItemRecord =
  | {
      state: 'done';
      sdkfileid: string;
      kind: MediaKind;
      sha256: string;
      size: number;
      md5: string;
      expectedMd5: string;
      expectedSize: number | null;
      verification: MediaVerification;
      mime: string;
      attempts: number;
      completedAt: number;
      /** Where the bytes are: absent = `objects/<aa>/<sha256>`; else `size` bytes at `offset` of pack `n`. */
      pack?: { n: number; offset: number };
    }
  | {
      state: 'failed';
      sdkfileid: string;
      kind: MediaKind;
      expectedSize: number | null;
      attempts: number;
      failure: MediaFailureDto;
      failedAt: number;
    };

/**
 * The chunk journal of an unfinished download (`partial/<key>.json`), rewritten after every chunk is
 * in the part file: `bytes` of the part file are good and `indexbuf` is what to ask for next
 * (docs/wecom-sdk.md §5: the SDK's outindexbuf, verbatim). A part file longer than `bytes` is cut back; a
 * shorter one (lost on power failure) restarts the file.
 */
export interface ChunkJournal {
  sdkfileid: string;
  bytes: number;
  indexbuf: string;
  /** Whole-file download attempt (md5/size mismatch restarts from indexbuf ""). */
  wholeAttempt: number;
  /** Chunk failures so far, across restarts. */
  chunkFailures: number;
}

async function readJson<T>(file: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    if (error instanceof SyntaxError) return null; // a torn write: treat as absent
    throw error;
  }
}

function isItemRecord(value: unknown): value is ItemRecord {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Partial<ItemRecord>;
  if (typeof record.sdkfileid !== 'string') return false;
  if (record.state === 'done') return typeof record.sha256 === 'string' && typeof record.size === 'number';
  return record.state === 'failed' && typeof record.failure === 'object' && record.failure !== null;
}

/** A log this much longer than the records it holds is rewritten when it is opened. */
const COMPACT_SLACK_LINES = 1_000;
/** A chunk journal is rewritten as one block of this size (its JSON is ~300 bytes). */
const JOURNAL_BLOCK_BYTES = 1024;
const MAX_OPEN_JOURNALS = 32;
/** How long finished records wait to be appended together. */
const BATCH_MS = 20;
/** Packs are closed at this size; the next single-chunk file starts a new one. */
export const PACK_LIMIT_BYTES = 256 * 1024 * 1024;

type DoneRecord = Extract<ItemRecord, { state: 'done' }>;

/**
 * One corp's records: an append-only log (`records.log`, one JSON record per line, the last line for
 * an sdkfileid wins), read once into memory. Appends made in the same turn go out as one write, so a
 * download-all of thousands of small files costs one write per batch instead of a file per item. A
 * torn last line (power loss mid-append) is dropped; a log with many superseded lines is rewritten
 * (temp file, then rename) when it is opened.
 */
class CorpRecordLog {
  private pending: string[] = [];
  private writing: Promise<void> | null = null;

  /** Stored content by SHA-256, and SHA-256 by the SDK's md5 and size (to skip storing a file twice). */
  readonly bySha256 = new Map<string, DoneRecord>();
  readonly sha256ByMd5 = new Map<string, string>();

  private constructor(
    private readonly onError: (error: unknown) => void,
    private readonly handle: FileHandle,
    readonly records: Map<string, ItemRecord>,
    readonly journals: Set<string>,
    /** The pack single-chunk files go to now, and its size. */
    public pack: { n: number; size: number },
  ) {
    for (const record of records.values()) this.index(record);
  }

  private index(record: ItemRecord): void {
    if (record.state !== 'done') return;
    this.bySha256.set(record.sha256, record);
    this.sha256ByMd5.set(`${record.md5}:${record.size}`, record.sha256);
  }

  static async open(
    paths: MediaPaths,
    corpId: string,
    onError: (error: unknown) => void,
  ): Promise<CorpRecordLog> {
    const file = paths.recordLog(corpId);
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const records = new Map<string, ItemRecord>();
    let lines = 0;
    let torn = false;
    let text = '';
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    for (const line of text.split('\n')) {
      if (line === '') continue;
      lines += 1;
      try {
        const value: unknown = JSON.parse(line);
        if (isItemRecord(value)) records.set(value.sdkfileid, value);
        else torn = true;
      } catch {
        torn = true; // a torn append: the download it recorded runs again
      }
    }
    torn ||= text.length > 0 && !text.endsWith('\n');
    const migrated = await migrateItemFiles(paths, corpId, records);
    if (torn || migrated || lines > records.size + COMPACT_SLACK_LINES) {
      const body = [...records.values()].map((record) => `${JSON.stringify(record)}\n`).join('');
      await writeFileAtomic(file, body);
      if (migrated) await rm(paths.legacyItemsDir(corpId), { recursive: true, force: true });
    }
    const journals = new Set<string>();
    try {
      for (const name of await readdir(paths.partialDir(corpId))) {
        if (name.endsWith('.json')) journals.add(name.slice(0, -'.json'.length));
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const pack = await currentPack(paths, corpId);
    // The folders every download needs, made now rather than in the way of the first request.
    await Promise.all(
      [paths.partialDir(corpId), paths.packsDir(corpId)].map((dir) =>
        mkdir(dir, { recursive: true, mode: 0o700 }),
      ),
    );
    const handle = await open(file, 'a', 0o600);
    return new CorpRecordLog(onError, handle, records, journals, pack);
  }

  /**
   * Takes the record now (reads see it at once) and appends it to the file with the rest of this
   * turn's records. A download does not wait for the disk: if the app stops before the line lands,
   * the item is simply downloaded again (its bytes are already stored, so that is a comparison).
   */
  append(record: ItemRecord): void {
    this.records.set(record.sdkfileid, record);
    this.index(record);
    this.pending.push(`${JSON.stringify(record)}\n`);
    this.writing ??= this.drain();
  }

  /** Resolves when every record taken so far is in the file (or failed, reported to `onError`). */
  async flushed(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async drain(): Promise<void> {
    // Records of the next few milliseconds join the batch: one write instead of one per download.
    await new Promise<void>((resolve) => setTimeout(resolve, BATCH_MS));
    while (this.pending.length > 0) {
      const lines = this.pending.join('');
      this.pending = [];
      try {
        await this.handle.write(lines);
      } catch (error) {
        this.onError(error);
      }
    }
    this.writing = null;
  }

  async close(): Promise<void> {
    await this.flushed();
    await this.handle.close();
  }
}

/** The newest pack, or a new one when it is full (or there is none). */
async function currentPack(paths: MediaPaths, corpId: string): Promise<{ n: number; size: number }> {
  let newest = 0;
  try {
    for (const name of await readdir(paths.packsDir(corpId))) {
      const match = /^(\d{6})\.pack$/.exec(name);
      if (match) newest = Math.max(newest, Number(match[1]));
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (newest === 0) return { n: 1, size: 0 };
  const size = (await stat(paths.pack(corpId, newest))).size;
  return size >= PACK_LIMIT_BYTES ? { n: newest + 1, size: 0 } : { n: newest, size };
}

/** Per-item JSON files (`items/<key>.json`) of earlier versions, folded into the log once. */
async function migrateItemFiles(
  paths: MediaPaths,
  corpId: string,
  records: Map<string, ItemRecord>,
): Promise<boolean> {
  const dir = paths.legacyItemsDir(corpId);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  for (const name of names) {
    if (!name.endsWith('.json')) continue;
    const value = await readJson<unknown>(path.join(dir, name));
    if (!isItemRecord(value) || `${paths.itemKey(value.sdkfileid)}.json` !== name) continue;
    if (!records.has(value.sdkfileid)) records.set(value.sdkfileid, value);
  }
  return true;
}

export class MediaRecords {
  private readonly logs = new Map<string, Promise<CorpRecordLog>>();
  private readonly knownDirs = new Set<string>();
  private readonly packSizes = new Map<string, number>();
  /** Journals of downloads under way, open for rewriting in place. */
  private readonly journalHandles = new Map<string, Promise<FileHandle>>();

  constructor(
    private readonly paths: MediaPaths,
    /** A record line that could not be written (disk full…): the download will be repeated. */
    private readonly onWriteError: (error: unknown) => void = () => undefined,
  ) {}

  private log(corpId: string): Promise<CorpRecordLog> {
    let log = this.logs.get(corpId);
    if (!log) {
      log = CorpRecordLog.open(this.paths, corpId, this.onWriteError).then((opened) => {
        // Made by open(): no download needs to ask for them again.
        this.knownDirs.add(this.paths.partialDir(corpId));
        this.knownDirs.add(this.paths.packsDir(corpId));
        return opened;
      });
      this.logs.set(corpId, log);
      // A failed open (permissions, disk) is not cached: the next call tries again.
      log.catch(() => this.logs.delete(corpId));
    }
    return log;
  }

  async read(corpId: string, sdkfileid: string): Promise<ItemRecord | null> {
    return (await this.log(corpId)).records.get(sdkfileid) ?? null;
  }

  /** The corp's records, loaded: synchronous look-ups for checking large batches. */
  async view(
    corpId: string,
  ): Promise<{ read(sdkfileid: string): ItemRecord | null; hasJournal(sdkfileid: string): boolean }> {
    const log = await this.log(corpId);
    return {
      read: (sdkfileid) => log.records.get(sdkfileid) ?? null,
      hasJournal: (sdkfileid) => log.journals.has(this.paths.itemKey(sdkfileid)),
    };
  }

  /** Every finished item's record of the corp. */
  async doneRecords(corpId: string): Promise<DoneRecord[]> {
    const log = await this.log(corpId);
    return [...log.records.values()].filter((record): record is DoneRecord => record.state === 'done');
  }

  /** A stored file with this SHA-256 (any item's), or null. */
  async bySha256(corpId: string, sha256: string): Promise<DoneRecord | null> {
    return (await this.log(corpId)).bySha256.get(sha256) ?? null;
  }

  /** The SHA-256 of a stored file with this md5 and size, or null. */
  async sha256ByMd5(corpId: string, md5: string, size: number): Promise<string | null> {
    return (await this.log(corpId)).sha256ByMd5.get(`${md5.toLowerCase()}:${size}`) ?? null;
  }

  /** The pack to append single-chunk files to now. */
  async currentPack(corpId: string): Promise<{ n: number; file: string }> {
    const log = await this.log(corpId);
    const file = this.paths.pack(corpId, log.pack.n);
    await this.ensureDir(path.dirname(file));
    return { n: log.pack.n, file };
  }

  /** Pack `n` now ends at `end` at least; past the limit, later files go to the next pack. */
  async packGrew(corpId: string, n: number, end: number): Promise<void> {
    const log = await this.log(corpId);
    const file = this.paths.pack(corpId, n);
    this.packSizes.set(file, Math.max(this.packSizes.get(file) ?? 0, end));
    if (log.pack.n !== n) return;
    log.pack.size = Math.max(log.pack.size, end);
    if (log.pack.size >= PACK_LIMIT_BYTES) log.pack = { n: n + 1, size: 0 };
  }

  /**
   * True when the stored bytes are on disk: an object of the recorded size, or a pack reaching past
   * the segment. Packs only grow, so a pack seen long enough once is not looked at again.
   */
  async isStored(location: StoredLocation): Promise<boolean> {
    if (location.packed && (this.packSizes.get(location.file) ?? 0) >= location.offset + location.size)
      return true;
    const size = await sizeOnDisk(location.file);
    if (location.packed && size !== null) this.packSizes.set(location.file, size);
    return location.packed
      ? size !== null && size >= location.offset + location.size
      : size === location.size;
  }

  /** Takes the record (reads see it at once); the line reaches the file shortly, batched. */
  async write(corpId: string, record: ItemRecord): Promise<void> {
    (await this.log(corpId)).append(record);
  }

  /** Every record written so far is in its file. */
  async flushed(): Promise<void> {
    for (const log of [...this.logs.values()]) await (await log.catch(() => null))?.flushed();
  }

  /** Creates `dir` (and parents) once per process. */
  async ensureDir(dir: string): Promise<void> {
    if (this.knownDirs.has(dir)) return;
    await mkdir(dir, { recursive: true, mode: 0o700 });
    this.knownDirs.add(dir);
  }

  async readJournal(corpId: string, sdkfileid: string): Promise<ChunkJournal | null> {
    const log = await this.log(corpId);
    const key = this.paths.itemKey(sdkfileid);
    if (!log.journals.has(key)) return null;
    const journal = await readJson<ChunkJournal>(this.paths.journalFile(corpId, sdkfileid));
    return journal && journal.sdkfileid === sdkfileid ? journal : null;
  }

  /**
   * Rewrites the journal in place: one fixed-size block (the JSON padded with spaces, which JSON
   * ignores) written over the last through a handle kept open while the download runs — no new
   * file per chunk. A write torn by a power cut leaves text that does not parse, and the download
   * then starts the file again. A journal too long for the block is written whole and renamed.
   */
  async writeJournal(corpId: string, journal: ChunkJournal): Promise<void> {
    const log = await this.log(corpId);
    const file = this.paths.journalFile(corpId, journal.sdkfileid);
    await this.ensureDir(path.dirname(file));
    const text = JSON.stringify(journal);
    if (Buffer.byteLength(text) > JOURNAL_BLOCK_BYTES) {
      await this.closeJournal(file);
      await writeFileAtomic(file, text);
    } else {
      let handle = this.journalHandles.get(file);
      if (handle) {
        // Most recently used last, so a long download is not the one closed to make room.
        this.journalHandles.delete(file);
        this.journalHandles.set(file, handle);
      } else {
        handle = open(file, 'w', 0o600);
        this.journalHandles.set(file, handle);
        handle.catch(() => this.journalHandles.delete(file));
        // Downloads stopped or failed part-way keep theirs; the oldest are closed past the limit.
        for (const stale of this.journalHandles.keys()) {
          if (this.journalHandles.size <= MAX_OPEN_JOURNALS) break;
          void this.closeJournal(stale);
        }
      }
      const block = Buffer.alloc(JOURNAL_BLOCK_BYTES, 0x20);
      block.write(text);
      await (await handle).write(block, 0, block.length, 0);
    }
    log.journals.add(this.paths.itemKey(journal.sdkfileid));
  }

  async clearPartial(corpId: string, sdkfileid: string): Promise<void> {
    const log = await this.log(corpId);
    const key = this.paths.itemKey(sdkfileid);
    const journal = this.paths.journalFile(corpId, sdkfileid);
    await this.closeJournal(journal);
    if (log.journals.has(key)) await rm(journal, { force: true });
    log.journals.delete(key);
    await rm(this.paths.partFile(corpId, sdkfileid), { force: true });
  }

  async close(): Promise<void> {
    for (const file of [...this.journalHandles.keys()]) await this.closeJournal(file);
    const logs = [...this.logs.values()];
    this.logs.clear();
    for (const log of logs) await (await log.catch(() => null))?.close();
  }

  private async closeJournal(file: string): Promise<void> {
    const handle = this.journalHandles.get(file);
    this.journalHandles.delete(file);
    await handle?.then((h) => h.close()).catch(() => undefined);
  }
}

/** Where a stored file's bytes are: `size` bytes from `offset` of `file` (a pack or an object). */
export interface StoredLocation {
  file: string;
  offset: number;
  size: number;
  /** In a pack (shared with other files), not an object of its own. */
  packed: boolean;
}

export function storedLocation(paths: MediaPaths, corpId: string, record: DoneRecord): StoredLocation {
  return record.pack
    ? {
        file: paths.pack(corpId, record.pack.n),
        offset: record.pack.offset,
        size: record.size,
        packed: true,
      }
    : { file: paths.object(corpId, record.sha256), offset: 0, size: record.size, packed: false };
}

async function sizeOnDisk(file: string): Promise<number | null> {
  try {
    return (await stat(file)).size;
  } catch {
    return null;
  }
}
