/**
 * WeCom keeps archived messages for 3–5 days (docs/wecom-sdk.md §7); the app warns once the last successful
 * pull is older than 48 h, leaving at least a day to react before data is gone for good.
 */
export const RETENTION_WARNING_MS = 48 * 3_600_000;

export type RetentionRisk = 'never-pulled' | 'stale' | 'fresh';

export function retentionRisk(lastSuccessAt: number | null, now: number): RetentionRisk {
  if (lastSuccessAt === null) return 'never-pulled';
  return now - lastSuccessAt > RETENTION_WARNING_MS ? 'stale' : 'fresh';
}
