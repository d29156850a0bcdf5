import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { MediaFailureDto, MediaKind, MediaVerification } from '../../contract';
import type { MediaPaths } from './mediaPaths';

/** What main remembers per (corp, sdkfileid) once a download ended, in `items/<key>.json`. */
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
 * (SDK-SPEC §5: the SDK's outindexbuf, verbatim). A part file longer than `bytes` is cut back; a
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

/** Write to a temp name in the same folder, then rename: readers see the old or the new file. */
async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temp, JSON.stringify(value), { mode: 0o600 });
  await rename(temp, file);
}

export class MediaRecords {
  constructor(private readonly paths: MediaPaths) {}

  async read(corpId: string, sdkfileid: string): Promise<ItemRecord | null> {
    const record = await readJson<ItemRecord>(this.paths.itemRecord(corpId, sdkfileid));
    // The key is a digest: a record for another sdkfileid would be a collision or tampering.
    return record && record.sdkfileid === sdkfileid ? record : null;
  }

  write(corpId: string, record: ItemRecord): Promise<void> {
    return writeJsonAtomic(this.paths.itemRecord(corpId, record.sdkfileid), record);
  }

  async readJournal(corpId: string, sdkfileid: string): Promise<ChunkJournal | null> {
    const journal = await readJson<ChunkJournal>(this.paths.journalFile(corpId, sdkfileid));
    return journal && journal.sdkfileid === sdkfileid ? journal : null;
  }

  writeJournal(corpId: string, journal: ChunkJournal): Promise<void> {
    return writeJsonAtomic(this.paths.journalFile(corpId, journal.sdkfileid), journal);
  }

  async clearPartial(corpId: string, sdkfileid: string): Promise<void> {
    await rm(this.paths.journalFile(corpId, sdkfileid), { force: true });
    await rm(this.paths.partFile(corpId, sdkfileid), { force: true });
  }
}
