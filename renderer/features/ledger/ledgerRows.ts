import type { Table } from 'dexie';
import type { ArchiveDb } from '../../db';

/** What started a pull run, for the ledger's "who started it or the schedule". */
export type RunTrigger = 'user' | 'schedule' | 'resume' | 'demo' | 'continue-after-expiry';

/** One pull run of one corp, from its start to the state it came to rest in (schema v4 `ledgerRuns`). */
export interface LedgerRunRow {
  id?: number;
  corpId: string;
  trigger: RunTrigger;
  startedAt: number;
  /** null while the run is going on (or the page closed before it ended). */
  endedAt: number | null;
  /** The committed cursor the run started from, and the highest one it committed (decimal u64). */
  startSeq: string;
  endSeq: string;
  batches: number;
  /** Messages in the committed batches, and the ones new to the archive. */
  messages: number;
  added: number;
  /** The state it ended in (`caught-up`, `failed`, `stopped`), or `storage-full` when a batch did not fit. */
  outcome: string | null;
  /** Errors seen during the run, by classification key (`sdk-10001`, `host-crashed`…). */
  errorsByCause: Record<string, number>;
}

/**
 * A permanent hole in the archive: after 10010 the pull continued from the oldest retained message
 * (docs/wecom-sdk.md §7), so the messages between `afterSeq` and `firstSeqAfter` are gone at WeCom.
 * Shaped for the audit trail: who continued (the reviewer's name; 'unknown' before anyone named themselves),
 * when, why, and when someone acknowledged it.
 */
export interface LedgerGapRow {
  id?: number;
  corpId: string;
  reason: 'expired-cursor-10010';
  /** The last committed seq before the gap. */
  afterSeq: string;
  /** msgtime of the last message stored before the gap (or the cursor's commit time when unknown). */
  afterTime: number | null;
  /** The first seq stored after the gap; null until the continued pull committed one. */
  firstSeqAfter: string | null;
  firstTimeAfter: number | null;
  recordedAt: number;
  reviewer: string;
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
}

/** The persistent error log (schema v4 `errorLog`): pull, storage and connection-test failures. */
export interface ErrorLogRow {
  id?: number;
  at: number;
  corpId: string | null;
  source: 'pull' | 'commit' | 'storage' | 'connection-test' | 'notification';
  /** Classification key, translated in the UI (`pullError.<kind>`), e.g. `sdk-10010`, `storage-full`. */
  kind: string;
  /** English detail, never a secret. */
  message: string;
}

/** Who acts in the app. There are no user accounts yet; the audit trail (a later issue) fills this in. */
export const UNKNOWN_REVIEWER = 'unknown';

export interface LedgerTables {
  runs: Table<LedgerRunRow, number>;
  gaps: Table<LedgerGapRow, number>;
  errors: Table<ErrorLogRow, number>;
}

/** The ledger's tables of schema v4 (db/schema.ts), typed. */
export function ledgerTables(db: ArchiveDb): LedgerTables {
  return {
    runs: db.table<LedgerRunRow, number>('ledgerRuns'),
    gaps: db.table<LedgerGapRow, number>('ledgerGaps'),
    errors: db.table<ErrorLogRow, number>('errorLog'),
  };
}
