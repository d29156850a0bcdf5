/**
 * Exponential backoff with full jitter for retryable pull failures (10001–10003, errcode -1/45009).
 * `random` is injectable so tests are deterministic.
 */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  /** After this many consecutive failures the pull gives up and reports the last error. */
  maxAttempts: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, maxMs: 60_000, maxAttempts: 12 };

/** Delay before retry number `attempt` (1-based): uniform in [cap/2, cap], cap = min(max, base·2^(attempt-1)). */
export function backoffDelay(
  attempt: number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  random = Math.random,
): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  const cap = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  return Math.round(cap / 2 + random() * (cap / 2));
}

export function shouldGiveUp(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF): boolean {
  return attempt > policy.maxAttempts;
}
