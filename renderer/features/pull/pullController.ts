import type { ArchiveApi, ArchiveEvent, CorpDto, PullStatusDto, Result } from '../../../main/contract';
import type { ConnectionMonitor } from '../../bridge';
import { commitBatch, readCursor } from '../../db';
import type { ArchiveDb } from '../../db';
import type { AppStore } from '../../state';
import { LedgerRecorder } from '../ledger';
import type { RunTrigger } from '../ledger';
import { isPullActive, isPullFinished } from './pullStates';
import { RunningPulls } from './runningPulls';
import type { KeyValueStorage } from './runningPulls';
import { estimateBatchBytes, isQuotaError, StorageFullError, StorageGuard } from './storageGuard';
import type { StorageManagerLike } from './storageGuard';

type PullBatchEvent = Extract<ArchiveEvent, { type: 'pull-batch' }>;

export interface PullControllerDeps {
  archive: ArchiveApi;
  connection: Pick<ConnectionMonitor, 'onReconnect'>;
  db: ArchiveDb;
  store: AppStore;
  /** sessionStorage in the app; survives reloads of this tab only. */
  storage: KeyValueStorage;
  log?: (message: string, detail?: unknown) => void;
  /** navigator.storage in the app (persistence, quota); a test passes a fake. */
  storageManager?: StorageManagerLike;
}

/**
 * Work for one corp runs strictly in order: batch commits, then the acks that follow them, and pull
 * starts. A failed commit blocks the lane until the next start, so a later batch can never be
 * committed (and acknowledged) over the gap a failed one left.
 */
interface Lane {
  tail: Promise<unknown>;
  pending: number;
  blocked: boolean;
}

/**
 * The renderer's side of a pull (docs/product.md §1, docs/style.md §10): stores each `pull-batch` in one Dexie
 * transaction and acknowledges it only after that transaction resolved; answers `pull-due` and
 * (re)connects by starting pulls from the cursor committed in IndexedDB — main never decides where
 * a pull starts.
 */
export class PullController {
  private readonly lanes = new Map<string, Lane>();
  private readonly running: RunningPulls;
  private readonly settledWaiters = new Set<{ corpId: string | null; resolve: () => void }>();
  private readonly settledListeners = new Set<(corpId: string) => void>();
  private readonly settledCorps = new Set<string>();
  private busyOutsideLanes = 0;
  private readonly unsubscribers: Array<() => void> = [];
  /** The completeness ledger: runs, gaps and the persistent error log (features/ledger). */
  readonly ledger: LedgerRecorder;
  /** Persistent storage and the quota check before each batch. */
  readonly storage: StorageGuard;

  constructor(private readonly deps: PullControllerDeps) {
    this.running = new RunningPulls(deps.storage);
    this.ledger = new LedgerRecorder(deps.db, deps.log);
    this.storage = new StorageGuard(
      deps.storageManager ?? (typeof navigator === 'undefined' ? undefined : navigator.storage),
    );
  }

  /** Subscribes to events and reconnects, then syncs statuses and resumes interrupted pulls. */
  async start(): Promise<void> {
    this.unsubscribers.push(
      this.deps.archive.subscribe((event) => this.onEvent(event)),
      this.deps.connection.onReconnect(() => void this.resumeInterrupted()),
    );
    void this.storage
      .requestPersistence()
      .catch((error: unknown) => this.deps.log?.('persistent storage request failed', error));
    await this.resumeInterrupted();
  }

  dispose(): void {
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
  }

  /** Starts (or continues) a corp's pull from its committed cursor. */
  startPull(corpId: string, trigger: RunTrigger = 'user'): Promise<Result<PullStatusDto>> {
    return this.inLane(corpId, async (lane) => {
      lane.blocked = false;
      this.deps.store.getState().setCommitFailure(corpId, null);
      const cursor = await readCursor(this.deps.db, corpId);
      const wasActive = isPullActive(this.deps.store.getState().pullStatuses[corpId]);
      const answer = await this.deps.archive.startPull({ corpId, cursor });
      if (answer.ok && !wasActive) this.ledger.runStarted(corpId, trigger, cursor);
      if (answer.ok) this.applyStatus(answer.value);
      return answer;
    });
  }

  /**
   * After 10010 (docs/wecom-sdk.md §7): records the gap after the committed cursor in the ledger
   * first, then asks main to pull from the oldest message WeCom still retains.
   */
  continueFromOldestRetained(corpId: string, reviewer?: string): Promise<Result<PullStatusDto>> {
    return this.inLane(corpId, async (lane) => {
      lane.blocked = false;
      this.deps.store.getState().setCommitFailure(corpId, null);
      const cursorRow = await this.deps.db.cursors.get(corpId);
      const committedSeq = cursorRow?.seq ?? '0';
      await this.ledger.openGap(corpId, committedSeq, cursorRow?.updatedAt ?? null, reviewer);
      const answer = await this.deps.archive.continueFromOldestRetained({ corpId, committedSeq });
      if (answer.ok) {
        this.ledger.runStarted(corpId, 'continue-after-expiry', committedSeq);
        this.applyStatus(answer.value);
      }
      return answer;
    });
  }

  /** The user's stop: not resumed after a reload. */
  async stopPull(corpId: string): Promise<Result<PullStatusDto>> {
    this.running.remove(corpId);
    const answer = await this.deps.archive.stopPull({ corpId });
    if (answer.ok) this.applyStatus(answer.value);
    return answer;
  }

  /** First run: the demo corp, then its pull (docs/product.md §1: a populated archive within seconds). */
  async openDemo(): Promise<Result<CorpDto>> {
    this.busyOutsideLanes += 1;
    try {
      const answer = await this.deps.archive.enableDemo({});
      if (answer.ok) {
        await this.refreshCorps();
        const started = await this.startPull(answer.value.id, 'demo');
        if (!started.ok) return started;
      }
      return answer;
    } finally {
      this.busyOutsideLanes -= 1;
      this.checkSettled();
    }
  }

  /**
   * Resolves once the corp (or, without an id, every corp) has no pull running and no batch waiting
   * to be stored — e2e tests wait on this instead of sleeping.
   */
  whenSettled(corpId?: string): Promise<void> {
    return new Promise((resolve) => {
      const waiter = { corpId: corpId ?? null, resolve };
      if (this.isSettled(waiter.corpId)) resolve();
      else this.settledWaiters.add(waiter);
    });
  }

  /** Called whenever a corp's pull comes to rest. */
  onSettled(listener: (corpId: string) => void): () => void {
    this.settledListeners.add(listener);
    return () => this.settledListeners.delete(listener);
  }

  private onEvent(event: ArchiveEvent): void {
    switch (event.type) {
      case 'pull-batch':
        void this.inLane(event.corpId, (lane) => this.storeBatch(lane, event));
        return;
      case 'pull-status':
        this.applyStatus(event.status);
        return;
      case 'pull-due':
        if (!isPullActive(this.deps.store.getState().pullStatuses[event.corpId]))
          void this.startPull(event.corpId, 'schedule');
        return;
      case 'corps-changed':
        void this.refreshCorpsAndSchedules();
        return;
      case 'host-crashed':
        // The pull session retries on its own (its status events say so); nothing to store here.
        this.deps.log?.('SDK host crashed', event);
        return;
    }
  }

  private async storeBatch(lane: Lane, event: PullBatchEvent): Promise<void> {
    const { corpId, batchId } = event;
    if (lane.blocked) return;
    let committedSeq: string;
    let added: number;
    try {
      // Outside the transaction (no non-IndexedDB await inside one, docs/style.md §10).
      await this.storage.checkBatch(event.messages);
      ({ cursor: committedSeq, added } = await commitBatch(this.deps.db, corpId, event));
    } catch (error) {
      // Not acknowledged: main keeps the batch outstanding, and the stop below ends the session, so
      // the next start re-pulls from the last committed cursor. Nothing is lost, nothing skipped.
      lane.blocked = true;
      this.running.remove(corpId);
      const message = error instanceof Error ? error.message : String(error);
      const storage = await this.storageShortfall(error, event);
      this.deps.store
        .getState()
        .setCommitFailure(corpId, { at: Date.now(), batchId, message, ...(storage ? { storage } : {}) });
      this.ledger.commitFailed(corpId, storage ? 'storage-full' : 'commit-failed', message);
      this.deps.log?.('storing a pull batch failed', { corpId, batchId, message });
      const stopped = await this.deps.archive.stopPull({ corpId });
      if (stopped.ok) this.applyStatus(stopped.value);
      return;
    }
    this.ledger.batchCommitted(corpId, { cursor: committedSeq, messages: event.messages.length, added });
    void this.deps.archive.ackBatch({ corpId, batchId, committedSeq }).then((answer) => {
      // A lost ack is harmless: the rows and cursor are stored, and main stops a session whose
      // renderer went away; the next start continues from the stored cursor.
      if (!answer.ok) this.deps.log?.('ackBatch failed', { corpId, batchId, error: answer.error });
    });
  }

  private async resumeInterrupted(): Promise<void> {
    this.busyOutsideLanes += 1;
    try {
      const interrupted = this.running.list();
      await this.refreshCorps();
      const answer = await this.deps.archive.getPullStatuses({});
      if (!answer.ok) return;
      this.deps.store.getState().setPullStatuses(answer.value);
      const known = new Map(answer.value.map((status) => [status.corpId, status]));
      for (const corpId of interrupted) {
        const status = known.get(corpId);
        if (!status) this.running.remove(corpId);
        else if (!isPullActive(status)) void this.startPull(corpId, 'resume');
      }
    } finally {
      this.busyOutsideLanes -= 1;
      this.checkSettled();
    }
  }

  private async refreshCorps(): Promise<void> {
    const answer = await this.deps.archive.listCorps({});
    if (answer.ok) this.deps.store.getState().setCorps(answer.value);
  }

  /** A corp's settings changed (e.g. its schedule): main's statuses carry the new next run. */
  private async refreshCorpsAndSchedules(): Promise<void> {
    await this.refreshCorps();
    const statuses = await this.deps.archive.getPullStatuses({});
    if (statuses.ok) for (const status of statuses.value) this.applyStatus(status);
  }

  /** How much more space the batch needed, when the failure was the quota or a full disk. */
  private async storageShortfall(
    error: unknown,
    event: PullBatchEvent,
  ): Promise<{ neededBytes: number; usage: number; quota: number } | null> {
    if (error instanceof StorageFullError)
      return { neededBytes: error.neededBytes, usage: error.usage, quota: error.quota };
    if (!isQuotaError(error)) return null;
    const { usage, quota } = await this.storage.refresh().catch(() => this.storage.current);
    return { neededBytes: estimateBatchBytes(event.messages), usage: usage ?? 0, quota: quota ?? 0 };
  }

  private applyStatus(status: PullStatusDto): void {
    this.ledger.statusChanged(status);
    this.deps.store.getState().setPullStatus(status);
    if (isPullActive(status)) this.running.add(status.corpId);
    else if (isPullFinished(status)) this.running.remove(status.corpId);
    this.checkSettled();
  }

  private inLane<T>(corpId: string, task: (lane: Lane) => Promise<T>): Promise<T> {
    let lane = this.lanes.get(corpId);
    if (!lane) {
      lane = { tail: Promise.resolve(), pending: 0, blocked: false };
      this.lanes.set(corpId, lane);
    }
    const current = lane;
    current.pending += 1;
    const result = current.tail.then(() => task(current));
    current.tail = result
      .catch((error: unknown) => this.deps.log?.('pull lane task failed', { corpId, error }))
      .finally(() => {
        current.pending -= 1;
        this.checkSettled();
      });
    return result;
  }

  private isSettled(corpId: string | null): boolean {
    const { pullStatuses } = this.deps.store.getState();
    const corpIdle = (id: string) =>
      (this.lanes.get(id)?.pending ?? 0) === 0 && !isPullActive(pullStatuses[id]);
    if (corpId !== null) return this.busyOutsideLanes === 0 && corpIdle(corpId);
    const ids = new Set([...this.lanes.keys(), ...Object.keys(pullStatuses)]);
    return this.busyOutsideLanes === 0 && [...ids].every(corpIdle);
  }

  private checkSettled(): void {
    for (const waiter of this.settledWaiters) {
      if (this.isSettled(waiter.corpId)) {
        this.settledWaiters.delete(waiter);
        waiter.resolve();
      }
    }
    // Listeners hear each transition to rest once, not every re-check.
    const ids = new Set([...this.lanes.keys(), ...Object.keys(this.deps.store.getState().pullStatuses)]);
    for (const corpId of ids) {
      const settled = this.isSettled(corpId);
      if (settled && !this.settledCorps.has(corpId)) {
        this.settledCorps.add(corpId);
        for (const listener of this.settledListeners) listener(corpId);
      } else if (!settled) {
        this.settledCorps.delete(corpId);
      }
    }
  }
}
