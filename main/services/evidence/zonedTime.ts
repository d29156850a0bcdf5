import { wallClock } from '../../common/text/wallClock';

export { isKnownTimeZone } from '../../common/text/wallClock';

/**
 * Times in the bundle are written with their zone's offset, e.g. `2024-06-01 10:00:00 UTC+08:00`, in
 * the zone the reviewer chose (the app's time zone setting), and the zone is named once in the header.
 */
export function zonedTimeFormatter(timeZone: string): (ms: number | null) => string {
  return (ms) => {
    if (ms === null || !Number.isFinite(ms) || ms <= 0) return '';
    const t = wallClock(ms, timeZone);
    return `${t.year}-${t.month}-${t.day} ${t.hour}:${t.minute}:${t.second} UTC${t.offset}`;
  };
}
