/**
 * Per-corp, per-endpoint request limits in one-minute windows (docs/wecom-sdk.md §6: "≤ 2000 calls/min" etc.);
 * a request over the limit is answered 45009.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly now: () => number) {}

  /** Counts one request; false when it exceeds `limitPerMinute`. */
  allow(key: string, limitPerMinute: number): boolean {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || now - window.start >= 60_000) {
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count++;
    return window.count <= limitPerMinute;
  }
}
