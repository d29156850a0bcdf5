import { randomBytes } from 'node:crypto';

/** Which secret a token came from: the archive (会话内容存档) secret or the 客户联系/self-built app secret (docs/wecom-sdk.md §6.1, §6.3). */
export type TokenApp = 'archive' | 'contact';

export interface IssuedToken {
  corpid: string;
  app: TokenApp;
  /** Milliseconds on the emulator's clock. */
  expiresAt: number;
}

export type TokenCheck =
  { ok: true; token: IssuedToken } | { ok: false; reason: 'missing' | 'invalid' | 'expired' };

/** Random, opaque access tokens that expire after a TTL (tests use 1 s). */
export class TokenStore {
  private readonly tokens = new Map<string, IssuedToken>();
  issuedCount = 0;

  constructor(
    private readonly ttlSeconds: number,
    private readonly now: () => number,
  ) {}

  issue(corpid: string, app: TokenApp): { accessToken: string; expiresIn: number } {
    this.sweep();
    // Real tokens are long opaque strings (up to 512 bytes, docs/wecom-sdk.md §6.1).
    const accessToken = randomBytes(96).toString('base64url');
    this.tokens.set(accessToken, { corpid, app, expiresAt: this.now() + this.ttlSeconds * 1000 });
    this.issuedCount++;
    return { accessToken, expiresIn: this.ttlSeconds };
  }

  check(accessToken: string | null): TokenCheck {
    if (!accessToken) return { ok: false, reason: 'missing' };
    const token = this.tokens.get(accessToken);
    if (!token) return { ok: false, reason: 'invalid' };
    if (this.now() >= token.expiresAt) return { ok: false, reason: 'expired' };
    return { ok: true, token };
  }

  /** Forgets tokens long past expiry so a long-running emulator does not grow (expired ones still answer 42001 for a while). */
  private sweep(): void {
    const horizon = this.now() - Math.max(3600_000, this.ttlSeconds * 1000);
    for (const [key, token] of this.tokens) if (token.expiresAt < horizon) this.tokens.delete(key);
  }
}
