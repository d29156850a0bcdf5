import { request as httpRequest } from 'node:http';
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { Duplex } from 'node:stream';

/**
 * HTTP requests to the WeCom APIs through the corp's proxy — the same proxy the SDK uses for the
 * archive (docs/wecom-sdk.md §3.1: `socks5://10.0.0.1:1080` or `http://10.0.0.1:8080`, credentials
 * `user:password`). HTTP(S) proxies are tunnelled with CONNECT, SOCKS5 with its own handshake
 * (RFC 1928, user/password per RFC 1929); the API's TLS runs inside the tunnel, so the proxy sees
 * only the host name. Errors name the proxy's host and what went wrong, never the credentials.
 */
export interface ProxySettings {
  /** `socks5://host:port`, `socks5h://…`, `http://…` or `https://…` (TLS to the proxy itself). */
  url: string;
  /** `user:password`, or null. */
  credentials: string | null;
}

export interface ProxiedResponse {
  status: number;
  text: string;
}

export class ProxyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProxyError';
  }
}

const MAX_HEAD_BYTES = 16 * 1024;
const MAX_BODY_BYTES = 16 * 1024 * 1024;

export async function proxiedRequest(
  url: URL,
  init: { method: 'GET' | 'POST'; body?: string; headers?: Record<string, string> },
  proxy: ProxySettings,
  signal: AbortSignal,
): Promise<ProxiedResponse> {
  const target = { host: url.hostname, port: Number(url.port) || (url.protocol === 'https:' ? 443 : 80) };
  const tunnel = await openTunnel(proxy, target, signal);
  const stream: Duplex =
    url.protocol === 'https:'
      ? tlsConnect({
          socket: tunnel as Socket,
          // The certificate is checked against the API's host name (or address): `host` is what
          // Node verifies; without it, it would verify "localhost".
          host: url.hostname,
          servername: isIP(url.hostname) ? undefined : url.hostname,
        })
      : tunnel;
  return new Promise<ProxiedResponse>((resolve, reject) => {
    const onAbort = () => {
      request.destroy(new ProxyError(`${url.pathname} on ${url.host}: timed out through the proxy`));
    };
    const request = httpRequest(
      {
        method: init.method,
        host: url.hostname,
        path: `${url.pathname}${url.search}`,
        headers: {
          host: url.host,
          connection: 'close',
          ...(init.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(init.body)) }),
          ...init.headers,
        },
        createConnection: () => stream as Socket,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) request.destroy(new ProxyError(`${url.pathname}: answer too large`));
          else chunks.push(chunk);
        });
        response.on('end', () => {
          signal.removeEventListener('abort', onAbort);
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
        });
        response.on('error', reject);
      },
    );
    signal.addEventListener('abort', onAbort, { once: true });
    request.on('error', (error) => {
      signal.removeEventListener('abort', onAbort);
      stream.destroy();
      reject(
        error instanceof ProxyError
          ? error
          : new ProxyError(`${url.pathname} on ${url.host}: ${error.message}`),
      );
    });
    if (init.body !== undefined) request.write(init.body);
    request.end();
  });
}

/** A socket to `target` through the proxy, ready for the request (or its TLS). */
async function openTunnel(
  proxy: ProxySettings,
  target: { host: string; port: number },
  signal: AbortSignal,
): Promise<Duplex> {
  const parsed = parseProxy(proxy.url);
  const where = `the proxy ${parsed.host}:${parsed.port}`;
  if (signal.aborted) throw new ProxyError(`${where}: timed out`);
  const socket = await connectTo(parsed, where, signal);
  const onAbort = () => socket.destroy(new ProxyError(`${where}: timed out`));
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const reader = new SocketReader(socket, where);
    if (parsed.kind === 'socks5') await socksConnect(socket, reader, proxy.credentials, target, where);
    else await httpConnect(socket, reader, proxy.credentials, target, where);
    reader.release();
    return socket;
  } catch (error) {
    socket.destroy();
    throw error instanceof ProxyError ? error : new ProxyError(`${where}: ${String(error)}`);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

function parseProxy(text: string): { kind: 'socks5' | 'http'; tls: boolean; host: string; port: number } {
  const match = /^(socks5h?|http|https):\/\/([^\s:/@]+):(\d{1,5})\/?$/.exec(text);
  if (!match?.[1] || !match[2] || !match[3])
    throw new ProxyError('the proxy address is not socks5://host:port or http://host:port');
  return {
    kind: match[1].startsWith('socks') ? 'socks5' : 'http',
    tls: match[1] === 'https',
    host: match[2],
    port: Number(match[3]),
  };
}

function connectTo(
  proxy: { tls: boolean; host: string; port: number },
  where: string,
  signal: AbortSignal,
): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket: Socket = proxy.tls
      ? tlsConnect({
          host: proxy.host,
          port: proxy.port,
          servername: isIP(proxy.host) ? undefined : proxy.host,
        })
      : netConnect({ host: proxy.host, port: proxy.port });
    const fail = (error: Error) => {
      cleanup();
      socket.destroy();
      reject(new ProxyError(`${where}: ${describeSocketError(error)}`));
    };
    const ready = () => {
      cleanup();
      resolve(socket);
    };
    const aborted = () => fail(new Error('timed out'));
    const cleanup = () => {
      socket.off('error', fail);
      socket.off(proxy.tls ? 'secureConnect' : 'connect', ready);
      signal.removeEventListener('abort', aborted);
    };
    socket.once('error', fail);
    socket.once(proxy.tls ? 'secureConnect' : 'connect', ready);
    signal.addEventListener('abort', aborted, { once: true });
  });
}

function describeSocketError(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  if (code === 'ETIMEDOUT') return 'timed out';
  if (code === 'ECONNRESET') return 'connection reset';
  return error.message;
}

/** Reads exact byte counts or a header block from a socket during a handshake. */
class SocketReader {
  private buffered = Buffer.alloc(0);
  private waiter: (() => void) | null = null;
  private failure: Error | null = null;
  private readonly onData = (chunk: Buffer) => {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    this.waiter?.();
  };
  private readonly onEnd = () => this.fail(new ProxyError(`${this.where}: closed the connection`));
  private readonly onError = (error: Error) =>
    this.fail(new ProxyError(`${this.where}: ${describeSocketError(error)}`));

  constructor(
    private readonly socket: Socket,
    private readonly where: string,
  ) {
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('error', this.onError);
  }

  async bytes(count: number): Promise<Buffer> {
    await this.until(() => this.buffered.length >= count);
    const out = this.buffered.subarray(0, count);
    this.buffered = this.buffered.subarray(count);
    return out;
  }

  async head(): Promise<string> {
    await this.until(() => {
      if (this.buffered.length > MAX_HEAD_BYTES)
        throw new ProxyError(`${this.where}: answer header too large`);
      return this.buffered.includes('\r\n\r\n');
    });
    const end = this.buffered.indexOf('\r\n\r\n') + 4;
    const head = this.buffered.subarray(0, end).toString('latin1');
    this.buffered = this.buffered.subarray(end);
    return head;
  }

  /** Hands the socket back: listeners off, anything read ahead put back for the next reader. */
  release(): void {
    this.socket.off('data', this.onData);
    this.socket.off('end', this.onEnd);
    this.socket.off('error', this.onError);
    // Nothing more comes before the request is sent; anything read ahead goes back for its reader.
    if (this.buffered.length > 0) this.socket.unshift(this.buffered);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.waiter?.();
  }

  private async until(ready: () => boolean): Promise<void> {
    for (;;) {
      if (this.failure) throw this.failure;
      if (ready()) return;
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
      });
      this.waiter = null;
    }
  }
}

/** Asks the proxy for a tunnel to `target`; `where` names the proxy in errors. */
type ProxyHandshake = (
  socket: Socket,
  reader: SocketReader,
  credentials: string | null,
  target: { host: string; port: number },
  where: string,
) => Promise<void>;

const httpConnect: ProxyHandshake = async (socket, reader, credentials, target, where) => {
  const authority = `${isIP(target.host) === 6 ? `[${target.host}]` : target.host}:${target.port}`;
  const lines = [`CONNECT ${authority} HTTP/1.1`, `Host: ${authority}`];
  if (credentials) lines.push(`Proxy-Authorization: Basic ${Buffer.from(credentials).toString('base64')}`);
  socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  const head = await reader.head();
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
  if (status === 407) throw new ProxyError(`${where}: the proxy refused the credentials (HTTP 407)`);
  if (status !== 200) throw new ProxyError(`${where}: CONNECT answered HTTP ${status || 'garbage'}`);
};

const SOCKS_REPLIES: Readonly<Record<number, string>> = {
  1: 'general failure',
  2: 'connection not allowed by the proxy',
  3: 'network unreachable',
  4: 'host unreachable',
  5: 'connection refused',
  6: 'TTL expired',
  7: 'command not supported',
  8: 'address type not supported',
};

const socksConnect: ProxyHandshake = async (socket, reader, credentials, target, where) => {
  // Greeting: no authentication, and user/password when we have credentials.
  socket.write(Buffer.from(credentials ? [5, 2, 0, 2] : [5, 1, 0]));
  const [version, method] = await reader.bytes(2);
  if (version !== 5) throw new ProxyError(`${where}: not a SOCKS5 proxy`);
  if (method === 0xff) throw new ProxyError(`${where}: the proxy accepts none of our authentication methods`);
  if (method === 2) {
    if (!credentials) throw new ProxyError(`${where}: the proxy wants a user and password`);
    const colon = credentials.indexOf(':');
    const user = Buffer.from(credentials.slice(0, colon));
    const password = Buffer.from(credentials.slice(colon + 1));
    if (user.length > 255 || password.length > 255)
      throw new ProxyError(`${where}: user or password too long`);
    socket.write(
      Buffer.concat([Buffer.from([1, user.length]), user, Buffer.from([password.length]), password]),
    );
    const [, status] = await reader.bytes(2);
    if (status !== 0) throw new ProxyError(`${where}: the proxy refused the credentials`);
  } else if (method !== 0) {
    throw new ProxyError(`${where}: unexpected authentication method ${String(method)}`);
  }
  // CONNECT to the host by name (the proxy resolves it) or by address.
  const ipVersion = isIP(target.host);
  const address =
    ipVersion === 4
      ? Buffer.from([1, ...target.host.split('.').map(Number)])
      : Buffer.concat([Buffer.from([3, Buffer.byteLength(target.host)]), Buffer.from(target.host)]);
  const port = Buffer.from([target.port >> 8, target.port & 0xff]);
  socket.write(Buffer.concat([Buffer.from([5, 1, 0]), address, port]));
  const [replyVersion, reply, , addressType] = await reader.bytes(4);
  if (replyVersion !== 5) throw new ProxyError(`${where}: not a SOCKS5 answer`);
  if (reply !== 0) throw new ProxyError(`${where}: ${SOCKS_REPLIES[reply ?? 1] ?? `error ${String(reply)}`}`);
  // The bound address that follows: IPv4, a name, or IPv6; then the port.
  const boundLength =
    addressType === 1
      ? 4
      : addressType === 4
        ? 16
        : addressType === 3
          ? ((await reader.bytes(1))[0] ?? 0)
          : -1;
  if (boundLength < 0) throw new ProxyError(`${where}: unknown address type in the answer`);
  await reader.bytes(boundLength + 2);
};
