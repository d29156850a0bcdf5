import path from 'node:path';
import type { AuditHeadDto } from '../../contract';
import { readJsonFile, writeFileAtomic } from './atomicFile';

const FILE_NAME = 'audit-head.json';
const HEX64 = /^[0-9a-f]{64}$/;

/**
 * The audit trail's chain head (seq + hash of the last entry), written by main after every append
 * (docs/audit-trail.md). The trail lives in the renderer's IndexedDB; this copy outside it is what
 * makes deleted rows or a truncated tail detectable. Non-secret, but private: 0600, atomic writes.
 */
export class AuditHeadStore {
  private readonly file: string;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string) {
    this.file = path.join(dataDir, FILE_NAME);
  }

  async read(): Promise<AuditHeadDto | null> {
    const value = await readJsonFile<unknown>(this.file, null);
    if (value === null) return null;
    const head = value as Partial<AuditHeadDto>;
    if (
      typeof head.seq !== 'number' ||
      !Number.isSafeInteger(head.seq) ||
      typeof head.hash !== 'string' ||
      !HEX64.test(head.hash) ||
      typeof head.recordedAt !== 'number'
    )
      throw new Error(
        `${this.file} is not an audit head ({ seq, hash, recordedAt }); it was left untouched.`,
      );
    return { seq: head.seq, hash: head.hash, recordedAt: head.recordedAt };
  }

  /** Writes the head; writes are serialised so the file always ends with the last one asked for. */
  record(seq: number, hash: string, now = Date.now()): Promise<AuditHeadDto> {
    const head: AuditHeadDto = { seq, hash, recordedAt: now };
    const write = this.queue.then(() => writeFileAtomic(this.file, `${JSON.stringify(head)}\n`, 0o600));
    this.queue = write.catch(() => undefined);
    return write.then(() => head);
  }
}
