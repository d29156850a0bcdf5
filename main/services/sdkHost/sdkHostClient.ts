import {
  HOST_PROTOCOL_VERSION,
  isHostEvent,
  isHostResponse,
  type HostLogLevel,
  type HostMethod,
  type HostParams,
  type HostResult,
  type InitParams,
  type LoadParams,
} from '../../../native/host/protocol';
import {
  HostClosedError,
  HostCrashedError,
  HostRequestError,
  HostTimeoutError,
  HostUnavailableError,
} from './hostErrors';
import type { HostExit, HostLauncher, HostLaunchOptions, HostProcess } from './hostLauncher';

/**
 * Main-process side of the SDK host (docs/style.md §4): starts the host through a `HostLauncher`, numbers
 * requests and matches responses, times them out, and survives host crashes — a SIGSEGV in the vendor
 * SDK rejects what was in flight with `HostCrashedError`, emits `host-crashed`, restarts the host
 * with bounded backoff and replays the last successful `load`/`init`, so the next request works.
 * No electron import: the Electron shell passes a utilityProcess launcher.
 */

export interface InFlightRequest {
  id: number;
  method: HostMethod;
}

export type SdkHostEvent =
  | { type: 'host-started'; pid: number | undefined; generation: number; replayed: HostMethod[] }
  | {
      type: 'host-crashed';
      exitCode: number | null;
      signal: string | null;
      generation: number;
      inFlight: InFlightRequest[];
    }
  | { type: 'host-start-failed'; attempt: number; message: string; willRetry: boolean }
  | { type: 'host-timeout'; method: HostMethod; timeoutMs: number; generation: number }
  | { type: 'host-log'; level: HostLogLevel; message: string };

export type SdkHostEventType = SdkHostEvent['type'];

export interface RestartPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  /** Consecutive failed starts/crashes without a successful request before giving up. */
  maxConsecutiveFailures: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  initialDelayMs: 200,
  maxDelayMs: 5_000,
  maxConsecutiveFailures: 5,
};

export interface SdkHostClientOptions {
  launcher: HostLauncher;
  /** Passed to every launch, restarts included (e.g. the stand-in's environment). */
  launchOptions?: HostLaunchOptions;
  /** Default deadline for requests without a network timeout. Default 120 s. */
  requestTimeoutMs?: number;
  /** Deadline for the host's `ready` event after launch. Default 20 s. */
  startTimeoutMs?: number;
  /** Kill the host when a request times out (a native call cannot be cancelled). Default true. */
  restartOnTimeout?: boolean;
  restartPolicy?: Partial<RestartPolicy>;
}

export interface RequestOptions {
  timeoutMs?: number;
}

interface PendingRequest {
  id: number;
  method: HostMethod;
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** One launched host process and the requests sent to it. */
class HostGeneration {
  readonly pending = new Map<number, PendingRequest>();
  exit: HostExit | null = null;
  /** Set when the client itself stops this process (close, library change, timeout kill). */
  stopReason: 'close' | 'restart' | 'timeout' | null = null;

  constructor(
    readonly process: HostProcess,
    readonly generation: number,
  ) {}
}

/** Generous grace on top of the SDK's own timeout: requests may queue behind others on a handle. */
const NETWORK_GRACE_MS = 60_000;

export class SdkHostClient {
  private readonly launcher: HostLauncher;
  private readonly launchOptions: HostLaunchOptions;
  private readonly requestTimeoutMs: number;
  private readonly startTimeoutMs: number;
  private readonly restartOnTimeout: boolean;
  private readonly restartPolicy: RestartPolicy;
  private readonly listeners = new Set<(event: SdkHostEvent) => void>();

  private current: HostGeneration | null = null;
  private starting: Promise<HostGeneration> | null = null;
  private generationCounter = 0;
  private nextRequestId = 1;
  private consecutiveFailures = 0;
  /**
   * The last exit was a crash (or a timeout kill) with a request in flight: a poison input, not a host
   * that cannot run. Once a new process is up, it no longer counts towards giving up — the caller
   * limits its own retries (the pull isolates the message by bisection, the media queue retries a
   * chunk a few times), and a host that keeps failing to start still gives up.
   */
  private crashedOnRequest = false;
  private gaveUp: HostUnavailableError | null = null;
  private closed = false;
  private cancelBackoff: (() => void) | null = null;
  private lastLoad: LoadParams | null = null;
  private lastInit: InitParams | null = null;

  constructor(options: SdkHostClientOptions) {
    this.launcher = options.launcher;
    this.launchOptions = options.launchOptions ?? {};
    this.requestTimeoutMs = options.requestTimeoutMs ?? 120_000;
    this.startTimeoutMs = options.startTimeoutMs ?? 20_000;
    this.restartOnTimeout = options.restartOnTimeout ?? true;
    this.restartPolicy = { ...DEFAULT_RESTART_POLICY, ...options.restartPolicy };
  }

  subscribe(listener: (event: SdkHostEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves with the next event of `type` (tests wait on events, never on sleeps). */
  nextEvent<T extends SdkHostEventType>(type: T): Promise<Extract<SdkHostEvent, { type: T }>> {
    return new Promise((resolve) => {
      const unsubscribe = this.subscribe((event) => {
        if (event.type !== type) return;
        unsubscribe();
        resolve(event as Extract<SdkHostEvent, { type: T }>);
      });
    });
  }

  /** Pid of the running host, if any. */
  get pid(): number | undefined {
    return this.current?.process.pid;
  }

  /** Loads the library; a different library than before needs a fresh process (dlclose is unsafe). */
  async load(params: LoadParams, options?: RequestOptions): Promise<HostResult<'load'>> {
    if (this.lastLoad && this.lastLoad.libraryPath !== params.libraryPath && this.current) {
      this.lastLoad = null;
      this.lastInit = null;
      await this.stopCurrent('restart');
    }
    this.gaveUp = null; // an explicit load is a fresh start after giving up
    this.consecutiveFailures = 0;
    const result = await this.request('load', params, options);
    this.lastLoad = { ...params };
    return result;
  }

  async init(params: InitParams, options?: RequestOptions): Promise<HostResult<'init'>> {
    const result = await this.request('init', params, options);
    this.lastInit = { ...params };
    return result;
  }

  // The host calls that are one request and nothing more (load and init also remember their params).
  readonly getChatData = this.passThrough('getChatData');
  readonly decryptData = this.passThrough('decryptData');
  readonly getMediaChunk = this.passThrough('getMediaChunk');
  readonly mediaChunkToFile = this.passThrough('mediaChunkToFile');
  readonly decryptRandomKey = this.passThrough('decryptRandomKey');
  readonly decryptEnvelopes = this.passThrough('decryptEnvelopes');
  readonly pullPage = this.passThrough('pullPage');

  stats(options?: RequestOptions): Promise<HostResult<'stats'>> {
    return this.request('stats', {}, options);
  }

  /** A host call that is nothing but its request: params and options go to request() unchanged. */
  private passThrough<M extends HostMethod>(method: M) {
    return (params: HostParams<M>, options?: RequestOptions): Promise<HostResult<M>> =>
      this.request(method, params, options);
  }

  /** Sends one request, starting (or restarting) the host first when needed. */
  async request<M extends HostMethod>(
    method: M,
    params: HostParams<M>,
    options: RequestOptions = {},
  ): Promise<HostResult<M>> {
    const host = await this.ready();
    const result = await this.send(
      host,
      method,
      params,
      options.timeoutMs ?? this.defaultTimeout(method, params),
    );
    this.consecutiveFailures = 0;
    return result;
  }

  /** Shuts the host down cleanly (destroying SDK handles once idle); later requests fail. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.cancelBackoff?.();
    await this.starting?.catch(() => undefined);
    await this.stopCurrent('close');
  }

  private defaultTimeout(method: HostMethod, params: unknown): number {
    if (
      method === 'getChatData' ||
      method === 'pullPage' ||
      method === 'getMediaChunk' ||
      method === 'mediaChunkToFile'
    ) {
      const sdkTimeoutSec = (params as { timeout: number }).timeout;
      return Math.max(this.requestTimeoutMs, sdkTimeoutSec * 1000 * 2 + NETWORK_GRACE_MS);
    }
    return this.requestTimeoutMs;
  }

  private emit(event: SdkHostEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }

  private ready(): Promise<HostGeneration> {
    if (this.closed) return Promise.reject(new HostClosedError());
    if (this.current && !this.current.exit) return Promise.resolve(this.current);
    if (this.gaveUp) return Promise.reject(this.gaveUp);
    this.starting ??= this.startWithBackoff().finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  private async startWithBackoff(): Promise<HostGeneration> {
    for (;;) {
      if (this.consecutiveFailures > 0) await this.backoff(this.consecutiveFailures);
      if (this.closed) throw new HostClosedError();
      try {
        const host = await this.launchAndReplay();
        this.current = host;
        if (this.crashedOnRequest) this.consecutiveFailures = 0;
        this.crashedOnRequest = false;
        return host;
      } catch (error) {
        if (this.closed) throw new HostClosedError();
        this.consecutiveFailures += 1;
        const message = error instanceof Error ? error.message : String(error);
        const willRetry = this.consecutiveFailures < this.restartPolicy.maxConsecutiveFailures;
        this.emit({ type: 'host-start-failed', attempt: this.consecutiveFailures, message, willRetry });
        if (!willRetry) {
          this.gaveUp = new HostUnavailableError(message, this.consecutiveFailures, { cause: error });
          throw this.gaveUp;
        }
      }
    }
  }

  private backoff(failures: number): Promise<void> {
    const { initialDelayMs, maxDelayMs } = this.restartPolicy;
    const delay = Math.min(maxDelayMs, initialDelayMs * 2 ** (failures - 1));
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.cancelBackoff = null;
        resolve();
      }, delay);
      this.cancelBackoff = () => {
        clearTimeout(timer);
        this.cancelBackoff = null;
        resolve();
      };
    });
  }

  /** Launch, wait for `ready`, then replay the last successful load/init. */
  private async launchAndReplay(): Promise<HostGeneration> {
    this.generationCounter += 1;
    const host = new HostGeneration(this.launcher.launch(this.launchOptions), this.generationCounter);
    const readyOrExit = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`the host sent no ready event within ${this.startTimeoutMs} ms`));
      }, this.startTimeoutMs);
      host.process.onMessage((message) => {
        if (isHostEvent(message) && message.event === 'ready') {
          clearTimeout(timer);
          if (message.protocolVersion === HOST_PROTOCOL_VERSION) resolve();
          else
            reject(new Error(`host protocol ${message.protocolVersion}, expected ${HOST_PROTOCOL_VERSION}`));
        }
      });
      host.process.onExit((exit) => {
        clearTimeout(timer);
        reject(new Error(`the host exited before it was ready (${describeExit(exit)})`));
      });
    });
    host.process.onMessage((message) => this.onMessage(host, message));
    host.process.onExit((exit) => this.onExit(host, exit));

    try {
      await readyOrExit;
      const replayed: HostMethod[] = [];
      if (this.lastLoad) {
        await this.send(host, 'load', this.lastLoad, this.requestTimeoutMs);
        replayed.push('load');
        if (this.lastInit) {
          await this.send(host, 'init', this.lastInit, this.requestTimeoutMs);
          replayed.push('init');
        }
      }
      this.emit({ type: 'host-started', pid: host.process.pid, generation: host.generation, replayed });
      return host;
    } catch (error) {
      host.stopReason = 'restart';
      host.process.kill();
      throw error;
    }
  }

  private send<M extends HostMethod>(
    host: HostGeneration,
    method: M,
    params: HostParams<M>,
    timeoutMs: number,
  ): Promise<HostResult<M>> {
    if (host.exit) {
      return Promise.reject(new HostCrashedError(method, host.exit.code, host.exit.signal));
    }
    const id = this.nextRequestId++;
    return new Promise<HostResult<M>>((resolve, reject) => {
      const timer = setTimeout(() => this.onTimeout(host, id, timeoutMs), timeoutMs);
      host.pending.set(id, {
        id,
        method,
        resolve: resolve as (result: unknown) => void,
        reject,
        timer,
      });
      host.process.send({ id, method, params } as Parameters<HostProcess['send']>[0]);
    });
  }

  private onMessage(host: HostGeneration, message: unknown): void {
    if (isHostResponse(message)) {
      const pending = host.pending.get(message.id);
      if (!pending) return; // timed out earlier
      host.pending.delete(message.id);
      clearTimeout(pending.timer);
      if (message.ok) pending.resolve(message.result);
      else pending.reject(new HostRequestError(pending.method, message.error));
    } else if (isHostEvent(message) && message.event === 'log') {
      this.emit({ type: 'host-log', level: message.level, message: message.message });
    }
  }

  private onTimeout(host: HostGeneration, id: number, timeoutMs: number): void {
    const pending = host.pending.get(id);
    if (!pending) return;
    host.pending.delete(id);
    pending.reject(new HostTimeoutError(pending.method, timeoutMs));
    this.emit({ type: 'host-timeout', method: pending.method, timeoutMs, generation: host.generation });
    if (this.restartOnTimeout && !host.exit) {
      // The native call is still running and its handle stays busy: only a new process recovers.
      host.stopReason = 'timeout';
      host.process.kill();
    }
  }

  private onExit(host: HostGeneration, exit: HostExit): void {
    host.exit = exit;
    const inFlight = [...host.pending.values()];
    host.pending.clear();
    for (const pending of inFlight) {
      clearTimeout(pending.timer);
      pending.reject(
        host.stopReason === 'close'
          ? new HostClosedError()
          : new HostCrashedError(pending.method, exit.code, exit.signal),
      );
    }
    if (this.current !== host) return; // a start attempt that failed; startWithBackoff handles it
    this.current = null;
    if (host.stopReason === 'close' || host.stopReason === 'restart') return;

    this.emit({
      type: 'host-crashed',
      exitCode: exit.code,
      signal: exit.signal,
      generation: host.generation,
      inFlight: inFlight.map(({ id, method }) => ({ id, method })),
    });
    this.consecutiveFailures += 1;
    this.crashedOnRequest = inFlight.length > 0 || host.stopReason === 'timeout';
    // Restart now rather than on the next request, so the replayed load/init is ready when it comes.
    if (!this.closed) void this.ready().catch(() => undefined);
  }

  private async stopCurrent(reason: 'close' | 'restart'): Promise<void> {
    const host = this.current;
    if (!host || host.exit) return;
    host.stopReason = reason;
    const exited = new Promise<void>((resolve) => host.process.onExit(() => resolve()));
    const killTimer = setTimeout(() => host.process.kill(), 5_000);
    try {
      await this.send(host, 'shutdown', {}, 5_000);
    } catch {
      host.process.kill();
    }
    await exited;
    clearTimeout(killTimer);
  }
}

function describeExit(exit: HostExit): string {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${String(exit.code)}`;
}
