import type { ArchiveApi, ArchiveError, DecryptStatus, EnvelopeDto } from '../../main/contract';
import { applyDerived, derivedTables } from './derived';
import type { ArchiveDb } from './archiveDb';
import { problemsOf } from './messageProblems';
import { withOutcome } from './messageRow';
import type { MessageKey, MessageRow } from './rows';

export interface RedecryptProgress {
  done: number;
  total: number;
  succeeded: number;
}

export interface RedecryptOptions {
  corpId: string;
  /** Only rows of this key version (after importing that key); all versions when omitted. */
  publickeyVer?: number;
  /** Envelopes per decryptEnvelopes call; at most 500. */
  chunkSize?: number;
  onProgress?: (progress: RedecryptProgress) => void;
  signal?: AbortSignal;
}

/** decryptEnvelopes answered an error: the rows stay as they were, progress so far is kept. */
export class RedecryptError extends Error {
  constructor(
    readonly error: ArchiveError,
    readonly progress: RedecryptProgress,
  ) {
    super(`re-decryption stopped: ${error.message}`);
    this.name = 'RedecryptError';
  }
}

const MAX_CHUNK = 500;
/** Rows read per step while looking for a sample envelope. */
const SAMPLE_READ = 16;
/** Rows retried after a key import or an SDK update; `malformed-envelope` rows have nothing to decrypt. */
const PENDING: readonly Exclude<DecryptStatus, 'ok'>[] = ['missing-key', 'decrypt-failed', 'sdk-crash'];

/** Primary keys of the corp's rows that are not decrypted yet, optionally of one key version. */
export async function pendingKeys(
  db: ArchiveDb,
  corpId: string,
  publickeyVer?: number,
): Promise<MessageKey[]> {
  const lists = await Promise.all(
    PENDING.map((status) => problemsOf(db, corpId, status, publickeyVer).primaryKeys()),
  );
  return lists.flat();
}

function envelopeOf(row: MessageRow): EnvelopeDto | null {
  if (row.status === 'ok' || !row.envelope) return null;
  return { seq: row.seq, msgid: row.msgid, publickeyVer: row.publickeyVer, ...row.envelope };
}

/**
 * After a key import: decrypts the stored envelopes of a corp again, in chunks, and updates each row
 * in place (same primary key). The decrypt call happens between transactions (docs/style.md §10); each
 * write re-reads the row so a copy decrypted meanwhile by a running pull is never overwritten.
 */
export async function redecrypt(
  db: ArchiveDb,
  archive: Pick<ArchiveApi, 'decryptEnvelopes'>,
  options: RedecryptOptions,
): Promise<RedecryptProgress> {
  const { corpId } = options;
  const chunkSize = Math.min(MAX_CHUNK, Math.max(1, options.chunkSize ?? MAX_CHUNK));
  const keys = await pendingKeys(db, corpId, options.publickeyVer);
  const progress: RedecryptProgress = { done: 0, total: keys.length, succeeded: 0 };
  options.onProgress?.({ ...progress });

  for (let start = 0; start < keys.length; start += chunkSize) {
    if (options.signal?.aborted) break;
    const chunk = keys.slice(start, start + chunkSize);
    const rows = await db.messages.bulkGet(chunk);
    const envelopes = rows.flatMap((row) => (row ? (envelopeOf(row) ?? []) : []));
    if (envelopes.length > 0) {
      const answer = await archive.decryptEnvelopes({ corpId, envelopes });
      if (!answer.ok) throw new RedecryptError(answer.error, { ...progress });
      const results = new Map(answer.value.map((result) => [result.msgid, result]));
      progress.succeeded += await db.transaction('rw', [db.messages, ...derivedTables(db)], async () => {
        let succeeded = 0;
        const current = await db.messages.bulkGet(envelopes.map((e): MessageKey => [corpId, e.msgid]));
        const updated: MessageRow[] = [];
        const previous: MessageRow[] = [];
        for (const row of current) {
          const result = row && row.status !== 'ok' ? results.get(row.msgid) : undefined;
          if (!row || !result) continue;
          const next = withOutcome(row, result);
          if (next.status === 'ok') succeeded += 1;
          updated.push(next);
          previous.push(row);
        }
        await db.messages.bulkPut(updated);
        await applyDerived(db, updated, previous);
        return succeeded;
      });
    }
    progress.done += chunk.length;
    options.onProgress?.({ ...progress });
  }
  return progress;
}

/**
 * One stored envelope of that key version, for main to prove an imported key against
 * (importPrivateKey `sample`). Rows whose decrypted text failed to parse are no proof either way.
 */
export async function sampleEnvelope(
  db: ArchiveDb,
  corpId: string,
  publickeyVer: number,
): Promise<EnvelopeDto | null> {
  for (const status of PENDING) {
    const keys = await problemsOf(db, corpId, status, publickeyVer).primaryKeys();
    // Usually the first is a proof; a row whose text failed to parse is skipped, a few at a time.
    for (let start = 0; start < keys.length; start += SAMPLE_READ) {
      const rows = await db.messages.bulkGet(keys.slice(start, start + SAMPLE_READ));
      const row = rows.find(
        (candidate) => candidate?.envelope !== undefined && candidate.failure?.stage !== 'parse',
      );
      const envelope = row ? envelopeOf(row) : null;
      if (envelope) return envelope;
    }
  }
  return null;
}
