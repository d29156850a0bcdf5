import type { ProxySettings } from './proxiedRequest';
import { createHash } from 'node:crypto';

/**
 * WeCom access tokens (docs/wecom-sdk.md §6.1): cached per secret — the archive secret and the customer-contact
 * secret get different tokens — until shortly before `expires_in`, fetched once for concurrent callers
 * (calling gettoken too often gets the corp "频率拦截"), and dropped when an API answers 40014/42001.
 * The cache key is a hash; neither the secret nor the token is ever logged or put in an error.
 */
export interface TokenCredentials {
  baseUrl: string;
  corpid: string;
  secret: string;
  /** The corp's proxy (the one its SDK uses), or none: requests go out directly. */
  proxy?: ProxySettings | null;
}

export interface IssuedToken {
  accessToken: string;
  /** Seconds, as gettoken reports it. */
  expiresIn: number;
}

export type TokenFetcher = (credentials: TokenCredentials) => Promise<IssuedToken>;

interface CachedToken {
  accessToken: string;
  /** Milliseconds on `now()`'s clock after which the token is refreshed before use. */
  refreshAt: number;
}

/** Refresh this long before expiry (or at half the lifetime for very short tokens). */
const EARLY_REFRESH_MS = 5 * 60_000;

export class AccessTokenCache {
  private readonly cached = new Map<string, CachedToken>();
  private readonly inflight = new Map<string, Promise<string>>();
  fetches = 0;

  constructor(
    private readonly fetchToken: TokenFetcher,
    private readonly now: () => number = Date.now,
  ) {}

  /** A valid token for these credentials, from the cache when it has one. */
  async get(credentials: TokenCredentials): Promise<string> {
    const key = cacheKey(credentials);
    const hit = this.cached.get(key);
    if (hit && this.now() < hit.refreshAt) return hit.accessToken;
    const running = this.inflight.get(key);
    if (running) return running;
    const request = this.refresh(key, credentials).finally(() => this.inflight.delete(key));
    this.inflight.set(key, request);
    return request;
  }

  /** The API said this token is invalid or expired (40014/42001): forget it unless already replaced. */
  invalidate(credentials: TokenCredentials, accessToken: string): void {
    const key = cacheKey(credentials);
    if (this.cached.get(key)?.accessToken === accessToken) this.cached.delete(key);
  }

  private async refresh(key: string, credentials: TokenCredentials): Promise<string> {
    this.fetches += 1;
    const issued = await this.fetchToken(credentials);
    const lifetimeMs = Math.max(0, issued.expiresIn) * 1000;
    const margin = Math.min(EARLY_REFRESH_MS, lifetimeMs / 2);
    this.cached.set(key, { accessToken: issued.accessToken, refreshAt: this.now() + lifetimeMs - margin });
    return issued.accessToken;
  }
}

function cacheKey({ baseUrl, corpid, secret }: TokenCredentials): string {
  return createHash('sha256').update(`${baseUrl}\u0000${corpid}\u0000${secret}`).digest('hex');
}
