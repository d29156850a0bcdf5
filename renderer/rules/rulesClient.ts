import type { ArchiveDb } from '../db';
import { ArchiveWorkerClient, type RpcWorker } from '../lib/workerRpc';
import type { PreviewResult, RulesReply, RulesRequest, RunProgress, RunResult } from './protocol';
import type { Rule } from './model';
import { RuleRunner } from './runner';

/** What the UI asks of the rules engine; the app's goes to the rules worker, a test's may run in-thread. */
export interface RulesBackend {
  run(
    ruleIds: readonly string[],
    onProgress: (progress: RunProgress) => void,
  ): { runId: number; done: Promise<RunResult> };
  cancel(runId: number): void;
  preview(rule: Rule, limit: number): Promise<PreviewResult>;
  /** Checks the ingest batches stored since the last check now (the worker also does so on its own). */
  checkNew(): Promise<number>;
  /** Hands the worker the archive's data key (sealed texts); null forgets it (app lock). */
  setDataKey(key: CryptoKey | null): void;
  /** Called after the worker recorded alerts for new messages. */
  onChecked(listener: (messages: number) => void): () => void;
  dispose(): void;
}

export type RulesWorker = RpcWorker;

/** The UI thread's handle on the rules worker. */
export class RulesClient
  extends ArchiveWorkerClient<RulesRequest, Extract<RulesReply, { type: string }>>
  implements RulesBackend
{
  private runs = 0;
  private readonly progress = new Map<number, (progress: RunProgress) => void>();
  private readonly checked = new Set<(messages: number) => void>();

  constructor(worker: RulesWorker) {
    super(worker, 'rules worker');
  }

  protected onEvent(event: Extract<RulesReply, { type: string }>): void {
    if (event.type === 'progress') this.progress.get(event.runId)?.(event.progress);
    else for (const listener of this.checked) listener(event.messages);
  }

  run(ruleIds: readonly string[], onProgress: (progress: RunProgress) => void) {
    this.runs += 1;
    const runId = this.runs;
    this.progress.set(runId, onProgress);
    const done = this.rpc
      .call<RunResult>({ type: 'run', runId, ruleIds: [...ruleIds] })
      .finally(() => this.progress.delete(runId));
    return { runId, done };
  }

  cancel(runId: number): void {
    void this.rpc.call({ type: 'cancel', runId });
  }

  preview(rule: Rule, limit: number): Promise<PreviewResult> {
    return this.rpc.call({ type: 'preview', rule, limit });
  }

  checkNew(): Promise<number> {
    return this.rpc.call({ type: 'checkNew' });
  }

  onChecked(listener: (messages: number) => void): () => void {
    this.checked.add(listener);
    return () => this.checked.delete(listener);
  }
}

/**
 * The same runner on the calling thread, for hosts without module workers (the composition's unit
 * tests in Node): identical results, only not off the UI thread.
 */
export class InThreadRules implements RulesBackend {
  private readonly runner: RuleRunner;
  private runs = 0;
  private readonly cancelled = new Set<number>();
  private readonly checked = new Set<(messages: number) => void>();

  constructor(db: ArchiveDb) {
    this.runner = new RuleRunner(db);
  }

  run(ruleIds: readonly string[], onProgress: (progress: RunProgress) => void) {
    this.runs += 1;
    const runId = this.runs;
    const done = this.runner.retroactive(ruleIds, {
      onProgress,
      isCancelled: () => this.cancelled.has(runId),
    });
    return { runId, done };
  }

  cancel(runId: number): void {
    this.cancelled.add(runId);
  }

  preview(rule: Rule, limit: number): Promise<PreviewResult> {
    return this.runner.preview(rule, limit);
  }

  async checkNew(): Promise<number> {
    let total = 0;
    for (let n = await this.runner.checkNew(); n > 0; n = await this.runner.checkNew()) total += n;
    if (total > 0) for (const listener of this.checked) listener(total);
    return total;
  }

  onChecked(listener: (messages: number) => void): () => void {
    this.checked.add(listener);
    return () => this.checked.delete(listener);
  }

  /** The runner shares the page's database, which holds the key itself. */
  setDataKey(): void {}

  dispose(): void {}
}

/** The worker, bundled by Vite as its own module chunk; started once by the composition root. */
export function startRulesWorker(): Worker {
  return new Worker(new URL('./rules.worker.ts', import.meta.url), { type: 'module' });
}
