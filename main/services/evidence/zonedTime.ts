import { wallClock } from '../../common/text/wallClock';

export { isKnownTimeZone } from '../../common/text/wallClock';

const HOUR_MS = 3_600_000;
/** Hours whose offset is remembered at most (about 14 months of a busy chat); then the memo starts over. */
const MEMO_HOURS = 10_000;
const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/**
 * Times in the bundle are written with their zone's offset, e.g. `2024-06-01 10:00:00 UTC+08:00`, in
 * the zone the reviewer chose (the app's time zone setting), and the zone is named once in the header.
 *
 * Every message gets its time written twice (index.html, messages.csv), and Intl's formatToParts is
 * the export's costliest call: the zone's offset is read once per UTC hour instead — when it is the
 * same at the hour's first and last millisecond — and the wall clock is UTC arithmetic on it. An hour
 * in which the offset changes (a DST switch, also at half hours), an offset with seconds (old local
 * mean times) or a year outside 1970–9999 takes Intl's answer for each time, as before.
 */
export function zonedTimeFormatter(timeZone: string): (ms: number | null) => string {
  const offsets = new Map<number, { text: string; ms: number } | null>();
  const exact = (ms: number) => {
    const t = wallClock(ms, timeZone);
    return `${t.year}-${t.month}-${t.day} ${t.hour}:${t.minute}:${t.second} UTC${t.offset}`;
  };
  const offsetOfHour = (hour: number): { text: string; ms: number } | null => {
    let offset = offsets.get(hour);
    if (offset !== undefined) return offset;
    const first = wallClock(hour * HOUR_MS, timeZone).offset;
    const last = wallClock(hour * HOUR_MS + HOUR_MS - 1, timeZone).offset;
    const match = /^([+-])(\d{2}):(\d{2})$/.exec(first);
    offset =
      first === last && match
        ? {
            text: first,
            ms: (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) * 60_000,
          }
        : null;
    if (offsets.size >= MEMO_HOURS) offsets.clear();
    offsets.set(hour, offset);
    return offset;
  };
  return (ms) => {
    if (ms === null || !Number.isFinite(ms) || ms <= 0) return '';
    const offset = offsetOfHour(Math.floor(ms / HOUR_MS));
    if (!offset) return exact(ms);
    const wall = new Date(ms + offset.ms);
    const year = wall.getUTCFullYear();
    if (year < 1970 || year > 9999) return exact(ms);
    return (
      `${year}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())} ` +
      `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())} UTC${offset.text}`
    );
  };
}
