import { createHash } from 'node:crypto';
import { quoteSeqNumbers } from '../../main/common/json/tolerantJson';
import { parseU64Decimal } from '../../main/common/seq/seq';

/**
 * GetChatData's JSON (docs/wecom-sdk.md §3.1): errcode/errmsg and the five-field envelopes. Parsed in
 * the SDK host for `pullPage`, and in main when a crashed page is isolated message by message.
 *
 * One malformed item does not fail the page: it is returned apart, with its exact text, the seq it
 * names (when that is a u64) and what is wrong, so it can be stored as evidence while the rest of the
 * page is decrypted. Only a page that is not JSON, not an object, or whose chatdata is not an array
 * fails as a whole.
 */
export interface PageEnvelope {
  /** u64 decimal string. */
  seq: string;
  msgid: string;
  publickeyVer: number;
  encryptRandomKey: string;
  encryptChatMsg: string;
}

export interface MalformedEnvelope {
  /** Position in chatdata. */
  index: number;
  /** The item's seq when it is a u64, else null. */
  seq: string | null;
  /**
   * The item's msgid when it is a non-empty string; otherwise a stable stand-in
   * `malformed:<first 32 hex of SHA-256 of the item's text>`, so the same item pulled twice is one row.
   */
  msgid: string;
  /** The item exactly as it stands in the page's text. */
  raw: string;
  problem: string;
}

export type ParsedChatDataPage =
  | { ok: true; envelopes: PageEnvelope[]; malformed: MalformedEnvelope[]; items: number }
  | { ok: false; errcode: number; errmsg: string }
  | { ok: false; malformed: string };

const U32_MAX = 0xffff_ffff;

function envelopeProblem(item: unknown): string | null {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return 'not an object';
  const e = item as Record<string, unknown>;
  if (typeof e.seq !== 'string' || parseU64Decimal(e.seq) === null) return 'seq is not a u64';
  if (typeof e.msgid !== 'string' || e.msgid.length === 0) return 'msgid is not a non-empty string';
  const ver = e.publickey_ver;
  if (typeof ver !== 'number' || !Number.isInteger(ver) || ver < 0 || ver > U32_MAX)
    return 'publickey_ver is not a u32';
  if (typeof e.encrypt_random_key !== 'string' || e.encrypt_random_key.length === 0)
    return 'encrypt_random_key is not a non-empty string';
  if (typeof e.encrypt_chat_msg !== 'string' || e.encrypt_chat_msg.length === 0)
    return 'encrypt_chat_msg is not a non-empty string';
  return null;
}

export function parseChatDataPage(raw: string): ParsedChatDataPage {
  let value: unknown;
  try {
    value = JSON.parse(quoteSeqNumbers(raw));
  } catch (error) {
    return { ok: false, malformed: `GetChatData returned invalid JSON: ${(error as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, malformed: 'GetChatData returned a non-object' };
  const page = value as { errcode?: unknown; errmsg?: unknown; chatdata?: unknown };
  const errcode = typeof page.errcode === 'number' ? page.errcode : 0;
  if (errcode !== 0)
    return { ok: false, errcode, errmsg: typeof page.errmsg === 'string' ? page.errmsg : '' };
  if (page.chatdata === undefined || page.chatdata === null)
    return { ok: true, envelopes: [], malformed: [], items: 0 };
  if (!Array.isArray(page.chatdata)) return { ok: false, malformed: 'chatdata is not an array' };

  const envelopes: PageEnvelope[] = [];
  const malformed: MalformedEnvelope[] = [];
  let spans: string[] | null = null;
  for (const [index, item] of page.chatdata.entries()) {
    const problem = envelopeProblem(item);
    if (problem === null) {
      const e = item as {
        seq: string;
        msgid: string;
        publickey_ver: number;
        encrypt_random_key: string;
        encrypt_chat_msg: string;
      };
      envelopes.push({
        seq: e.seq,
        msgid: e.msgid,
        publickeyVer: e.publickey_ver,
        encryptRandomKey: e.encrypt_random_key,
        encryptChatMsg: e.encrypt_chat_msg,
      });
      continue;
    }
    spans ??= chatdataItemTexts(raw);
    const text = spans?.[index] ?? JSON.stringify(item);
    const fields = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
    const seq = typeof fields.seq === 'string' && parseU64Decimal(fields.seq) !== null ? fields.seq : null;
    const msgid =
      typeof fields.msgid === 'string' && fields.msgid.length > 0
        ? fields.msgid
        : `malformed:${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
    malformed.push({ index, seq, msgid, raw: text, problem: `chatdata[${index}]: ${problem}` });
  }
  return { ok: true, envelopes, malformed, items: page.chatdata.length };
}

/**
 * The text of each item of the top-level `chatdata` array, exactly as it stands in `raw` (so a
 * malformed item is kept byte for byte). Null when the array cannot be found.
 */
export function chatdataItemTexts(raw: string): string[] | null {
  let depth = 0;
  let i = 0;
  let lastKey: string | null = null;
  let expectValueOf: string | null = null;
  while (i < raw.length) {
    const c = raw[i] as string;
    if (c === '"') {
      const end = stringEnd(raw, i);
      if (end < 0) return null;
      if (depth === 1) lastKey = raw.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    if (c === ':' && depth === 1) {
      expectValueOf = lastKey;
    } else if (c === '[' && depth === 1 && expectValueOf === 'chatdata') {
      return arrayItems(raw, i);
    } else if (c === '{' || c === '[') {
      depth += 1;
      expectValueOf = null;
    } else if (c === '}' || c === ']') {
      depth -= 1;
    } else if (c === ',') {
      expectValueOf = null;
    }
    i += 1;
  }
  return null;
}

function stringEnd(raw: string, start: number): number {
  for (let i = start + 1; i < raw.length; i += 1) {
    if (raw[i] === '\\') i += 1;
    else if (raw[i] === '"') return i;
  }
  return -1;
}

function arrayItems(raw: string, open: number): string[] | null {
  const items: string[] = [];
  let depth = 0;
  let start = open + 1;
  for (let i = open + 1; i < raw.length; i += 1) {
    const c = raw[i];
    if (c === '"') {
      const end = stringEnd(raw, i);
      if (end < 0) return null;
      i = end;
    } else if (c === '{' || c === '[') {
      depth += 1;
    } else if ((c === '}' || c === ']') && depth > 0) {
      depth -= 1;
    } else if (depth === 0 && (c === ',' || c === ']')) {
      const text = raw.slice(start, i).trim();
      if (text.length > 0 || c === ',') items.push(text);
      if (c === ']') return items;
      start = i + 1;
    }
  }
  return null;
}
