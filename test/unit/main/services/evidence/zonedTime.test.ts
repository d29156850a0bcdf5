import { describe, expect, it } from 'vitest';
import { wallClock } from '../../../../../main/common/text/wallClock';
import { zonedTimeFormatter } from '../../../../../main/services/evidence/zonedTime';

/** What the bundle wrote before the per-hour offset memo: Intl's fields for every time. */
const reference = (ms: number, zone: string) => {
  const t = wallClock(ms, zone);
  return `${t.year}-${t.month}-${t.day} ${t.hour}:${t.minute}:${t.second} UTC${t.offset}`;
};

describe('zonedTimeFormatter', () => {
  // Zones with DST switches on the hour and at half hours, a 45-minute offset, negative offsets, none.
  const zones = [
    'Asia/Shanghai',
    'America/New_York',
    'Europe/London',
    'Australia/Lord_Howe',
    'Asia/Kathmandu',
    'America/St_Johns',
    'UTC',
  ];
  // Around the 2024 switches of those zones, every 7 minutes 13 seconds, plus odd seconds.
  const spans = [
    Date.UTC(2024, 2, 9, 0),
    Date.UTC(2024, 2, 30, 20),
    Date.UTC(2024, 3, 6, 10),
    Date.UTC(2024, 9, 5, 10),
    Date.UTC(2024, 10, 2, 20),
  ];

  it('writes what Intl writes for every time, also across DST switches', () => {
    for (const zone of zones) {
      const format = zonedTimeFormatter(zone);
      for (const start of spans)
        for (let ms = start; ms < start + 3 * 86_400_000; ms += 433_017)
          expect(format(ms), `${zone} ${ms}`).toBe(reference(ms, zone));
    }
  });

  it('writes the hour just before and after a switch with the right offset', () => {
    const format = zonedTimeFormatter('America/New_York');
    // 2024-03-10 07:00 UTC: 02:00 EST becomes 03:00 EDT.
    expect(format(Date.UTC(2024, 2, 10, 6, 59, 59))).toBe('2024-03-10 01:59:59 UTC-05:00');
    expect(format(Date.UTC(2024, 2, 10, 7, 0, 0))).toBe('2024-03-10 03:00:00 UTC-04:00');
    const lordHowe = zonedTimeFormatter('Australia/Lord_Howe');
    // 2024-04-06 15:00 UTC: 02:00 +11:00 becomes 01:30 +10:30 (a half-hour switch).
    expect(lordHowe(Date.UTC(2024, 3, 6, 14, 59, 59))).toBe('2024-04-07 01:59:59 UTC+11:00');
    expect(lordHowe(Date.UTC(2024, 3, 6, 15, 0, 0))).toBe('2024-04-07 01:30:00 UTC+10:30');
  });

  it('writes nothing for a missing or impossible time', () => {
    const format = zonedTimeFormatter('Asia/Shanghai');
    expect(format(null)).toBe('');
    expect(format(0)).toBe('');
    expect(format(Number.NaN)).toBe('');
  });
});
