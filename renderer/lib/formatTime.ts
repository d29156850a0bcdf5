import { dateTimeFormat, numberFormat, relativeTimeFormat } from './intlFormats';

/**
 * Dates in the user's locale and the app's time zone (Settings → Time zone; `undefined` = the
 * system zone, which Intl picks). Kept pure so the same text appears everywhere and tests can pin
 * `now` and the zone.
 */
export function formatDateTime(ms: number, locale: string, timeZone?: string): string {
  return dateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'medium',
    ...(timeZone ? { timeZone } : {}),
  }).format(ms);
}

/** The zone's offset at `ms` as Intl names it in `locale` (e.g. "GMT+8"). */
export function formatZoneOffset(ms: number, locale: string, timeZone?: string): string {
  const part = dateTimeFormat(locale, {
    timeZoneName: 'shortOffset',
    ...(timeZone ? { timeZone } : {}),
  })
    .formatToParts(ms)
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? '';
}

/**
 * A date and time that states its zone, for places where the zone matters (the detail panel,
 * exports): "2024年6月1日 08:00:00 GMT+8 Asia/Shanghai".
 */
export function formatDateTimeWithZone(ms: number, locale: string, timeZone: string): string {
  return `${formatDateTime(ms, locale, timeZone)} ${formatZoneOffset(ms, locale, timeZone)} ${timeZone}`;
}

/** Formats an instant as its calendar day in the zone, `YYYY-MM-DD`: a key that sorts (day separators, per-day counts). */
export function calendarDayFormat(timeZone: string): Intl.DateTimeFormat {
  return dateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
}

/** The wall-clock time of day in the zone (timeline rows). */
export function formatClock(ms: number, locale: string, timeZone?: string): string {
  return dateTimeFormat(locale, { timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(ms);
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1_000],
];

/** "3 hours ago" / "in 5 minutes", in the largest unit that fits. */
export function formatRelative(ms: number, now: number, locale: string): string {
  const delta = ms - now;
  const format = relativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(delta) >= size || unit === 'second') return format.format(Math.round(delta / size), unit);
  }
  return format.format(0, 'second');
}

export function formatNumber(value: number, locale: string): string {
  return numberFormat(locale).format(value);
}
