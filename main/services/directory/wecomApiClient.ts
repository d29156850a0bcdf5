import { AccessTokenCache } from './accessTokens';
import { proxiedRequest, ProxyError, type ProxySettings } from './proxiedRequest';
import type { IssuedToken, TokenCredentials } from './accessTokens';

/**
 * The WeCom HTTP APIs of docs/wecom-sdk.md §6 (every answer is HTTP 200 with an `errcode`). Tokens come from
 * AccessTokenCache; 40014/42001 drop the token and retry once with a fresh one; 45009/45033/-1 wait
 * and retry a few times; calls are spaced under each API's documented per-minute limit so a burst of
 * name look-ups never trips the server's own limiter. URLs carry the token, so they are never logged
 * or put into errors; WeCom's errmsg (which names the caller's IP, not a secret) is kept.
 */
export class WecomApiError extends Error {
  constructor(
    readonly errcode: number,
    message: string,
  ) {
    super(message);
    this.name = 'WecomApiError';
  }
}

export interface WecomApiClientOptions {
  fetch?: typeof fetch;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  timeoutMs?: number;
  /** Retries of 45009 / 45033 / -1 before giving up. */
  busyRetries?: number;
}

/** Official per-minute limits (docs/wecom-sdk.md §6.2–§6.7); others get the global 10 000/min per corp per API. */
const LIMITS_PER_MINUTE: Readonly<Record<string, number>> = {
  '/cgi-bin/msgaudit/groupchat/get': 2000,
  '/cgi-bin/msgaudit/get_robot_info': 600,
  '/cgi-bin/msgaudit/get_permit_user_list': 1000,
  '/cgi-bin/msgaudit/check_single_agree': 2500,
  '/cgi-bin/msgaudit/check_room_agree': 1500,
};
const DEFAULT_LIMIT_PER_MINUTE = 10_000;
const TOKEN_ERRCODES = new Set([40014, 42001]);
const BUSY_ERRCODES = new Set([-1, 45009, 45033]);

export class WecomApiClient {
  readonly tokens: AccessTokenCache;
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly timeoutMs: number;
  private readonly busyRetries: number;
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(options: WecomApiClientOptions = {}) {
    this.fetchImpl = options.fetch ?? fetch;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.busyRetries = options.busyRetries ?? 3;
    this.tokens = new AccessTokenCache((credentials) => this.fetchToken(credentials), this.now);
  }

  /** Calls one API with a token of these credentials and answers its JSON (errcode 0), or throws WecomApiError. */
  async call(
    credentials: TokenCredentials,
    path: string,
    request: { method: 'GET' | 'POST'; query?: Record<string, string>; body?: unknown },
  ): Promise<Record<string, unknown>> {
    let tokenRetried = false;
    for (let busy = 0; ;) {
      const token = await this.tokens.get(credentials);
      await this.waitForSlot(
        `${credentials.corpid} ${path}`,
        LIMITS_PER_MINUTE[path] ?? DEFAULT_LIMIT_PER_MINUTE,
      );
      const url = new URL(path, credentials.baseUrl);
      for (const [name, value] of Object.entries(request.query ?? {})) url.searchParams.set(name, value);
      url.searchParams.set('access_token', token);
      const answer = await this.send(url, request.method, request.body, credentials.proxy ?? null);
      const errcode = typeof answer['errcode'] === 'number' ? answer['errcode'] : 0;
      if (errcode === 0) return answer;
      if (TOKEN_ERRCODES.has(errcode) && !tokenRetried) {
        tokenRetried = true;
        this.tokens.invalidate(credentials, token);
        continue;
      }
      if (BUSY_ERRCODES.has(errcode) && busy < this.busyRetries) {
        busy += 1;
        // 45009 is a per-minute window: wait 15 s, 30 s, 60 s so the last try lands in a new window.
        await this.sleep(errcode === 45009 ? 15_000 * 2 ** (busy - 1) : 1000 * 2 ** busy);
        continue;
      }
      throw new WecomApiError(errcode, `${path}: ${errmsgOf(answer)}`);
    }
  }

  private async fetchToken({ baseUrl, corpid, secret, proxy }: TokenCredentials): Promise<IssuedToken> {
    const url = new URL('/cgi-bin/gettoken', baseUrl);
    url.searchParams.set('corpid', corpid);
    url.searchParams.set('corpsecret', secret);
    await this.waitForSlot(`${corpid} gettoken`, DEFAULT_LIMIT_PER_MINUTE);
    const answer = await this.send(url, 'GET', undefined, proxy ?? null);
    const errcode = typeof answer['errcode'] === 'number' ? answer['errcode'] : 0;
    const accessToken = answer['access_token'];
    if (errcode !== 0 || typeof accessToken !== 'string' || accessToken === '') {
      throw new WecomApiError(errcode || -1, `gettoken: ${errmsgOf(answer)}`);
    }
    const expiresIn = typeof answer['expires_in'] === 'number' ? answer['expires_in'] : 7200;
    return { accessToken, expiresIn };
  }

  private async send(
    url: URL,
    method: 'GET' | 'POST',
    body: unknown,
    proxy: ProxySettings | null,
  ): Promise<Record<string, unknown>> {
    const payload =
      method === 'POST'
        ? { body: JSON.stringify(body ?? {}), headers: { 'content-type': 'application/json' } }
        : {};
    let status: number;
    let text: string;
    try {
      if (proxy) {
        // Through the corp's proxy, as its SDK goes: a network that only allows the proxy out.
        ({ status, text } = await proxiedRequest(
          url,
          { method, ...payload },
          proxy,
          AbortSignal.timeout(this.timeoutMs),
        ));
      } else {
        const response = await this.fetchImpl(url, {
          method,
          ...payload,
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        status = response.status;
        text = await response.text();
      }
    } catch (error) {
      // ProxyError names the proxy's host and what failed; fetch's own text can include the URL
      // (and so the token): report the host only.
      if (error instanceof ProxyError) throw new WecomApiError(-2, error.message);
      const reason = error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'network error';
      throw new WecomApiError(-2, `${url.pathname} on ${url.host}: ${reason}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new WecomApiError(-3, `${url.pathname}: HTTP ${status}, not JSON`);
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      throw new WecomApiError(-3, `${url.pathname}: HTTP ${status}, unexpected answer`);
    }
    return json as Record<string, unknown>;
  }

  /** Spaces calls under a per-minute limit: over it, waits for the next window instead of being refused. */
  private async waitForSlot(key: string, limitPerMinute: number): Promise<void> {
    for (;;) {
      const now = this.now();
      let window = this.windows.get(key);
      if (!window || now - window.start >= 60_000) {
        window = { start: now, count: 0 };
        this.windows.set(key, window);
      }
      if (window.count < limitPerMinute) {
        window.count += 1;
        return;
      }
      await this.sleep(window.start + 60_000 - now);
    }
  }
}

function errmsgOf(answer: Record<string, unknown>): string {
  const errcode = typeof answer['errcode'] === 'number' ? answer['errcode'] : 'unknown';
  const errmsg = typeof answer['errmsg'] === 'string' ? answer['errmsg'].slice(0, 300) : '';
  return `errcode ${errcode} ${errmsg}`.trim();
}
