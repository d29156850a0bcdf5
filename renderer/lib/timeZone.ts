/**
 * Time-zone arithmetic for the app's time-zone setting (Settings → Time zone): which zones exist,
 * the system's own, and the UTC instant of a calendar day's start in a given zone (date filters).
 * Pure, over Intl only: no zone database of our own.
 */

import { isKnownTimeZone, wallClock } from '../../main/common/text/wallClock';

export const TIME_ZONE_STORAGE_KEY = 'wecom-archive.timeZone';

let system: { zone: string; at: number } | null = null;

/**
 * The zone the operating system reports (what Intl uses when no zone is given). Read again at most
 * once a second: every store subscriber's selector asks for it (state/settingsSlice.ts), and a change
 * of the system's zone still shows within a second.
 */
export function systemTimeZone(): string {
  const now = Date.now();
  if (!system || now - system.at > 1000 || now < system.at)
    system = { zone: new Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC', at: now };
  return system.zone;
}

/** True when Intl accepts `zone` as an IANA time zone (or UTC). */
export const isValidTimeZone = isKnownTimeZone;

/** Every IANA zone the runtime knows, the system's and UTC first when missing from Intl's list. */
export function knownTimeZones(): string[] {
  const listed = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const zones = new Set<string>([...listed]);
  zones.add('UTC');
  zones.add(systemTimeZone());
  return [...zones].sort();
}

/** The zone chosen last time on this machine; null (follow the system) when none or not a zone. */
export function initialTimeZone(storage: Pick<Storage, 'getItem'>): string | null {
  const stored = storage.getItem(TIME_ZONE_STORAGE_KEY);
  return stored && isValidTimeZone(stored) ? stored : null;
}

export function saveTimeZone(storage: Pick<Storage, 'setItem' | 'removeItem'>, zone: string | null): void {
  if (zone === null) storage.removeItem(TIME_ZONE_STORAGE_KEY);
  else storage.setItem(TIME_ZONE_STORAGE_KEY, zone);
}

/** How far the zone's wall clock is ahead of UTC at `ms`, in ms (UTC+8 → 28 800 000). */
export function zoneOffsetMs(ms: number, zone: string): number {
  const t = wallClock(ms, zone);
  const wall = Date.UTC(+t.year, +t.month - 1, +t.day, +t.hour, +t.minute, +t.second);
  return wall - (ms - (((ms % 1000) + 1000) % 1000));
}

/** The UTC instant of a wall-clock time in `zone` (the earlier one when a DST change repeats it). */
export function zonedWallTimeToUtc(
  year: number,
  monthIndex: number,
  day: number,
  zone: string,
  hour = 0,
): number {
  const asUtc = Date.UTC(year, monthIndex, day, hour);
  const first = asUtc - zoneOffsetMs(asUtc, zone);
  const second = asUtc - zoneOffsetMs(first, zone);
  if (first === second) return first;
  const reads = (ms: number) => ms + zoneOffsetMs(ms, zone) === asUtc;
  if (reads(first) && reads(second)) return Math.min(first, second);
  if (reads(first)) return first;
  if (reads(second)) return second;
  // Skipped by a DST change: the first instant after the gap.
  return Math.max(first, second);
}

/**
 * The first and last millisecond of the calendar day `YYYY-MM-DD` in `zone` (inclusive range), or
 * undefined when `date` is not such a day.
 */
export function zonedDayRange(date: string, zone: string): { start: number; end: number } | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return undefined;
  const start = zonedWallTimeToUtc(year, month - 1, day, zone);
  const next = zonedWallTimeToUtc(year, month - 1, day + 1, zone);
  return { start, end: next - 1 };
}
