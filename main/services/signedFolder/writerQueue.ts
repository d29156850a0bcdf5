/** What the queue needs of a folder writer: removing its half-written folder. */
interface CancellableWriter {
  cancel(): Promise<void>;
}

/**
 * The running writers of a service that writes a folder in steps (the backup, the evidence bundle), by
 * id. Each writer's steps run one after the other, in the order they came; a failed step removes the
 * writer and its half-written folder. `notFound` makes the error for a step of an unknown id;
 * `cancelAfterPendingStep` lets a cancelled writer finish the step it is in before it is cancelled.
 */
export class WriterQueue<Writer extends CancellableWriter> {
  private readonly running = new Map<string, { writer: Writer; queue: Promise<unknown> }>();

  constructor(
    private readonly options: { notFound: (id: string) => Error; cancelAfterPendingStep: boolean },
  ) {}

  add(id: string, writer: Writer): void {
    this.running.set(id, { writer, queue: Promise.resolve() });
  }

  /** Runs `step` after the writer's previous one; a failed step removes the half-written folder. */
  async step<T>(id: string, step: (writer: Writer) => Promise<T>): Promise<T> {
    const running = this.running.get(id);
    if (!running) throw this.options.notFound(id);
    const next = running.queue.then(() => step(running.writer));
    running.queue = next.catch(() => undefined);
    try {
      return await next;
    } catch (error) {
      this.running.delete(id);
      await running.writer.cancel().catch(() => undefined);
      throw error;
    }
  }

  /** Runs the writer's last step (completing its folder), then forgets the writer. */
  async lastStep<T>(id: string, step: (writer: Writer) => Promise<T>): Promise<T> {
    const result = await this.step(id, step);
    this.running.delete(id);
    return result;
  }

  /** Removes the writer and its folder; false when there is no such writer. */
  async cancel(id: string): Promise<boolean> {
    const running = this.running.get(id);
    if (!running) return false;
    this.running.delete(id);
    if (this.options.cancelAfterPendingStep) await running.queue;
    await running.writer.cancel();
    return true;
  }

  ids(): string[] {
    return [...this.running.keys()];
  }
}
