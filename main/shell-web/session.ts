import { createHash, randomBytes } from 'node:crypto';

/**
 * Who may drive the browser shell (docs/security.md, "Browser shell session").
 *
 * The shell hands out short-lived, single-use bootstrap codes: one rides on Chromium's command line
 * when the shell opens its window, others are printed in the terminal on request. A code is exchanged
 * once, over HTTP, for a random session value that lives only in an HttpOnly, SameSite=Strict cookie
 * (never in a URL, on a command line or in stdout). Only hashes of codes and session values are kept.
 *
 * A code used a second time means someone else read it (the process table shows command lines to
 * every local user): the second use is refused and every session and outstanding code is ended, so
 * whoever won the race loses the connection too, and the user is told.
 */
export const BOOTSTRAP_TTL_MS = 30_000;

/** Used and expired codes are remembered this long, so a late replay is still recognised as one. */
const REMEMBER_USED_MS = 24 * 60 * 60 * 1000;

export type RedeemRefusal = 'unknown' | 'expired' | 'reused';

export type RedeemOutcome = { ok: true; sessionValue: string } | { ok: false; reason: RedeemRefusal };

export type SessionState = 'valid' | 'none' | 'ended';

export interface SessionAuthority {
  /** A new single-use code, valid for `ttlMs` from now. */
  issueCode(): { code: string; expiresAt: number };
  /** Exchanges a code for a new session value (put in the cookie), or says why not. */
  redeem(code: string): RedeemOutcome;
  /** `ended` while the last thing that happened was a replay that ended every session. */
  check(sessionValue: string | undefined): SessionState;
  /** Ends every session and voids every outstanding code. */
  endAll(): void;
  /** Called after a replay ended every session (the shell reports it and closes the live socket). */
  onEnded(listener: () => void): () => void;
}

interface CodeRecord {
  expiresAt: number;
  usedAt: number | null;
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');

/** Codes and session values are 32 random bytes, base64url; anything else is not worth hashing. */
const plausible = (value: string) => /^[A-Za-z0-9_-]{16,128}$/.test(value);

export function createSessionAuthority(
  options: { now?: () => number; ttlMs?: number; random?: () => string } = {},
): SessionAuthority {
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlMs ?? BOOTSTRAP_TTL_MS;
  const random = options.random ?? (() => randomBytes(32).toString('base64url'));
  const codes = new Map<string, CodeRecord>();
  const sessions = new Set<string>();
  const endedListeners = new Set<() => void>();
  let ended = false;

  /** Forgets outstanding codes that expired unused and used codes older than a day. */
  function prune(at: number): void {
    for (const [hash, record] of codes) {
      const forgetAt = record.usedAt === null ? record.expiresAt + ttlMs : record.usedAt + REMEMBER_USED_MS;
      if (at > forgetAt) codes.delete(hash);
    }
  }

  function endAll(): void {
    sessions.clear();
    // Outstanding codes expire at once: whoever holds one must ask for a new link.
    const at = now();
    for (const record of codes.values()) record.expiresAt = Math.min(record.expiresAt, at - 1);
  }

  return {
    issueCode() {
      const at = now();
      prune(at);
      const code = random();
      const expiresAt = at + ttlMs;
      codes.set(digest(code), { expiresAt, usedAt: null });
      return { code, expiresAt };
    },
    redeem(code) {
      const at = now();
      const record = plausible(code) ? codes.get(digest(code)) : undefined;
      if (!record) return { ok: false, reason: 'unknown' };
      if (record.usedAt !== null) {
        endAll();
        ended = true;
        for (const listener of endedListeners) listener();
        return { ok: false, reason: 'reused' };
      }
      // An expired code stays unused: presenting it again is a late click, not evidence of a reader.
      if (at > record.expiresAt) return { ok: false, reason: 'expired' };
      record.usedAt = at;
      const sessionValue = random();
      sessions.add(digest(sessionValue));
      ended = false;
      return { ok: true, sessionValue };
    },
    check(sessionValue) {
      if (sessionValue && plausible(sessionValue) && sessions.has(digest(sessionValue))) return 'valid';
      return ended ? 'ended' : 'none';
    },
    endAll,
    onEnded(listener) {
      endedListeners.add(listener);
      return () => endedListeners.delete(listener);
    },
  };
}

/**
 * Cookies are not separated by port, so the name carries it: two shells on different ports (tests,
 * or a second data dir) do not overwrite each other's session.
 */
export function sessionCookieName(port: number): string {
  return `wecom_archive_session_${port}`;
}

/**
 * HttpOnly: page scripts (and anything injected into them) cannot read it. SameSite=Strict: no other
 * site's page gets it attached. Path=/: `/ipc` and `/media/` both receive it. No Max-Age: it ends with
 * the browser, and the shell forgets every session when it stops anyway. No `Secure`: plain-HTTP loopback.
 */
export function sessionCookieHeader(port: number, sessionValue: string): string {
  return `${sessionCookieName(port)}=${sessionValue}; HttpOnly; SameSite=Strict; Path=/`;
}

/** The cookie that removes a refused browser's stale session. */
export function clearSessionCookieHeader(port: number): string {
  return `${sessionCookieName(port)}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`;
}

/** The session value from a `Cookie` header, or undefined. */
export function readSessionCookie(header: string | undefined, port: number): string | undefined {
  if (!header) return undefined;
  const name = sessionCookieName(port);
  for (const part of header.split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    if (part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim();
  }
  return undefined;
}
