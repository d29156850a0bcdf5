/**
 * Intl formatters, made once per locale and options: constructing an Intl.DateTimeFormat costs far more
 * than formatting with one (the open of a chat built one per row and per date — ~25 ms of its first
 * paint), and a formatter is pure given its locale and options. A date formatter without an explicit
 * time zone is not kept: it follows the system's zone, which may change while the app runs.
 */
const MAX_KEPT = 256;
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();
const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();

function kept<T>(cache: Map<string, T>, key: string, make: () => T): T {
  let format = cache.get(key);
  if (!format) {
    if (cache.size >= MAX_KEPT) cache.clear();
    format = make();
    cache.set(key, format);
  }
  return format;
}

const keyOf = (locale: string | undefined, options: object) =>
  `${locale ?? ''}\u0000${JSON.stringify(options)}`;

export function dateTimeFormat(
  locale: string | undefined,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  if (options.timeZone === undefined) return new Intl.DateTimeFormat(locale, options);
  return kept(dateTimeFormats, keyOf(locale, options), () => new Intl.DateTimeFormat(locale, options));
}

export function numberFormat(locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  return kept(numberFormats, keyOf(locale, options), () => new Intl.NumberFormat(locale, options));
}

export function relativeTimeFormat(
  locale: string,
  options: Intl.RelativeTimeFormatOptions = {},
): Intl.RelativeTimeFormat {
  return kept(relativeFormats, keyOf(locale, options), () => new Intl.RelativeTimeFormat(locale, options));
}
