/**
 * Runs tasks one at a time, in order. An SDK handle is not re-entrant (docs/wecom-sdk.md §1.5: "one handle per
 * thread"), and koffi `.async` calls run on libuv worker threads, so each handle gets one of these.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private queued = 0;
  private idleWaiters: Array<() => void> = [];

  /** Tasks waiting or running. */
  get size(): number {
    return this.queued;
  }

  run<T>(task: () => Promise<T> | T): Promise<T> {
    this.queued += 1;
    const result = this.tail.then(task);
    this.tail = result.then(
      () => this.settle(),
      () => this.settle(),
    );
    return result;
  }

  /** Resolves once nothing is queued or running. */
  whenIdle(): Promise<void> {
    if (this.queued === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private settle(): void {
    this.queued -= 1;
    if (this.queued === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const wake of waiters) wake();
    }
  }
}
