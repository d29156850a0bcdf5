import Dexie from 'dexie';
import type { PullErrorDto, PullStatusDto } from '../../../main/contract';
import type { ArchiveDb } from '../../db';
import { toSeqKey } from '../../db';
import type { MessageRow } from '../../db';
import {
  ledgerTables,
  UNKNOWN_REVIEWER,
  type ErrorLogRow,
  type LedgerGapRow,
  type LedgerTables,
  type RunTrigger,
} from './ledgerRows';

interface OpenRun {
  id: Promise<number>;
  seenErrors: Set<string>;
}

const ENDED: ReadonlySet<string> = new Set(['caught-up', 'failed', 'stopped']);

const errorKey = (error: PullErrorDto) => `${error.at}|${error.kind}|${error.message}`;

/**
 * Writes the completeness ledger (issue 14) as the pull goes: one row per run, the errors it met by
 * cause, gaps after 10010, and every error into the persistent log. Its writes are queued in order
 * and never inside the messages' transactions: a ledger write that fails (e.g. a full disk) is
 * logged and never holds up or undoes a committed batch.
 */
export class LedgerRecorder {
  readonly tables: LedgerTables;
  private readonly runs = new Map<string, OpenRun>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: ArchiveDb,
    private readonly log: (message: string, detail?: unknown) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.tables = ledgerTables(db);
  }

  /** Resolves once every write queued so far is done. */
  flushed(): Promise<void> {
    return this.queue.then(() => undefined);
  }

  runStarted(corpId: string, trigger: RunTrigger, startSeq: string): void {
    const previous = this.runs.get(corpId);
    if (previous) this.endRun(corpId, 'superseded');
    const startedAt = this.now();
    const id = this.enqueue(() =>
      this.tables.runs.add({
        corpId,
        trigger,
        startedAt,
        endedAt: null,
        startSeq,
        endSeq: startSeq,
        batches: 0,
        messages: 0,
        added: 0,
        outcome: null,
        errorsByCause: {},
      }),
    ) as Promise<number>;
    this.runs.set(corpId, { id, seenErrors: new Set() });
  }

  batchCommitted(corpId: string, committed: { cursor: string; messages: number; added: number }): void {
    const run = this.runs.get(corpId);
    if (run) {
      void this.enqueue(async () => {
        const id = await run.id;
        const row = await this.tables.runs.get(id);
        if (!row) return;
        await this.tables.runs.update(id, {
          batches: row.batches + 1,
          messages: row.messages + committed.messages,
          added: row.added + committed.added,
          endSeq: committed.cursor,
        });
      });
    }
    void this.enqueue(() => this.closeGaps(corpId));
  }

  /** Every pull-status: new errors are counted and logged; an ended state closes the run. */
  statusChanged(status: PullStatusDto): void {
    const run = this.runs.get(status.corpId);
    const fresh = status.errors.filter((error) => !run?.seenErrors.has(errorKey(error)));
    for (const error of fresh) run?.seenErrors.add(errorKey(error));
    if (fresh.length > 0) {
      for (const error of fresh)
        this.logError({
          at: error.at,
          corpId: status.corpId,
          source: 'pull',
          kind: error.kind,
          message: error.message,
        });
      if (run)
        void this.enqueue(async () => {
          const id = await run.id;
          const row = await this.tables.runs.get(id);
          if (!row) return;
          const errorsByCause = { ...row.errorsByCause };
          for (const error of fresh) errorsByCause[error.kind] = (errorsByCause[error.kind] ?? 0) + 1;
          await this.tables.runs.update(id, { errorsByCause });
        });
    }
    if (run && ENDED.has(status.state)) this.endRun(status.corpId, status.state);
  }

  /** A batch could not be stored: the run ends with that outcome, the cause goes to the log. */
  commitFailed(corpId: string, kind: 'storage-full' | 'commit-failed', message: string): void {
    this.logError({
      at: this.now(),
      corpId,
      source: kind === 'storage-full' ? 'storage' : 'commit',
      kind,
      message,
    });
    if (this.runs.has(corpId)) this.endRun(corpId, kind);
  }

  logError(entry: ErrorLogRow): void {
    void this.enqueue(() => this.tables.errors.add(entry));
  }

  /**
   * Before the pull continues after 10010: the gap is written first, so it exists even if the app
   * stops before the continued pull stores anything — it is never silent.
   */
  async openGap(
    corpId: string,
    afterSeq: string,
    cursorUpdatedAt: number | null,
    reviewer: string = UNKNOWN_REVIEWER,
  ): Promise<number> {
    const last = await this.db.messages
      .where('[corpId+seqKey]')
      .equals([corpId, toSeqKey(afterSeq)])
      .first();
    const gap: LedgerGapRow = {
      corpId,
      reason: 'expired-cursor-10010',
      afterSeq,
      afterTime: last?.msgtime ?? cursorUpdatedAt,
      firstSeqAfter: null,
      firstTimeAfter: null,
      recordedAt: this.now(),
      reviewer,
      acknowledgedAt: null,
      acknowledgedBy: null,
    };
    return this.enqueue(() => this.tables.gaps.add(gap)) as Promise<number>;
  }

  /** Marks a gap as seen by a reviewer; the gap itself stays in the ledger for good. */
  acknowledgeGap(id: number, reviewer: string = UNKNOWN_REVIEWER): Promise<unknown> {
    return this.enqueue(() =>
      this.tables.gaps.update(id, { acknowledgedAt: this.now(), acknowledgedBy: reviewer }),
    );
  }

  /** Open gaps get their end: the first message stored above `afterSeq`. */
  private async closeGaps(corpId: string): Promise<void> {
    const gaps = await this.tables.gaps
      .where('[corpId+recordedAt]')
      .between([corpId, Dexie.minKey], [corpId, Dexie.maxKey], true, true)
      .filter((gap) => gap.firstSeqAfter === null)
      .toArray();
    for (const gap of gaps) {
      const first: MessageRow | undefined = await this.db.messages
        .where('[corpId+seqKey]')
        .between([corpId, toSeqKey(gap.afterSeq)], [corpId, Dexie.maxKey], false, true)
        .first();
      if (first && gap.id !== undefined)
        await this.tables.gaps.update(gap.id, {
          firstSeqAfter: first.seq,
          firstTimeAfter: first.msgtime ?? null,
        });
    }
  }

  private endRun(corpId: string, outcome: string): void {
    const run = this.runs.get(corpId);
    if (!run) return;
    this.runs.delete(corpId);
    const endedAt = this.now();
    void this.enqueue(async () => this.tables.runs.update(await run.id, { endedAt, outcome }));
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task);
    this.queue = result.catch((error: unknown) => this.log('ledger write failed', error));
    return result;
  }
}
