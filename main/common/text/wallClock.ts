/**
 * The wall clock of an instant in an IANA time zone, read through Intl only (no zone database of our
 * own): the one place that takes a date apart into its fields, for file names, evidence bundles and
 * the time-zone arithmetic of date filters.
 */

export interface WallClock {
  /** Zero-padded: `2024`, `06`, `01`, `09`, `05`, `07`. */
  readonly year: string;
  readonly month: string;
  readonly day: string;
  readonly hour: string;
  readonly minute: string;
  readonly second: string;
  /** The zone's offset from UTC, `+08:00` (`+00:00` for UTC itself). */
  readonly offset: string;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      ...(timeZone === undefined ? {} : { timeZone }),
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    });
    formats.set(key, format);
  }
  return format;
}

/** The wall clock at `ms` in `timeZone` (the system's zone when absent). Throws for an unknown zone. */
export function wallClock(ms: number, timeZone?: string): WallClock {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of formatFor(timeZone).formatToParts(ms)) parts[part.type] = part.value;
  return {
    year: parts.year ?? '1970',
    month: parts.month ?? '01',
    day: parts.day ?? '01',
    hour: parts.hour ?? '00',
    minute: parts.minute ?? '00',
    second: parts.second ?? '00',
    offset: (parts.timeZoneName ?? 'GMT').replace(/^GMT/, '') || '+00:00',
  };
}

/** True when Intl accepts `timeZone` as an IANA time zone (or UTC). */
export function isKnownTimeZone(timeZone: string): boolean {
  if (timeZone.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}
