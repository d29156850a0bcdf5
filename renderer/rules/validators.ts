import type { PatternKind } from './model';

/**
 * The built-in patterns (issue 12), each a loose scan followed by a validator, run on the normalised
 * text (full-width digits are already ASCII, letters lower case). A candidate that is part of a longer
 * run of digits is never taken: an 11-digit mobile inside an order number is not a mobile.
 */

/** A match in the scanned (normalised) text: [start, end). */
export interface PatternMatch {
  start: number;
  end: number;
  value: string;
}

const isDigit = (ch: string | undefined) => ch !== undefined && ch >= '0' && ch <= '9';

/**
 * Mainland mobile numbers: 11 digits, 1 then the network digit 3–9, with the prefixes issued
 * (13x, 14[5-9], 15[0-35-9], 16[2567], 17[0-8], 18x, 19[0-35-9]).
 */
export function isMainlandMobile(digits: string): boolean {
  return /^1(?:3\d|4[5-9]|5[0-35-9]|6[2567]|7[0-8]|8\d|9[0-35-9])\d{8}$/.test(digits);
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10x98765432';

/**
 * 18-digit resident identity numbers (GB 11643): region (first digit 1–8), a real birth date
 * (1900 onwards, not in the future), and the ISO 7064 MOD 11-2 check character (0–9 or X).
 */
export function isResidentId(value: string, now = Date.now()): boolean {
  const id = value.toLowerCase();
  if (!/^[1-8]\d{16}[\dx]$/.test(id)) return false;
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || birth.getUTCMonth() !== month - 1 || birth.getUTCDate() !== day) return false;
  if (birth.getTime() > now) return false;
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(id[i]) * (ID_WEIGHTS[i] as number);
  return ID_CHECK[sum % 11] === id[17];
}

/** The Luhn (mod 10) check over a string of digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i -= 1) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/**
 * Bank card numbers: 16–19 digits, an issuer prefix of the card schemes seen in China (UnionPay 62,
 * Visa 4, Mastercard 51–55/22–27, JCB 35, Amex 34/37, Discover 60/65) and the Luhn check. Order
 * numbers of the same length fail the prefix or the check nine times in ten.
 */
export function isBankCard(digits: string): boolean {
  if (!/^\d{16,19}$/.test(digits)) return false;
  if (!/^(?:62|4|5[1-5]|2[2-7]|35|3[47]|60|65)/.test(digits)) return false;
  return luhnValid(digits);
}

/** A plausible e-mail address: local part, one @, a domain of dot-separated labels ending in 2+ letters. */
export function isEmail(value: string): boolean {
  const at = value.indexOf('@');
  if (at <= 0 || at !== value.lastIndexOf('@')) return false;
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return false;
  if (!/^[a-z0-9._%+-]+$/.test(local)) return false;
  const labels = domain.split('.');
  if (labels.length < 2) return false;
  if (!labels.every((label) => /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(label))) return false;
  return /^[a-z]{2,}$/.test(labels.at(-1) as string);
}

/** The host of a URL as written (`http(s)://host/…` or `www.host/…`), lower case; null if none. */
export function urlHost(url: string): string | null {
  const match = /^(?:https?:\/\/)?([a-z0-9.-]+)(?::\d+)?(?:[/?#]|$)/.exec(url.toLowerCase());
  const host = match?.[1];
  return host && host.includes('.') ? host.replace(/\.$/, '') : null;
}

/** Whether `host` is one of `domains` or a subdomain of one (`a.example.com` is under `example.com`). */
export function hostInDomains(host: string, domains: readonly string[]): boolean {
  if (domains.length === 0) return true;
  return domains.some((domain) => {
    const d = domain.toLowerCase().replace(/^\.+|\.+$/g, '');
    return d !== '' && (host === d || host.endsWith(`.${d}`));
  });
}

/**
 * Digit runs not touching other digits: plain (13812345678) and the usual written groupings, for
 * mobiles 3-4-4 (138 1234 5678, 138-1234-5678) and for cards groups of four (6222 0200 …).
 */
function digitRuns(text: string, grouped: RegExp): { start: number; end: number; digits: string }[] {
  const runs: { start: number; end: number; digits: string }[] = [];
  for (const re of [/\d+/g, grouped]) {
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const start = m.index;
      const end = start + m[0].length;
      if (isDigit(text[start - 1]) || isDigit(text[end])) continue;
      if (re !== grouped || /[ -]/.test(m[0])) runs.push({ start, end, digits: m[0].replace(/[ -]/g, '') });
    }
  }
  return runs;
}

const MOBILE_GROUPS = /(?:\+?86[ -]?)?\d{3}[ -]\d{4}[ -]\d{4}/g;
const CARD_GROUPS = /\d{4}(?:[ -]\d{4}){3}(?:[ -]?\d{1,3})?/g;

function scanMobiles(text: string): PatternMatch[] {
  const out: PatternMatch[] = [];
  for (const run of digitRuns(text, new RegExp(MOBILE_GROUPS))) {
    let { digits, start } = run;
    // A country code written before the number: +86 / 86.
    if (digits.length === 13 && digits.startsWith('86')) {
      digits = digits.slice(2);
      start = skipDigits(text, start, 2);
    }
    if (digits.length === 11 && isMainlandMobile(digits)) out.push({ start, end: run.end, value: digits });
  }
  return out;
}

/** The index after `count` digits from `at` (and the separators after them). */
function skipDigits(text: string, at: number, count: number): number {
  let seen = 0;
  let i = at;
  while (i < text.length && seen < count) {
    if (isDigit(text[i])) seen += 1;
    i += 1;
  }
  while (i < text.length && !isDigit(text[i])) i += 1;
  return i;
}

function scanResidentIds(text: string, now: number): PatternMatch[] {
  const out: PatternMatch[] = [];
  const re = /\d{17}[\dx]/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const before = text[m.index - 1];
    const after = text[m.index + 18];
    if (isDigit(before) || isDigit(after) || after === 'x') continue;
    if (isResidentId(m[0], now)) out.push({ start: m.index, end: m.index + 18, value: m[0] });
  }
  return out;
}

function scanBankCards(text: string, now: number): PatternMatch[] {
  const out: PatternMatch[] = [];
  for (const run of digitRuns(text, new RegExp(CARD_GROUPS))) {
    // An 18-digit valid resident ID is reported as an ID, not as a card.
    if (run.digits.length === 18 && isResidentId(run.digits, now)) continue;
    if (isBankCard(run.digits)) out.push({ start: run.start, end: run.end, value: run.digits });
  }
  return out;
}

function scanEmails(text: string): PatternMatch[] {
  const out: PatternMatch[] = [];
  const re = /[a-z0-9._%+-]+@[a-z0-9.-]+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const value = m[0].replace(/[.-]+$/, '');
    if (isEmail(value)) out.push({ start: m.index, end: m.index + value.length, value });
  }
  return out;
}

function scanUrls(text: string, domains: readonly string[]): PatternMatch[] {
  const out: PatternMatch[] = [];
  // URL characters are ASCII; trailing punctuation belongs to the sentence (NFKC made "，" a ",").
  const re = /(?:https?:\/\/|www\.)[a-z0-9.-]+(?::\d+)?(?:[/?#][\w\-.~:/?#[\]@!$&'()*+,;=%]*)?/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const value = m[0].replace(/[.,;:!?')\]]+$/, '');
    const host = urlHost(value);
    if (host && hostInDomains(host, domains))
      out.push({ start: m.index, end: m.index + value.length, value });
  }
  return out;
}

/** Every validated match of one pattern in a normalised text. */
export function scanPattern(
  kind: PatternKind,
  text: string,
  urlDomains: readonly string[] = [],
  now = Date.now(),
): PatternMatch[] {
  switch (kind) {
    case 'mobile':
      return scanMobiles(text);
    case 'idcard':
      return scanResidentIds(text, now);
    case 'bankcard':
      return scanBankCards(text, now);
    case 'email':
      return scanEmails(text);
    case 'url':
      return scanUrls(text, urlDomains);
  }
}
