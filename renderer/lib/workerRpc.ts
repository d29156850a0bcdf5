/**
 * Seq-numbered requests to a module worker, shared by the search and rules workers: the page numbers
 * each request and keeps one promise per seq; the worker answers with the same seq and the value or
 * the error's message. A message from the worker with a `type` instead is an event (status, progress).
 */

/** The part of a Worker the client uses (a fake one in tests). */
export type RpcWorker = Pick<Worker, 'postMessage' | 'addEventListener' | 'terminate'>;

/** The worker's answer to one request. */
export type RpcAnswer = { seq: number; ok: true; value: unknown } | { seq: number; ok: false; error: string };

/** A request as the caller gives it: the client adds the seq. */
export type Unsequenced<Request> = Request extends unknown ? Omit<Request, 'seq'> : never;

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

/** The page's side: a promise per request, events to `onEvent`. */
export class WorkerRpc<Request extends { seq: number }, Event extends { type: string }> {
  private seq = 0;
  private readonly pending = new Map<number, Pending>();

  /** `name` says which worker stopped when dispose() rejects what is still pending. */
  constructor(
    private readonly worker: RpcWorker,
    private readonly name: string,
    onEvent: (event: Event) => void,
  ) {
    worker.addEventListener('message', (message: MessageEvent<RpcAnswer | Event>) => {
      const reply = message.data;
      if ('type' in reply) {
        onEvent(reply);
        return;
      }
      const waiting = this.pending.get(reply.seq);
      if (!waiting) return;
      this.pending.delete(reply.seq);
      if (reply.ok) waiting.resolve(reply.value);
      else waiting.reject(new Error(reply.error));
    });
  }

  call<T>(request: Unsequenced<Request>): Promise<T> {
    this.seq += 1;
    const seq = this.seq;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(seq, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.postMessage({ ...request, seq });
    });
  }

  /**
   * Not awaited: sent with seq 0, whose acknowledgement is ignored, so a worker stopped meanwhile
   * leaves nothing pending.
   */
  send(request: Unsequenced<Request>): void {
    this.worker.postMessage({ ...request, seq: 0 });
  }

  /** Stops the worker and rejects every request still waiting for its answer. */
  dispose(): void {
    this.worker.terminate();
    for (const waiting of this.pending.values()) waiting.reject(new Error(`${this.name} stopped`));
    this.pending.clear();
  }
}

/** The part of a worker's global scope the worker's side uses (the renderer has no WebWorker lib). */
export interface RpcScope<Request> {
  onmessage: ((event: MessageEvent<Request>) => void) | null;
  postMessage(message: RpcAnswer): void;
}

/** The worker's side: answers every request with its seq and what `answer` resolved or threw. */
export function answerRequests<Request extends { seq: number }>(
  scope: RpcScope<Request>,
  answer: (request: Request) => Promise<unknown>,
): void {
  scope.onmessage = (event) => {
    const request = event.data;
    answer(request).then(
      (value) => scope.postMessage({ seq: request.seq, ok: true, value }),
      (error: unknown) =>
        scope.postMessage({
          seq: request.seq,
          ok: false,
          error: error instanceof Error ? error.message : String(error),
        }),
    );
  };
}

/** The request both archive workers (search, rules) take: the data key their database opens sealed texts with. */
export type DataKeyRequest = { seq: number; type: 'dataKey'; key: CryptoKey | null };

/**
 * The page's handle on a worker that reads the sealed archive: its requests go through `rpc`, its
 * events to onEvent; handing over the data key and stopping are the same for every such worker.
 */
export abstract class ArchiveWorkerClient<Request extends { seq: number }, Event extends { type: string }> {
  protected readonly rpc: WorkerRpc<Request | DataKeyRequest, Event>;

  /** `name` says which worker stopped when dispose() rejects what is still pending. */
  constructor(worker: RpcWorker, name: string) {
    this.rpc = new WorkerRpc(worker, name, (event) => this.onEvent(event));
  }

  protected abstract onEvent(event: Event): void;

  /**
   * Hands the worker the data key; null forgets it (app lock). Not awaited (seq 0: its
   * acknowledgement is ignored), so a worker stopped meanwhile leaves nothing pending.
   */
  setDataKey(key: CryptoKey | null): void {
    this.rpc.send({ type: 'dataKey', key });
  }

  /** Stops the worker; what is still pending is rejected. */
  dispose(): void {
    this.rpc.dispose();
  }
}
