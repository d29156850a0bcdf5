import { createReadStream } from 'node:fs';
import { createServer, STATUS_CODES } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { RawData, WebSocket } from 'ws';
import { BOOTSTRAP_PATH, SESSION_ENDED_CLOSE_CODE, SESSION_STATE_PATH } from '../common/shellSession';
import type { SessionStanding } from '../common/shellSession';
import type { ArchiveService } from '../services/archiveService.types';
import { answerMediaRequest, MEDIA_ROUTE_PREFIX } from '../services/media/mediaRoute';
import { dispatchCall } from '../shell-common/dispatchCall';
import type { ShellLog } from '../shell-common/jsonLog';
import { readRendererFile } from '../shell-common/rendererFiles';
import { OWNER_PATH, ownerProof } from './portOwner';
import {
  clearSessionCookieHeader,
  createSessionAuthority,
  readSessionCookie,
  sessionCookieHeader,
} from './session';
import type { RedeemRefusal, SessionAuthority } from './session';
import { parseCallFrame, WEB_SOCKET_PATH } from '../contract';
import type { CallFrame, EventFrame, ResultFrame } from '../contract';

/**
 * The browser shell (docs/style.md §8): the built renderer and the contract's verbs over a loopback
 * WebSocket, for machines without an Electron binary and for e2e tests in plain Chromium.
 *
 * Access (docs/security.md): a one-time code from `bootstrapUrl()` is exchanged at `/session` for an
 * HttpOnly, SameSite=Strict cookie; `/ipc` and `/media/` need that cookie, and only one socket at a
 * time is the live UI (it alone gets answers and events).
 *
 * The port is fixed on purpose: IndexedDB belongs to the origin and the origin includes the port,
 * so a random port would open an empty archive every time (docs/platform-facts.md §5).
 */
export const DEFAULT_PORT = 47821;
export const LOOPBACK_HOST = '127.0.0.1';

/**
 * `decryptEnvelopes` may carry up to 2,000 envelopes in one call; ws's 100 MiB default is about right,
 * stated here so the limit is a decision rather than an accident.
 */
const MAX_FRAME_BYTES = 128 * 1024 * 1024;

export interface WebShellServerOptions {
  service: ArchiveService;
  /** The built renderer (index.html and assets). */
  rendererDir: string;
  /** 0 picks a free port (tests only: a changing port means a changing IndexedDB). */
  port: number;
  /** Who holds a session; injectable for tests (a fake clock). */
  sessions?: SessionAuthority;
  /** This run's secret for the port-ownership challenge (portOwner.ts); without it the endpoint is absent. */
  ownerSecret?: Buffer;
  /** A code was redeemed or refused at `/session` (the shell tells the user in its terminal). */
  onBootstrap?: (outcome: { ok: true } | { ok: false; reason: RedeemRefusal }) => void;
  log: ShellLog;
}

export interface WebShellServer {
  /** `http://127.0.0.1:<port>`: the only Origin allowed to open `/ipc`. */
  readonly origin: string;
  readonly port: number;
  /** The app's address, with no credential in it (for the banner). */
  readonly url: string;
  readonly sessions: SessionAuthority;
  /** A new one-time link: `/session?code=…`, valid for seconds and for one use. */
  bootstrapUrl(): string;
  close(): Promise<void>;
}

function rawDataToText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

type RefusalStatus = 400 | 401 | 403 | 404 | 409 | 421;

function refuseUpgrade(socket: Duplex, status: RefusalStatus): void {
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
  );
}

export async function startWebShellServer(options: WebShellServerOptions): Promise<WebShellServer> {
  const { service, rendererDir, log } = options;
  const sessions = options.sessions ?? createSessionAuthority();
  const sockets = new Set<WebSocket>();
  /** The one socket that is the UI: it alone gets answers and events. */
  let live: WebSocket | null = null;
  let connectionsSoFar = 0;
  // Filled in once listening: with port 0 the real port is known only then.
  let ownHost = '';
  let origin = '';
  let port = options.port;

  /**
   * DNS rebinding defence: a page on evil.example resolving to 127.0.0.1 sends `Host: evil.example`.
   * Only our own literal host is served (the Origin check below covers the WebSocket as well).
   */
  const isOwnHost = (host: string | undefined) => host === ownHost;

  async function serveRenderer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!isOwnHost(request.headers.host)) {
      response.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Misdirected request');
      return;
    }
    const pathname = (request.url ?? '/').split(/[?#]/, 1)[0] ?? '/';
    if (pathname === WEB_SOCKET_PATH) {
      response.writeHead(426, { Upgrade: 'websocket' }).end();
      return;
    }
    if (pathname === '/favicon.ico') {
      // Chromium asks for it on some navigations although index.html names its icon: "no content"
      // instead of a 404 that the console reports as an error.
      response.writeHead(204, { 'Cache-Control': 'max-age=86400' }).end();
      return;
    }
    if (pathname === BOOTSTRAP_PATH) {
      redeemBootstrap(request, response);
      return;
    }
    if (pathname === SESSION_STATE_PATH) {
      response
        .writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' })
        .end(JSON.stringify({ state: standing(request) }));
      return;
    }
    if (pathname === OWNER_PATH && options.ownerSecret) {
      answerOwnerChallenge(request, response, options.ownerSecret);
      return;
    }
    if (pathname.startsWith(MEDIA_ROUTE_PREFIX)) {
      // Media are decrypted archive content: only a browser holding a session gets them.
      if (sessions.check(sessionOf(request)) !== 'valid') {
        response.writeHead(403, { 'Cache-Control': 'no-store' }).end();
        return;
      }
      await serveMedia(request, response, pathname);
      return;
    }
    const file = await readRendererFile(rendererDir, request.method ?? 'GET', pathname);
    response.writeHead(file.status, file.headers);
    if (file.body) response.end(file.body);
    else
      response.end(file.status === 200 || request.method === 'HEAD' ? undefined : STATUS_CODES[file.status]);
  }

  const sessionOf = (request: IncomingMessage) => readSessionCookie(request.headers.cookie, port);

  /** This request's browser: its session, and whether another socket is the live UI. */
  function standing(request: IncomingMessage): SessionStanding {
    const state = sessions.check(sessionOf(request));
    if (state === 'none') return 'no-session';
    if (state === 'ended') return 'session-ended';
    // A closing socket (its tab is unloading) no longer counts: a reload must not lock itself out.
    return live && live.readyState === live.OPEN ? 'already-open' : 'ok';
  }

  /**
   * `GET /session?code=…`: a valid code sets the session cookie; either way the browser goes on to
   * `/` without the code in its address bar, and the renderer explains a refusal (no session, or
   * every session ended because the code was used twice).
   */
  function redeemBootstrap(request: IncomingMessage, response: ServerResponse): void {
    const headers: Record<string, string> = {
      Location: '/',
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
    };
    if (request.method !== 'GET') {
      response.writeHead(405, { Allow: 'GET', 'Cache-Control': 'no-store' }).end();
      return;
    }
    const code = new URL(request.url ?? '/', origin).searchParams.get('code') ?? '';
    const outcome = sessions.redeem(code);
    options.onBootstrap?.(outcome.ok ? { ok: true } : { ok: false, reason: outcome.reason });
    if (outcome.ok) {
      headers['Set-Cookie'] = sessionCookieHeader(port, outcome.sessionValue);
    } else {
      log('warn', 'web shell: one-time code refused', { reason: outcome.reason });
      if (outcome.reason === 'reused') headers['Set-Cookie'] = clearSessionCookieHeader(port);
    }
    response.writeHead(303, headers).end();
  }

  function answerOwnerChallenge(request: IncomingMessage, response: ServerResponse, secret: Buffer): void {
    const nonce = new URL(request.url ?? '/', origin).searchParams.get('nonce') ?? '';
    if (!/^[0-9a-f]{32}$/.test(nonce)) {
      response.writeHead(400, { 'Cache-Control': 'no-store' }).end();
      return;
    }
    response
      .writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' })
      .end(ownerProof(secret, port, nonce));
  }

  /** Opaque media ids → files inside the media dir, with Range for seeking (docs/style.md §6). */
  async function serveMedia(
    request: IncomingMessage,
    response: ServerResponse,
    pathname: string,
  ): Promise<void> {
    const secFetchSite = request.headers['sec-fetch-site'];
    const answer = await answerMediaRequest(service.resolveMedia?.bind(service), {
      pathname,
      method: request.method ?? 'GET',
      range: request.headers.range,
      secFetchSite: Array.isArray(secFetchSite) ? secFetchSite[0] : secFetchSite,
    });
    response.writeHead(answer.status, answer.headers);
    if (!answer.body) {
      response.end();
      return;
    }
    const stream = createReadStream(answer.body.file, { start: answer.body.start, end: answer.body.end });
    stream.on('error', () => response.destroy());
    response.on('close', () => stream.destroy());
    stream.pipe(response);
  }

  const httpServer = createServer((request, response) => {
    serveRenderer(request, response).catch((error: unknown) => {
      log('error', 'web shell: serving a renderer file failed', {
        error: error instanceof Error ? error.message : String(error),
      });
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });

  const webSockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  /**
   * Why an upgrade is refused, or null when path, host, Origin and session cookie are right and no
   * other socket is the live UI. The tab asks `/session/state` for the reason of a refusal.
   */
  function upgradeRefusal(request: IncomingMessage): { status: RefusalStatus; reason: string } | null {
    let url: URL;
    try {
      url = new URL(request.url ?? '/', origin);
    } catch {
      return { status: 400, reason: 'bad-url' };
    }
    if (url.pathname !== WEB_SOCKET_PATH) return { status: 404, reason: 'wrong-path' };
    if (!isOwnHost(request.headers.host)) return { status: 421, reason: 'wrong-host' };
    // Browsers always send Origin on WebSocket handshakes; a page of another origin cannot fake it.
    if (request.headers.origin !== origin) return { status: 403, reason: 'wrong-origin' };
    const state = standing(request);
    if (state === 'no-session') return { status: 401, reason: state };
    if (state === 'session-ended') return { status: 403, reason: state };
    if (state === 'already-open') return { status: 409, reason: state };
    return null;
  }

  function send(socket: WebSocket, frame: ResultFrame | EventFrame): void {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  }

  async function answer(socket: WebSocket, call: CallFrame): Promise<void> {
    const result = await dispatchCall(service, call.method, call.params, log);
    send(socket, { kind: 'result', id: call.id, result });
  }

  function onConnection(socket: WebSocket): void {
    // Two handshakes that passed the check together: the later one tries again (and is refused).
    if (live && live.readyState === live.OPEN) {
      socket.close(1013, 'already open');
      return;
    }
    // A later connection means the page reloaded (or the old tab closed): the old consumer of
    // in-flight pulls is gone, so the service stops them before the new renderer resumes.
    if (connectionsSoFar > 0) service.rendererReset();
    connectionsSoFar += 1;
    live = socket;
    sockets.add(socket);
    socket.on('message', (data, isBinary) => {
      if (isBinary) {
        socket.close(1003, 'text frames only');
        return;
      }
      const call = parseCallFrame(rawDataToText(data));
      if (call === null) {
        socket.close(1008, 'malformed frame');
        return;
      }
      void answer(socket, call);
    });
    socket.on('close', () => {
      sockets.delete(socket);
      if (live === socket) live = null;
    });
    socket.on('error', (error) => log('warn', 'web shell: socket error', { error: error.message }));
  }

  httpServer.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refusal = upgradeRefusal(request);
    if (refusal) {
      log('warn', 'web shell: /ipc connection refused', { reason: refusal.reason });
      refuseUpgrade(socket, refusal.status);
      return;
    }
    webSockets.handleUpgrade(request, socket, head, onConnection);
  });

  const unsubscribeService = service.onEvent((event) => {
    if (live) send(live, { kind: 'event', event });
  });
  // A replayed code ended every session: the live UI learns it at once, not at its next call.
  const unsubscribeSessions = sessions.onEnded(() => {
    for (const socket of sockets) socket.close(SESSION_ENDED_CLOSE_CODE, 'sessions ended');
  });
  const unsubscribe = () => {
    unsubscribeService();
    unsubscribeSessions();
  };

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, LOOPBACK_HOST, () => {
      httpServer.off('error', reject);
      resolve();
    });
  }).catch((error: unknown) => {
    unsubscribe();
    throw error;
  });

  const address = httpServer.address();
  port = typeof address === 'object' && address !== null ? address.port : options.port;
  ownHost = `${LOOPBACK_HOST}:${port}`;
  origin = `http://${ownHost}`;

  return {
    origin,
    port,
    url: `${origin}/`,
    sessions,
    bootstrapUrl() {
      return `${origin}${BOOTSTRAP_PATH}?code=${sessions.issueCode().code}`;
    },
    async close() {
      unsubscribe();
      for (const socket of sockets) socket.terminate();
      sockets.clear();
      await new Promise<void>((resolve) => webSockets.close(() => resolve()));
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}
