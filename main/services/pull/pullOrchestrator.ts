import type { ArchiveEvent, PullStatusDto } from '../../contract';
import type { CorpRecord, CorpStore } from '../config/corpStore';
import type { PullSdk } from './pullSdk';
import { PullSession } from './pullSession';

/**
 * Pulls per corp (docs/product.md §1): one PullSession at a time per corp, statuses for the pull panel,
 * schedules that ask the renderer to pull (it owns the committed cursor), and a reset when the
 * renderer reloads — batches in flight then have no consumer, so the session stops and the renderer
 * resumes from what it committed.
 */
export interface PullOrchestratorDeps {
  corps: CorpStore;
  sdkFor: (corp: CorpRecord) => Promise<PullSdk>;
  emit: (event: ArchiveEvent) => void;
  log: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
  now?: () => number;
  /** How often schedules are checked. */
  scheduleTickMs?: number;
}

export class PullOrchestrator {
  private readonly sessions = new Map<string, PullSession>();
  private readonly idleStatuses = new Map<string, PullStatusDto>();
  private readonly lastStartedAt = new Map<string, number>();
  private nextBatchId = 1;
  private readonly timer: NodeJS.Timeout;
  private readonly now: () => number;

  constructor(private readonly deps: PullOrchestratorDeps) {
    this.now = deps.now ?? Date.now;
    this.timer = setInterval(() => void this.checkSchedules(), deps.scheduleTickMs ?? 30_000);
    this.timer.unref();
  }

  async start(corpId: string, cursor: string): Promise<PullStatusDto> {
    const running = this.sessions.get(corpId);
    if (running?.running) return running.status;
    const corp = await this.deps.corps.get(corpId);
    if (!corp) throw new Error(`No corp with id ${corpId}.`);
    const credentials = await this.deps.corps.credentials(corpId);
    const sdk = await this.deps.sdkFor(corp);
    this.lastStartedAt.set(corpId, this.now());

    const session = new PullSession({
      corpId,
      cursor,
      limit: corp.batchLimit,
      proxy: corp.proxyUrl ?? '',
      passwd: credentials.proxyCredentials ?? '',
      timeoutSec: corp.timeoutSec,
      sdk,
      privateKeys: async () => (await this.deps.corps.credentials(corpId)).privateKeys,
      emitBatch: (batch) => this.deps.emit({ type: 'pull-batch', corpId, ...batch }),
      onStatus: (status) => this.deps.emit({ type: 'pull-status', status: this.withSchedule(status, corp) }),
      onCaughtUp: (at) => void this.deps.corps.setLastSuccess(corpId, at),
      onKeysVerified: (versions) => void this.deps.corps.markKeysVerified(corpId, versions),
      log: this.deps.log,
      lastSuccessAt: corp.lastSuccessAt,
      nextScheduledAt: this.nextScheduledAt(corp),
      firstBatchId: this.nextBatchId,
    });
    // Batch ids stay unique across sessions so a late ack for an old session is ignored.
    this.nextBatchId += 1_000_000;
    this.sessions.set(corpId, session);
    this.deps.log('info', 'pull started', { corpId, cursor, limit: corp.batchLimit });
    void session.run().then(
      () =>
        this.deps.log('info', 'pull finished', {
          corpId,
          state: session.status.state,
          pulled: session.status.pulled,
        }),
      (error: unknown) => this.deps.log('error', 'pull crashed', { corpId, error: (error as Error).message }),
    );
    return session.status;
  }

  stop(corpId: string): PullStatusDto | null {
    const session = this.sessions.get(corpId);
    session?.stop();
    return session?.status ?? null;
  }

  ack(corpId: string, batchId: number, committedSeq: string): void {
    this.sessions.get(corpId)?.ack(batchId, committedSeq);
  }

  async statuses(): Promise<PullStatusDto[]> {
    const corps = await this.deps.corps.list();
    return corps.map((corp) => this.statusOf(corp));
  }

  statusOf(corp: CorpRecord): PullStatusDto {
    const session = this.sessions.get(corp.id);
    const base = session?.status ?? this.idleStatus(corp);
    return this.withSchedule({ ...base, lastSuccessAt: corp.lastSuccessAt ?? base.lastSuccessAt }, corp);
  }

  /** The renderer reloaded or reconnected: nobody will ack the batches in flight. */
  rendererReset(): void {
    for (const session of this.sessions.values()) session.stop();
  }

  forget(corpId: string): void {
    this.sessions.get(corpId)?.stop();
    this.sessions.delete(corpId);
    this.idleStatuses.delete(corpId);
  }

  close(): void {
    clearInterval(this.timer);
    for (const session of this.sessions.values()) session.stop();
  }

  /** Asks the renderer to pull corps whose schedule is due (it answers with startPull + its cursor). */
  async checkSchedules(): Promise<void> {
    for (const corp of await this.deps.corps.list()) {
      const due = this.nextScheduledAt(corp);
      if (due !== null && due <= this.now() && !this.sessions.get(corp.id)?.running) {
        this.lastStartedAt.set(corp.id, this.now());
        this.deps.emit({ type: 'pull-due', corpId: corp.id });
      }
    }
  }

  private nextScheduledAt(corp: CorpRecord): number | null {
    if (corp.scheduleMinutes === null) return null;
    const last = this.lastStartedAt.get(corp.id) ?? corp.lastSuccessAt ?? 0;
    return last + corp.scheduleMinutes * 60_000;
  }

  private withSchedule(status: PullStatusDto, corp: CorpRecord): PullStatusDto {
    return { ...status, nextScheduledAt: this.nextScheduledAt(corp) };
  }

  private idleStatus(corp: CorpRecord): PullStatusDto {
    let status = this.idleStatuses.get(corp.id);
    if (!status) {
      status = {
        corpId: corp.id,
        state: 'idle',
        pulled: 0,
        ratePerSec: 0,
        committedSeq: '0',
        lastSuccessAt: corp.lastSuccessAt,
        limit: corp.batchLimit,
        errors: [],
        fatal: null,
        nextScheduledAt: null,
      };
      this.idleStatuses.set(corp.id, status);
    }
    return status;
  }
}
