import type { SearchPage, SearchRequest, SearchStatus, WorkerReply, WorkerRequest } from './protocol';

/** The part of a Worker the client uses (a fake one in tests). */
export type SearchWorker = Pick<Worker, 'postMessage' | 'addEventListener' | 'terminate'>;

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };
type Unsequenced = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'seq'> : never) : never;

/** The UI thread's handle on the search worker: seq-numbered requests, promise per reply. */
export class SearchClient {
  private seq = 0;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(status: SearchStatus) => void>();

  constructor(private readonly worker: SearchWorker) {
    worker.addEventListener('message', (event: MessageEvent<WorkerReply>) => {
      const reply = event.data;
      if ('type' in reply) {
        for (const listener of this.listeners) listener(reply.status);
        return;
      }
      const waiting = this.pending.get(reply.seq);
      if (!waiting) return;
      this.pending.delete(reply.seq);
      if (reply.ok) waiting.resolve(reply.value);
      else waiting.reject(new Error(reply.error));
    });
  }

  private call<T>(request: Unsequenced): Promise<T> {
    this.seq += 1;
    const seq = this.seq;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(seq, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.postMessage({ ...request, seq } as WorkerRequest);
    });
  }

  search(request: SearchRequest): Promise<SearchPage> {
    return this.call({ type: 'search', request });
  }

  status(): Promise<SearchStatus> {
    return this.call({ type: 'status' });
  }

  warm(): Promise<SearchStatus> {
    return this.call({ type: 'warm' });
  }

  /**
   * Hands the worker the data key its database opens sealed texts with; null forgets it. Not awaited
   * (seq 0: its acknowledgement is ignored), so a worker stopped meanwhile leaves nothing pending.
   */
  setDataKey(key: CryptoKey | null): void {
    this.worker.postMessage({ seq: 0, type: 'dataKey', key } satisfies WorkerRequest);
  }

  onStatus(listener: (status: SearchStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    this.worker.terminate();
    for (const waiting of this.pending.values()) waiting.reject(new Error('search worker stopped'));
    this.pending.clear();
  }
}

/**
 * The worker, bundled by Vite as its own module chunk. Started once by the composition root
 * (app/compose.ts), which wraps it in the one SearchClient of the page.
 */
export function startSearchWorker(): Worker {
  return new Worker(new URL('./search.worker.ts', import.meta.url), { type: 'module' });
}
