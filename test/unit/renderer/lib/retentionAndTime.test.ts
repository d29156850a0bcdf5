import { describe, expect, it } from 'vitest';
import { formatRelative } from '../../../../renderer/lib/formatTime';
import { RETENTION_WARNING_MS, retentionRisk } from '../../../../renderer/lib/retention';

describe('retention warning', () => {
  const now = Date.UTC(2025, 0, 10);
  it('warns when never pulled, or when the last success is older than 48 h', () => {
    expect(retentionRisk(null, now)).toBe('never-pulled');
    expect(retentionRisk(now - RETENTION_WARNING_MS - 1, now)).toBe('stale');
    expect(retentionRisk(now - RETENTION_WARNING_MS, now)).toBe('fresh');
    expect(retentionRisk(now - 3_600_000, now)).toBe('fresh');
  });
});

describe('relative time', () => {
  it('uses the largest fitting unit in the given locale', () => {
    const now = 1_000_000_000_000;
    expect(formatRelative(now - 3 * 3_600_000, now, 'en')).toBe('3 hours ago');
    expect(formatRelative(now - 3 * 86_400_000, now, 'en')).toBe('3 days ago');
    expect(formatRelative(now + 5 * 60_000, now, 'en')).toBe('in 5 minutes');
    expect(formatRelative(now - 3 * 3_600_000, now, 'zh-CN')).toBe('3小时前');
  });
});
