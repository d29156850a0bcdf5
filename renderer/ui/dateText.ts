/**
 * The date field's text rules (renderer/ui/DateField.tsx), pure so they are unit-tested: a day typed
 * as 2026-12-04, 2026/12/4, 2026.12.4 or 2026年12月4日 is read as the ISO day "2026-12-04"; anything
 * else, or a day that does not exist (2026-02-30), is not a date.
 */
const DAY = /^\s*(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?\s*$/;

export function parseDayText(text: string): string | null {
  const match = DAY.exec(text.normalize('NFKC'));
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Is `day` (ISO) inside [min, max] (ISO days, either optional)? ISO days compare as strings. */
export function dayInRange(day: string, min?: string, max?: string): boolean {
  return (min === undefined || day >= min) && (max === undefined || day <= max);
}
