import { SESSION_ENDED_CLOSE_CODE } from '../../main/common/shellSession';
import type { ArchiveApi, ArchiveEvent, MethodName, Result, ServerFrame } from '../../main/contract';
import type { ConnectionMonitor, ConnectionState } from './connectionState';
import { METHOD_NAMES, parseServerFrame } from '../../main/common/contract';
import type { CallFrame } from '../../main/common/contract';
import { reconnectDelay } from './reconnectDelay';

/** The part of the DOM WebSocket the transport uses; tests pass a fake. */
export interface SocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
}

export interface WebSocketTransportOptions {
  /** The `/ipc` URL, read on every attempt; null = this page cannot connect (no session). */
  url: () => string | null;
  openSocket: (url: string) => SocketLike;
  /**
   * Asked when a handshake fails (browsers do not say why): a state retrying cannot leave
   * (`no-session`, `session-ended`, `already-open`), or null when the shell is just not there.
   */
  whyRefused?: () => Promise<ConnectionState | null>;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  delay?: (attempt: number) => number;
}

export interface WebSocketTransport {
  archive: ArchiveApi;
  connection: ConnectionMonitor;
  /** Drops any waiting and connects at once. */
  reconnectNow(): void;
  /** Closes for good (tests). */
  close(): void;
}

type Resolve = (result: Result<unknown>) => void;

/** What a call that was sent, but not answered, gets when the socket drops. */
export const CONNECTION_LOST: Result<never> = {
  ok: false,
  error: { code: 'internal', message: 'connection lost' },
};

/**
 * The browser shell's transport (docs/style.md §8): the contract's verbs as `call` frames over one
 * WebSocket, answers matched by id, events fanned out to subscribers. When the socket drops, calls
 * in flight fail with `connection lost` (their outcome is unknown, so the caller decides), new calls
 * fail fast until the socket is back, and the transport reconnects with backoff. Calls made before
 * the very first connect wait for it: that is just start-up.
 *
 * Some refusals cannot be retried away (main/common/shellSession.ts): this browser has no session,
 * every session was ended (a live socket is closed with a code saying so), or another tab is the
 * live UI. Those states are final for the page; the user follows the screen's advice (a new
 * one-time link, or the other tab).
 */
/** "Already open" is tried once more after this long: the other socket may be a reload's old page. */
const ALREADY_OPEN_RETRY_MS = 1_000;

const isFinal = (state: ConnectionState) =>
  state === 'no-session' || state === 'session-ended' || state === 'already-open';

export function createWebSocketTransport(options: WebSocketTransportOptions): WebSocketTransport {
  const setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
  const clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle as number));
  const delay = options.delay ?? reconnectDelay;

  const stateListeners = new Set<(state: ConnectionState) => void>();
  const reconnectListeners = new Set<() => void>();
  const eventListeners = new Set<(event: ArchiveEvent) => void>();
  const inFlight = new Map<number, Resolve>();
  const beforeFirstConnect: Array<{ frame: CallFrame; resolve: Resolve }> = [];

  let socket: SocketLike | null = null;
  let open = false;
  let everConnected = false;
  let failedAttempts = 0;
  let retryTimer: unknown = null;
  let closed = false;
  let alreadyOpenRetried = false;
  /** Bumped by every connect, so an answer of `whyRefused` about an older attempt is ignored. */
  let attempt = 0;
  let nextId = 1;
  let state: ConnectionState = 'connecting';

  const setState = (next: ConnectionState) => {
    if (next === state) return;
    state = next;
    for (const listener of stateListeners) listener(next);
  };

  function connect(): void {
    retryTimer = null;
    attempt += 1;
    if (closed) return;
    const url = options.url();
    if (url === null) {
      stopFor('no-session');
      return;
    }
    setState(everConnected ? 'reconnecting' : 'connecting');
    const current = options.openSocket(url);
    socket = current;
    current.onopen = () => {
      if (socket !== current) return;
      open = true;
      failedAttempts = 0;
      alreadyOpenRetried = false;
      const wasReconnect = everConnected;
      everConnected = true;
      setState('connected');
      for (const { frame, resolve } of beforeFirstConnect.splice(0)) send(frame, resolve);
      if (wasReconnect) for (const listener of reconnectListeners) listener();
    };
    current.onmessage = (message) => {
      if (socket !== current || typeof message.data !== 'string') return;
      // The parser checked the envelope and event shapes; their payloads are the contract's own.
      const frame = parseServerFrame(message.data) as ServerFrame | null;
      if (frame?.kind === 'result') {
        const resolve = inFlight.get(frame.id);
        inFlight.delete(frame.id);
        resolve?.(frame.result);
      } else if (frame?.kind === 'event') {
        for (const listener of eventListeners) listener(frame.event);
      }
    };
    // Browsers report a refused handshake as an error followed by close; close alone drives retry.
    current.onerror = () => undefined;
    current.onclose = (event) => {
      if (socket !== current) return;
      const wasOpen = open;
      dropSocket();
      if (event.code === SESSION_ENDED_CLOSE_CODE) stopFor('session-ended');
      else if (!wasOpen && options.whyRefused) askWhy(options.whyRefused);
      else scheduleRetry();
    };
  }

  function askWhy(whyRefused: () => Promise<ConnectionState | null>): void {
    const asked = attempt;
    const settle = (reason: ConnectionState | null) => {
      if (closed || asked !== attempt || retryTimer !== null) return;
      if (reason === 'already-open' && !alreadyOpenRetried) {
        alreadyOpenRetried = true;
        retryTimer = setTimer(connect, ALREADY_OPEN_RETRY_MS);
      } else if (reason !== null && isFinal(reason)) stopFor(reason);
      else scheduleRetry();
    };
    whyRefused().then(settle, () => settle(null));
  }

  /** A state retrying cannot leave: calls waiting for the first connect fail now. */
  function stopFor(final: ConnectionState): void {
    setState(final);
    for (const { resolve } of beforeFirstConnect.splice(0)) resolve(CONNECTION_LOST);
  }

  function dropSocket(): void {
    const current = socket;
    socket = null;
    open = false;
    if (current) {
      current.onopen = current.onmessage = current.onclose = current.onerror = null;
    }
    for (const resolve of inFlight.values()) resolve(CONNECTION_LOST);
    inFlight.clear();
    if (everConnected) setState('reconnecting');
  }

  function scheduleRetry(): void {
    if (closed) return;
    failedAttempts += 1;
    retryTimer = setTimer(connect, delay(failedAttempts));
  }

  function send(frame: CallFrame, resolve: Resolve): void {
    if (!socket || !open) {
      resolve(CONNECTION_LOST);
      return;
    }
    inFlight.set(frame.id, resolve);
    try {
      socket.send(JSON.stringify(frame));
    } catch {
      inFlight.delete(frame.id);
      resolve(CONNECTION_LOST);
    }
  }

  function call(method: MethodName, params: unknown): Promise<Result<unknown>> {
    return new Promise((resolve) => {
      const frame: CallFrame = { kind: 'call', id: nextId++, method, params };
      if (!everConnected && !closed && !isFinal(state)) beforeFirstConnect.push({ frame, resolve });
      else send(frame, resolve);
    });
  }

  const verbs = Object.fromEntries(
    METHOD_NAMES.map((method) => [method, (params: unknown) => call(method, params)]),
  ) as Omit<ArchiveApi, 'subscribe'>;

  const archive: ArchiveApi = {
    ...verbs,
    subscribe(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
  };

  const connection: ConnectionMonitor = {
    get state() {
      return state;
    },
    get failedAttempts() {
      return failedAttempts;
    },
    subscribe(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    onReconnect(listener) {
      reconnectListeners.add(listener);
      return () => reconnectListeners.delete(listener);
    },
  };

  connect();

  return {
    archive,
    connection,
    reconnectNow() {
      if (closed || open) return;
      if (retryTimer !== null) clearTimer(retryTimer);
      const stale = socket;
      dropSocket();
      stale?.close();
      connect();
    },
    close() {
      closed = true;
      if (retryTimer !== null) clearTimer(retryTimer);
      const current = socket;
      dropSocket();
      current?.close(1000, 'closing');
      for (const { resolve } of beforeFirstConnect.splice(0)) resolve(CONNECTION_LOST);
    },
  };
}
