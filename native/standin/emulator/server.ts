import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadEmulatorData, type EmulatedCorp } from './emulatorData';
import { ErrCode, errorBody, type ErrCodeValue } from './errors';
import { RateLimiter } from './rateLimiter';
import { ROUTES, type Route } from './routes';
import { TokenStore } from './tokens';

/**
 * A local stand-in for the WeCom HTTP APIs (docs/wecom-sdk.md §6) on loopback, answering from a corpus root
 * (corps.tsv for credentials and flags, api.json for data). Every answer is HTTP 200 with a WeCom
 * `errcode`, as the real service does.
 */

export interface ApiEmulatorOptions {
  root: string;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: '127.0.0.1';
  /** Token lifetime reported as `expires_in` (default 7200, docs/wecom-sdk.md §6.1). */
  tokenTtlSeconds?: number;
  /** Overrides every endpoint's per-minute limit (default: the documented per-API limits). */
  rateLimitPerMinute?: number;
  /** Clock in milliseconds, for tests that move time instead of sleeping. */
  now?: () => number;
}

export interface ApiEmulator {
  url: string;
  close(): Promise<void>;
  stats(): { requests: number; tokensIssued: number };
}

const MAX_BODY_BYTES = 1 << 20;
const GETTOKEN_LIMIT_PER_MINUTE = 10_000;

export async function startApiEmulator(opts: ApiEmulatorOptions): Promise<ApiEmulator> {
  const corps = loadEmulatorData(opts.root);
  const now = opts.now ?? Date.now;
  const tokens = new TokenStore(opts.tokenTtlSeconds ?? 7200, now);
  const limiter = new RateLimiter(now);
  let requests = 0;

  const server = createServer((req, res) => {
    requests++;
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, { errcode: -1, errmsg: 'system error' });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const clientIp = req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1';
    const reply = (code: ErrCodeValue): void => send(res, errorBody(code, clientIp, hint(now)));
    const rawBody = await readBody(req);

    if (url.pathname === '/cgi-bin/gettoken') {
      const corpid = url.searchParams.get('corpid');
      const secret = url.searchParams.get('corpsecret');
      if (!corpid) return reply(ErrCode.corpidMissing);
      if (!secret) return reply(ErrCode.secretMissing);
      const corp = corps.get(corpid);
      if (!corp) return reply(ErrCode.invalidCorpid);
      if (!limiter.allow(`${corpid} gettoken`, opts.rateLimitPerMinute ?? GETTOKEN_LIMIT_PER_MINUTE))
        return reply(ErrCode.frequencyLimit);
      const app = appForSecret(corp, secret);
      if (!app) return reply(ErrCode.invalidCredential);
      const issued = tokens.issue(corp.corpid, app);
      return send(res, {
        errcode: 0,
        errmsg: 'ok',
        access_token: issued.accessToken,
        expires_in: issued.expiresIn,
      });
    }

    const route: Route | undefined = ROUTES[url.pathname];
    if (!route) {
      res.writeHead(404, { 'content-type': 'application/json; charset=UTF-8' });
      res.end(JSON.stringify({ errcode: 404, errmsg: `unknown api ${url.pathname}` }));
      return;
    }
    const check = tokens.check(url.searchParams.get('access_token'));
    if (!check.ok)
      return reply(
        check.reason === 'missing'
          ? ErrCode.accessTokenMissing
          : check.reason === 'expired'
            ? ErrCode.accessTokenExpired
            : ErrCode.invalidAccessToken,
      );
    const corp = corps.get(check.token.corpid);
    if (!corp) return reply(ErrCode.invalidAccessToken);
    if (!limiter.allow(`${corp.corpid} ${url.pathname}`, opts.rateLimitPerMinute ?? route.limitPerMinute))
      return reply(ErrCode.frequencyLimit);
    // Trusted-IP rule: a corp that has not whitelisted this machine gets 60020 from every API (docs/wecom-sdk.md §6.1).
    if (!corp.whitelisted) return reply(ErrCode.ipNotAllowed);
    if (check.token.app !== route.app) return reply(ErrCode.noPrivilege);
    if (route.msgaudit && !corp.msgaudit) return reply(ErrCode.msgauditNotOpen);
    if (route.msgaudit && corp.expired) return reply(ErrCode.msgauditExpired);

    let body: Record<string, unknown> | undefined;
    if (route.method === 'POST') {
      const parsed = parseJsonObject(rawBody, route.emptyBodyAllowed === true);
      if (parsed === null) return reply(ErrCode.dataFormatError);
      body = parsed;
    }
    const outcome = route.handle({ corp, query: url.searchParams, body });
    if (!outcome.ok) return reply(outcome.code);
    send(
      res,
      route.errcodeLast
        ? { ...outcome.data, errcode: 0, errmsg: 'ok' }
        : { errcode: 0, errmsg: 'ok', ...outcome.data },
    );
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
    stats: () => ({ requests, tokensIssued: tokens.issuedCount }),
  };
}

function appForSecret(corp: EmulatedCorp, secret: string): 'archive' | 'contact' | null {
  const digest = createHash('sha256').update(secret).digest('hex');
  if (digest === corp.secretSha256) return 'archive';
  if (corp.contactSecretSha256 !== null && digest === corp.contactSecretSha256) return 'contact';
  return null;
}

function parseJsonObject(raw: string, emptyAllowed: boolean): Record<string, unknown> | null {
  if (raw.trim() === '') return emptyAllowed ? {} : null;
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return '\u0000too large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, payload: unknown): void {
  const text = JSON.stringify(payload);
  res.writeHead(200, {
    'content-type': 'application/json; charset=UTF-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** WeCom's hint looks like "[1717372800_a1b2c3…]": a time and a request id. */
function hint(now: () => number): string {
  return `${Math.floor(now() / 1000)}_${randomBytes(8).toString('hex')}`;
}
