/**
 * Delay before reconnect attempt `attempt` (1-based): doubling from 250 ms, capped at 5 s, so a
 * restarted shell is found within seconds without hammering a machine where it is gone for good.
 */
export function reconnectDelay(attempt: number): number {
  const base = 250 * 2 ** Math.max(0, attempt - 1);
  return Math.min(base, 5_000);
}
