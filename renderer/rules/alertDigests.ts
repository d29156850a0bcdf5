import type { Table } from 'dexie';
import { openRows, readUnopened, type ArchiveDb } from '../db';
import { SEVERITIES, type RuleHit, type Severity } from './model';

/**
 * What each rule's reasons on each alert say, as a short digest (docs/rules.md §2): one sealed record per
 * rule and shard, `corpId\0msgid` → digest of the message's fields and that rule's hits. A retroactive
 * run compares what it found against these (a few hundred records) instead of reading and opening every
 * alert it may have found again (one sealed row each); only the alerts whose digest differs are read, in
 * the write transaction. The records are a cache derived from the alerts and written in the same
 * transactions as them (ruleStore.ts); when a rule's record count differs from its alerts in the ruleIds
 * index (an archive from before them, a restored backup), they are rebuilt from the alerts first. A
 * digest that is wrong can only cost a read: an alert is rewritten only after comparing the row itself.
 */
export interface DigestRow {
  ruleId: string;
  shard: number;
  /** `corpId\0msgid` → digest (sealed: the digests are of message texts). */
  entries: Record<string, string>;
}

/** Shards per rule: an incremental check rewrites the shards its alerts fall in, not the rule's whole record. */
export const DIGEST_SHARDS = 16;

export const alertDigests = (db: ArchiveDb): Table<DigestRow, [string, number]> => db.table('alertDigests');

export const alertKey = (corpId: string, msgid: string) => `${corpId}\u0000${msgid}`;

/** 64 bits of a string (two 32-bit multiply-xor lanes, mixed): a cache key, not a security measure. */
export function hash64(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return `${(h2 >>> 0).toString(36)}.${(h1 >>> 0).toString(36)}`;
}

export function shardOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) % DIGEST_SHARDS;
}

/** The fields of an alert a digest covers besides the hits (those a run rewrites when they change). */
export interface DigestedFields {
  convId: string;
  msgtime: number;
  from: string;
  msgtype: string;
  external: boolean;
  text: string;
}

const severityRankOf = (severities: ReadonlyMap<string, Severity>, ruleId: string) =>
  SEVERITIES.indexOf(severities.get(ruleId) ?? 'medium');

/**
 * Every rule's digest on one message: its hits (deduplicated, in a canonical order), the rule's severity
 * and the message's fields. The same function digests a stored alert and a run's finding.
 */
export function digestsOf(
  message: DigestedFields,
  hits: readonly RuleHit[],
  severities: ReadonlyMap<string, Severity>,
): Map<string, string> {
  const byRule = new Map<string, Map<string, string>>();
  for (const hit of hits) {
    const canonical = JSON.stringify([hit.kind, hit.matcher, hit.start, hit.end, hit.matched, hit.folds]);
    let list = byRule.get(hit.ruleId);
    if (!list) byRule.set(hit.ruleId, (list = new Map()));
    list.set(canonical, canonical);
  }
  const out = new Map<string, string>();
  if (byRule.size === 0) return out;
  const fields = JSON.stringify([
    hash64(message.text),
    message.convId,
    message.msgtime,
    message.from,
    message.msgtype,
    message.external,
  ]);
  for (const [ruleId, list] of byRule) {
    const sorted = [...list.keys()].sort();
    out.set(
      ruleId,
      hash64(`${fields}\u0000${severityRankOf(severities, ruleId)}\u0000${sorted.join('\u0000')}`),
    );
  }
  return out;
}

/** One alert's change: its digests of `remove` rules go, those in `set` are (re)written. */
export interface DigestChange {
  key: string;
  remove: readonly string[];
  set: ReadonlyMap<string, string>;
}

/**
 * Applies changes to the digest records; must run inside the caller's read-write transaction that
 * includes the alertDigests table and writes the alerts themselves.
 */
export async function applyDigestChanges(db: ArchiveDb, changes: readonly DigestChange[]): Promise<void> {
  const touched = new Map<string, { ruleId: string; shard: number; edits: Array<[string, string | null]> }>();
  const edit = (ruleId: string, key: string, value: string | null) => {
    const shard = shardOf(key);
    const id = `${ruleId}\u0000${shard}`;
    let entry = touched.get(id);
    if (!entry) touched.set(id, (entry = { ruleId, shard, edits: [] }));
    entry.edits.push([key, value]);
  };
  for (const change of changes) {
    for (const ruleId of change.remove) if (!change.set.has(ruleId)) edit(ruleId, change.key, null);
    for (const [ruleId, digest] of change.set) edit(ruleId, change.key, digest);
  }
  if (touched.size === 0) return;
  const table = alertDigests(db);
  const list = [...touched.values()];
  const rows = await table.bulkGet(list.map((t) => [t.ruleId, t.shard] as [string, number]));
  const put: DigestRow[] = [];
  const drop: Array<[string, number]> = [];
  list.forEach((t, i) => {
    const entries = { ...(rows[i]?.entries ?? {}) };
    for (const [key, value] of t.edits) {
      if (value === null) delete entries[key];
      else entries[key] = value;
    }
    if (Object.keys(entries).length > 0) put.push({ ruleId: t.ruleId, shard: t.shard, entries });
    else if (rows[i]) drop.push([t.ruleId, t.shard]);
  });
  if (put.length > 0) await table.bulkPut(put);
  if (drop.length > 0) await table.bulkDelete(drop);
}

/** Deletes every digest record of `ruleId` (inside the caller's transaction). */
export async function dropRuleDigests(db: ArchiveDb, ruleId: string): Promise<void> {
  await alertDigests(db).where('[ruleId+shard]').between([ruleId, 0], [ruleId, DIGEST_SHARDS]).delete();
}

/** The digests of some rules as stored, and the keys of every alert holding a reason of one of them. */
export interface StoredDigests {
  byRule: ReadonlyMap<string, ReadonlyMap<string, string>>;
  keys: ReadonlyMap<string, [string, string]>;
  /** Rules whose records were rebuilt from their alerts before this read (their counts disagreed). */
  rebuilt: readonly string[];
}

const splitKey = (key: string): [string, string] => {
  const at = key.indexOf('\u0000');
  return [key.slice(0, at), key.slice(at + 1)];
};

async function readOnce(
  db: ArchiveDb,
  ruleIds: readonly string[],
): Promise<{ byRule: Map<string, Map<string, string>>; stale: string[] }> {
  const table = alertDigests(db);
  const alerts = db.table('alerts');
  const [raw, counts] = await readUnopened(db, [table, alerts], () =>
    Promise.all([
      Promise.all(
        ruleIds.map((id) => table.where('[ruleId+shard]').between([id, 0], [id, DIGEST_SHARDS]).toArray()),
      ),
      Promise.all(ruleIds.map((id) => alerts.where('ruleIds').equals(id).count())),
    ]),
  );
  const opened = await openRows(db, table.name, raw.flat());
  const byRule = new Map<string, Map<string, string>>(ruleIds.map((id) => [id, new Map()]));
  for (const row of opened) {
    const map = byRule.get(row.ruleId);
    if (map) for (const [key, digest] of Object.entries(row.entries)) map.set(key, digest);
  }
  const stale = ruleIds.filter((id, i) => byRule.get(id)?.size !== counts[i]);
  return { byRule, stale };
}

/**
 * Rebuilds the digest records of `ruleIds` from their alerts, in one read-write transaction (a write
 * meanwhile waits for it). For an archive whose alerts predate the records, or disagree with them.
 */
export async function rebuildDigests(
  db: ArchiveDb,
  ruleIds: readonly string[],
  severities: ReadonlyMap<string, Severity>,
): Promise<void> {
  const table = alertDigests(db);
  const alerts = db.table('alerts');
  const wanted = new Set(ruleIds);
  await db.transaction('rw', [table, alerts], async () => {
    for (const id of ruleIds)
      await table.where('[ruleId+shard]').between([id, 0], [id, DIGEST_SHARDS]).delete();
    const keys = new Map<string, [string, string]>();
    for (const id of ruleIds)
      for (const key of (await alerts.where('ruleIds').equals(id).primaryKeys()) as [string, string][])
        keys.set(alertKey(key[0], key[1]), key);
    const rows = (await alerts.bulkGet([...keys.values()])) as Array<
      (DigestedFields & { corpId: string; msgid: string; hits: RuleHit[] }) | undefined
    >;
    const changes: DigestChange[] = [];
    for (const row of rows) {
      if (!row) continue;
      const set = new Map([...digestsOf(row, row.hits, severities)].filter(([id]) => wanted.has(id)));
      changes.push({ key: alertKey(row.corpId, row.msgid), remove: [], set });
    }
    await applyDigestChanges(db, changes);
  });
}

/**
 * The digests of `ruleIds` (read unopened, opened after the transaction); a rule whose records disagree
 * with its alerts' count is rebuilt first.
 */
export async function readDigests(
  db: ArchiveDb,
  ruleIds: ReadonlySet<string>,
  severities: ReadonlyMap<string, Severity>,
): Promise<StoredDigests> {
  const ids = [...ruleIds];
  const first = await readOnce(db, ids);
  const rebuilt = first.stale;
  let byRule = first.byRule;
  if (rebuilt.length > 0) {
    await rebuildDigests(db, rebuilt, severities);
    byRule = (await readOnce(db, ids)).byRule;
  }
  const keys = new Map<string, [string, string]>();
  for (const map of byRule.values())
    for (const key of map.keys()) if (!keys.has(key)) keys.set(key, splitKey(key));
  return { byRule, keys, rebuilt };
}
