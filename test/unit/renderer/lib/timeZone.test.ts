import { describe, expect, it } from 'vitest';
import {
  formatDateTime,
  formatDateTimeWithZone,
  formatZoneOffset,
} from '../../../../renderer/lib/formatTime';
import {
  TIME_ZONE_STORAGE_KEY,
  initialTimeZone,
  isValidTimeZone,
  knownTimeZones,
  saveTimeZone,
  systemTimeZone,
  zonedDayRange,
  zoneOffsetMs,
} from '../../../../renderer/lib/timeZone';
import { createAppStore, selectTimeZone } from '../../../../renderer/state';

const HOUR = 3_600_000;

describe('time zones (issue 15: a time-zone setting)', () => {
  it('knows offsets, including daylight saving time', () => {
    expect(zoneOffsetMs(Date.UTC(2024, 5, 1), 'Asia/Shanghai')).toBe(8 * HOUR);
    expect(zoneOffsetMs(Date.UTC(2024, 0, 15), 'America/New_York')).toBe(-5 * HOUR);
    expect(zoneOffsetMs(Date.UTC(2024, 6, 15), 'America/New_York')).toBe(-4 * HOUR);
    expect(zoneOffsetMs(Date.UTC(2024, 6, 15, 12, 30, 45, 500), 'Asia/Kolkata')).toBe(5.5 * HOUR);
  });

  it('gives the first and last millisecond of a calendar day in a zone', () => {
    expect(zonedDayRange('2024-06-01', 'Asia/Shanghai')).toEqual({
      start: Date.UTC(2024, 4, 31, 16),
      end: Date.UTC(2024, 5, 1, 16) - 1,
    });
    // The day DST starts in New York has 23 hours; the day it ends, 25.
    const spring = zonedDayRange('2024-03-10', 'America/New_York');
    expect(spring).toEqual({ start: Date.UTC(2024, 2, 10, 5), end: Date.UTC(2024, 2, 11, 4) - 1 });
    const autumn = zonedDayRange('2024-11-03', 'America/New_York');
    expect(autumn!.end - autumn!.start + 1).toBe(25 * HOUR);
    // Santiago skips midnight when DST starts (2024-09-08 00:00 does not exist): the day starts at 01:00.
    expect(zonedDayRange('2024-09-08', 'America/Santiago')!.start).toBe(Date.UTC(2024, 8, 8, 4));
    expect(zonedDayRange('2024-02-30', 'UTC')).toBeUndefined();
    expect(zonedDayRange('', 'UTC')).toBeUndefined();
    expect(zonedDayRange('2024-6-1', 'UTC')).toBeUndefined();
  });

  it('validates, lists and remembers the chosen zone', () => {
    expect(isValidTimeZone('Asia/Shanghai')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    const zones = knownTimeZones();
    expect(zones).toContain('Asia/Shanghai');
    expect(zones).toContain('UTC');
    expect(zones).toContain(systemTimeZone());

    const memory = new Map<string, string>();
    const storage = {
      getItem: (key: string) => memory.get(key) ?? null,
      setItem: (key: string, value: string) => void memory.set(key, value),
      removeItem: (key: string) => void memory.delete(key),
    };
    expect(initialTimeZone(storage)).toBeNull();
    saveTimeZone(storage, 'Europe/Berlin');
    expect(memory.get(TIME_ZONE_STORAGE_KEY)).toBe('Europe/Berlin');
    expect(initialTimeZone(storage)).toBe('Europe/Berlin');
    memory.set(TIME_ZONE_STORAGE_KEY, 'Not/AZone');
    expect(initialTimeZone(storage)).toBeNull();
    saveTimeZone(storage, null);
    expect(memory.has(TIME_ZONE_STORAGE_KEY)).toBe(false);
  });

  it('formats in the chosen zone and states it where asked', () => {
    const ms = Date.UTC(2024, 5, 1, 0, 30);
    expect(formatDateTime(ms, 'en-GB', 'Asia/Shanghai')).toContain('08:30');
    expect(formatDateTime(ms, 'en-GB', 'UTC')).toContain('00:30');
    expect(formatZoneOffset(ms, 'en', 'Asia/Shanghai')).toBe('GMT+8');
    const stated = formatDateTimeWithZone(ms, 'zh-CN', 'Asia/Shanghai');
    expect(stated).toContain('08:30');
    expect(stated).toContain('GMT+8');
    expect(stated).toContain('Asia/Shanghai');
  });

  it('is a store setting that defaults to the system zone', () => {
    const store = createAppStore();
    expect(store.getState().timeZone).toBeNull();
    expect(selectTimeZone(store.getState())).toBe(systemTimeZone());
    store.getState().setTimeZone('Asia/Tokyo');
    expect(selectTimeZone(store.getState())).toBe('Asia/Tokyo');
  });
});
