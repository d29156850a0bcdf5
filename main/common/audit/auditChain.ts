/**
 * The audit trail's rules (issue 11, docs/audit-trail.md), runtime-neutral: the canonical form of an
 * entry, its hash, the chain and its verification. The renderer (WebCrypto) and the verifier outside
 * the app (node:crypto) pass their own SHA-256, so both check the same rules.
 */

/** A JSON value as stored in an entry: no undefined, no NaN/Infinity, no functions. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface AuditReviewer {
  name: string;
  employeeId?: string;
}

/** One entry of the trail. `hash` = SHA-256 (hex) of the UTF-8 bytes of `canonicalForm(entry)`. */
export interface AuditEntry {
  /** 1, 2, 3… without holes. */
  seq: number;
  /** Milliseconds since the epoch (UTC). */
  time: number;
  reviewer: AuditReviewer;
  /** e.g. `conversation.viewed`, `search.performed`, `key.imported` (docs/audit-trail.md). */
  action: string;
  /** What the action was about, e.g. `{ corpId, convId }`. */
  target: { [key: string]: JsonValue };
  before?: JsonValue;
  after?: JsonValue;
  /** The previous entry's hash; GENESIS_HASH for seq 1. */
  prevHash: string;
  hash: string;
}

export type UnhashedEntry = Omit<AuditEntry, 'hash'>;

/** prevHash of the first entry: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/** SHA-256 of the UTF-8 bytes of `text`, as 64 lowercase hex digits (sync or async). */
export type Sha256Hex = (text: string) => string | Promise<string>;

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * JSON with object keys sorted by UTF-16 code units at every depth, no whitespace, strings escaped
 * as JSON.stringify does, keys whose value is undefined left out. Non-finite numbers are refused.
 */
export function canonicalJson(value: unknown): string {
  return canonical(value, null);
}

function canonical(value: unknown, omitKey: string | null): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`audit entry holds a non-finite number (${value})`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i += 1) out += (i ? ',' : '') + canonical(value[i], null);
        return `${out}]`;
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      let out = '{';
      for (const key of keys) {
        const item = record[key];
        if (item === undefined || key === omitKey) continue;
        out += `${out.length > 1 ? ',' : ''}${JSON.stringify(key)}:${canonical(item, null)}`;
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`audit entry holds a ${typeof value}, which JSON cannot state`);
  }
}

/** The canonical form of an entry: canonicalJson of every field except the top-level `hash`. */
export function canonicalForm(entry: UnhashedEntry | AuditEntry): string {
  return canonical(entry, 'hash');
}

/** Seals the next entry onto a chain whose last entry is `previous` (null: the first entry). */
export async function sealEntry(
  previous: Pick<AuditEntry, 'seq' | 'hash'> | null,
  fields: Omit<UnhashedEntry, 'seq' | 'prevHash'>,
  sha256: Sha256Hex,
): Promise<AuditEntry> {
  const unhashed: UnhashedEntry = {
    ...fields,
    seq: previous ? previous.seq + 1 : 1,
    prevHash: previous ? previous.hash : GENESIS_HASH,
  };
  return { ...unhashed, hash: await sha256(canonicalForm(unhashed)) };
}

/** The last entry as main recorded it after each append. */
export interface AuditHead {
  seq: number;
  hash: string;
}

export type AuditBreakKind =
  /** The entry's content no longer matches its own hash: it was edited. */
  | 'edited'
  /** The entry's prevHash is not the previous entry's hash: the previous one was replaced, or entries reordered. */
  | 'broken-link'
  /** An entry with this seq is missing (deleted from the middle). */
  | 'missing'
  /** Entries are not in seq order, or a seq repeats. */
  | 'out-of-order'
  /** The entry is not well formed (a field missing or of the wrong type). */
  | 'malformed'
  /** The trail ends before the head main recorded: its tail was removed. */
  | 'truncated'
  /** The entry at the recorded head's seq has another hash than main recorded. */
  | 'head-mismatch';

export interface AuditBreak {
  kind: AuditBreakKind;
  /** The seq where the chain first breaks (for `truncated`, the first missing seq). */
  seq: number;
  /** Index in the list that was verified (for `truncated`: the list's length). */
  index: number;
}

export interface AuditVerification {
  /** Entries checked. */
  count: number;
  /** The last entry's seq and hash (null for an empty trail). */
  last: AuditHead | null;
  /** The first broken link, or null when the chain is intact. */
  broken: AuditBreak | null;
  /**
   * True when main's head is behind the trail's end: the entries after it are chained but were not
   * confirmed by main (its write failed, e.g. while the connection was down). Not a break.
   */
  headBehind: boolean;
}

function malformed(entry: unknown): boolean {
  if (typeof entry !== 'object' || entry === null) return true;
  const e = entry as Record<string, unknown>;
  const reviewer = e.reviewer as Record<string, unknown> | null | undefined;
  return !(
    Number.isSafeInteger(e.seq) &&
    typeof e.time === 'number' &&
    typeof e.action === 'string' &&
    typeof e.target === 'object' &&
    e.target !== null &&
    typeof reviewer === 'object' &&
    reviewer !== null &&
    typeof reviewer.name === 'string' &&
    typeof e.prevHash === 'string' &&
    HEX64.test(e.prevHash) &&
    typeof e.hash === 'string' &&
    HEX64.test(e.hash)
  );
}

/**
 * Verifies a whole trail, in seq order as stored, against main's recorded head (null: no head known).
 * Hashes are computed in chunks concurrently (WebCrypto is async), then the links are walked in order;
 * the first break found in the walk is reported.
 */
export async function verifyChain(
  entries: readonly unknown[],
  head: AuditHead | null,
  sha256: Sha256Hex,
  chunk = 2048,
): Promise<AuditVerification> {
  let previous: AuditEntry | null = null;
  const result = (broken: AuditBreak | null, headBehind = false): AuditVerification => ({
    count: entries.length,
    last: previous ? { seq: previous.seq, hash: previous.hash } : null,
    broken,
    headBehind,
  });
  for (let start = 0; start < entries.length; start += chunk) {
    const slice = entries.slice(start, start + chunk);
    const computed = slice.map((entry) =>
      malformed(entry) ? null : sha256(canonicalForm(entry as AuditEntry)),
    );
    // A synchronous hasher (node:crypto) is not wrapped in promises; WebCrypto's are awaited together.
    const hashes = computed.some((hash) => typeof hash === 'object' && hash !== null)
      ? await Promise.all(computed.map((hash) => Promise.resolve(hash)))
      : (computed as Array<string | null>);
    for (let offset = 0; offset < slice.length; offset += 1) {
      const index = start + offset;
      const raw = slice[offset];
      const expectedSeq = previous ? previous.seq + 1 : 1;
      const hash = hashes[offset];
      if (hash === null || hash === undefined) {
        const seq = (raw as { seq?: unknown } | null)?.seq;
        return result({ kind: 'malformed', seq: typeof seq === 'number' ? seq : expectedSeq, index });
      }
      const entry = raw as AuditEntry;
      if (entry.seq > expectedSeq) return result({ kind: 'missing', seq: expectedSeq, index });
      if (entry.seq < expectedSeq) return result({ kind: 'out-of-order', seq: entry.seq, index });
      if (hash !== entry.hash) return result({ kind: 'edited', seq: entry.seq, index });
      if (entry.prevHash !== (previous ? previous.hash : GENESIS_HASH))
        return result({ kind: 'broken-link', seq: entry.seq, index });
      previous = entry;
    }
  }
  if (head) {
    const lastSeq = previous ? previous.seq : 0;
    if (lastSeq < head.seq) return result({ kind: 'truncated', seq: lastSeq + 1, index: entries.length });
    const atHead = entries[head.seq - 1] as AuditEntry | undefined;
    if (head.seq > 0 && atHead?.hash !== head.hash)
      return result({ kind: 'head-mismatch', seq: head.seq, index: head.seq - 1 });
    return result(null, lastSeq > head.seq);
  }
  return result(null);
}
