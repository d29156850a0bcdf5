import { numberFormat } from './intlFormats';

/** Bytes as MB/GB with the locale's digits; one decimal is enough to act on. */
export function formatBytes(bytes: number, locale: string): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${numberFormat(locale, { maximumFractionDigits: 1 }).format(value)} ${units[unit] ?? 'B'}`;
}
