import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createServer, STATUS_CODES } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { RawData, WebSocket } from 'ws';
import type { ArchiveService } from '../services/archiveService.types';
import { answerMediaRequest, MEDIA_ROUTE_PREFIX } from '../services/media/mediaRoute';
import { dispatchCall } from '../shell-common/dispatchCall';
import type { ShellLog } from '../shell-common/jsonLog';
import { readRendererFile } from '../shell-common/rendererFiles';
import { parseCallFrame, WEB_SOCKET_PATH } from '../contract';
import type { CallFrame, EventFrame, ResultFrame } from '../contract';

/**
 * The browser shell (STYLE.md §8): the built renderer and the contract's verbs over a loopback
 * WebSocket, for machines without an Electron binary and for e2e tests in plain Chromium.
 *
 * The port is fixed on purpose: IndexedDB belongs to the origin and the origin includes the port,
 * so a random port would open an empty archive every time (PLATFORM-FACTS, IndexedDB).
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
  /** Defaults to 32 random bytes; injectable for tests. */
  token?: string;
  log: ShellLog;
}

export interface WebShellServer {
  /** `http://127.0.0.1:<port>`: the only Origin allowed to open `/ipc`. */
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  /** What the user opens. The token rides in the fragment, which browsers never send to a server. */
  readonly appUrl: string;
  close(): Promise<void>;
}

/** Equal-time comparison of two strings of any length (hashing first removes the length signal). */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function rawDataToText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

function refuseUpgrade(socket: Duplex, status: 400 | 403 | 404 | 421): void {
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
  );
}

export async function startWebShellServer(options: WebShellServerOptions): Promise<WebShellServer> {
  const { service, rendererDir, log } = options;
  const token = options.token ?? randomBytes(32).toString('base64url');
  const sockets = new Set<WebSocket>();
  let connectionsSoFar = 0;
  // Filled in once listening: with port 0 the real port is known only then.
  let ownHost = '';
  let origin = '';

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
    if (pathname.startsWith(MEDIA_ROUTE_PREFIX)) {
      await serveMedia(request, response, pathname);
      return;
    }
    const file = await readRendererFile(rendererDir, request.method ?? 'GET', pathname);
    response.writeHead(file.status, file.headers);
    if (file.body) response.end(file.body);
    else
      response.end(file.status === 200 || request.method === 'HEAD' ? undefined : STATUS_CODES[file.status]);
  }

  /** Opaque media ids → files inside the media dir, with Range for seeking (STYLE.md §6). */
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

  /** Why an upgrade is refused, or null when path, host, Origin and token all match. */
  function upgradeRefusal(
    request: IncomingMessage,
  ): { status: 400 | 403 | 404 | 421; reason: string } | null {
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
    if (!sameSecret(url.searchParams.get('token') ?? '', token))
      return { status: 403, reason: 'wrong-token' };
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
    // A second connection means the page reloaded (or another tab opened): the old consumer of
    // in-flight pulls is gone, so the service stops them before the new renderer resumes.
    if (connectionsSoFar > 0) service.rendererReset();
    connectionsSoFar += 1;
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
    socket.on('close', () => sockets.delete(socket));
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

  const unsubscribe = service.onEvent((event) => {
    for (const socket of sockets) send(socket, { kind: 'event', event });
  });

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
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  ownHost = `${LOOPBACK_HOST}:${port}`;
  origin = `http://${ownHost}`;

  return {
    origin,
    port,
    token,
    appUrl: `${origin}/#token=${token}`,
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
