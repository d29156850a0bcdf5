/**
 * Times in the bundle are written with their zone's offset, e.g. `2024-06-01 10:00:00 UTC+08:00`, in
 * the zone the reviewer chose (the app's time zone setting), and the zone is named once in the header.
 */
export function zonedTimeFormatter(timeZone: string): (ms: number | null) => string {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'longOffset',
  });
  return (ms) => {
    if (ms === null || !Number.isFinite(ms) || ms <= 0) return '';
    const parts: Record<string, string> = {};
    for (const part of format.formatToParts(ms)) parts[part.type] = part.value;
    const offset = (parts.timeZoneName ?? 'GMT').replace(/^GMT/, '') || '+00:00';
    return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second} UTC${offset}`;
  };
}

/** True when `timeZone` is an IANA zone this runtime knows. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}
