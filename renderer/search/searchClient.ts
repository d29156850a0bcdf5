import { ArchiveWorkerClient, type RpcWorker } from '../lib/workerRpc';
import type { SearchPage, SearchRequest, SearchStatus, WorkerReply, WorkerRequest } from './protocol';

/** The part of a Worker the client uses (a fake one in tests). */
export type SearchWorker = RpcWorker;

/** The UI thread's handle on the search worker: seq-numbered requests, promise per reply. */
export class SearchClient extends ArchiveWorkerClient<WorkerRequest, Extract<WorkerReply, { type: string }>> {
  private readonly listeners = new Set<(status: SearchStatus) => void>();

  constructor(worker: SearchWorker) {
    super(worker, 'search worker');
  }

  protected onEvent(event: Extract<WorkerReply, { type: string }>): void {
    for (const listener of this.listeners) listener(event.status);
  }

  search(request: SearchRequest): Promise<SearchPage> {
    return this.rpc.call({ type: 'search', request });
  }

  status(): Promise<SearchStatus> {
    return this.rpc.call({ type: 'status' });
  }

  warm(): Promise<SearchStatus> {
    return this.rpc.call({ type: 'warm' });
  }

  onStatus(listener: (status: SearchStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/**
 * The worker, bundled by Vite as its own module chunk. Started once by the composition root
 * (app/compose.ts), which wraps it in the one SearchClient of the page.
 */
export function startSearchWorker(): Worker {
  return new Worker(new URL('./search.worker.ts', import.meta.url), { type: 'module' });
}
