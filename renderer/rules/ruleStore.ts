import type { Table } from 'dexie';
import type { ArchiveDb } from '../db';
import {
  alertDigests,
  alertKey,
  applyDigestChanges,
  digestsOf,
  dropRuleDigests,
  type DigestChange,
  type StoredDigests,
} from './alertDigests';
import { compileRegex } from './matcher';
import { ruleHasMatchers, SEVERITIES, type Rule, type RuleDraft, type RuleHit, type Severity } from './model';

/**
 * The rules, alerts and the rules worker's progress (schema v9, renderer/db/schema.ts). Alerts are
 * one row per message with every reason (hit) of every rule; their triage state is the reviewers'
 * and survives every re-run of a rule: a re-run replaces that rule's reasons only.
 */

/** What a run found for one message. */
export interface FoundMessage {
  corpId: string;
  msgid: string;
  convId: string;
  from: string;
  msgtype: string;
  msgtime: number;
  external: boolean;
  /** The message's visible text (fields joined by FIELD_SEPARATOR), where the hits' spans point. */
  text: string;
  hits: RuleHit[];
}

export type AlertStatus = 'open' | 'dismissed' | 'escalated';
export const ALERT_STATUSES: readonly AlertStatus[] = ['open', 'dismissed', 'escalated'];

/** One message's alert: what a run found, the rules, and the reviewers' triage state. */
export interface AlertRow extends FoundMessage {
  ruleIds: string[];
  /** The highest severity among the rules that hit (0 low … 2 high). */
  severity: number;
  status: AlertStatus;
  dismissReason?: string;
  /** Set when the alert was added to a case. */
  caseIds?: string[];
  triagedBy?: string;
  triagedAt?: number;
  raisedAt: number;
}

/** How far the rules worker has checked the search index's blocks (incremental, after each ingest). */
export interface CheckedState {
  key: 'checked';
  /** Every block with an id ≤ this was checked by every rule enabled at the time. */
  block: number;
}

export interface RulesTables {
  rules: Table<Rule, string>;
  alerts: Table<AlertRow, [string, string]>;
  state: Table<CheckedState, string>;
}

export function rulesTables(db: ArchiveDb): RulesTables {
  return { rules: db.table('rules'), alerts: db.table('alerts'), state: db.table('rulesState') };
}

export const severityRank = (severity: Severity) => SEVERITIES.indexOf(severity);

export class RuleValidationError extends Error {
  constructor(
    readonly code: 'no-name' | 'no-matchers' | 'bad-regex',
    message: string,
  ) {
    super(message);
    this.name = 'RuleValidationError';
  }
}

/** Throws RuleValidationError for a draft that cannot be saved. */
export function validateDraft(draft: RuleDraft): void {
  if (draft.name.trim() === '') throw new RuleValidationError('no-name', 'a rule needs a name');
  if (!ruleHasMatchers(draft))
    throw new RuleValidationError('no-matchers', 'a rule needs a term, pattern or regex');
  try {
    compileRegex(draft.regex);
  } catch (error) {
    throw new RuleValidationError('bad-regex', (error as Error).message);
  }
}

let idCounter = 0;
function newRuleId(now: number): string {
  idCounter += 1;
  const random = Math.floor(Math.random() * 0xffffff).toString(36);
  return `r-${now.toString(36)}-${idCounter.toString(36)}${random}`;
}

export async function listRules(db: ArchiveDb): Promise<Rule[]> {
  return (await rulesTables(db).rules.toArray()).sort((a, b) => a.createdAt - b.createdAt);
}

/** Saves a draft (new or an edit of an existing rule); answers the stored rule. */
export async function saveRule(db: ArchiveDb, draft: RuleDraft, now = Date.now()): Promise<Rule> {
  validateDraft(draft);
  const { rules } = rulesTables(db);
  const existing = draft.id ? await rules.get(draft.id) : undefined;
  const rule: Rule = {
    ...draft,
    name: draft.name.trim(),
    id: existing?.id ?? draft.id ?? newRuleId(now),
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
  await rules.put(rule);
  return rule;
}

/** Deletes a rule and its reasons; open alerts left without a reason go, triaged ones stay. */
export async function deleteRule(db: ArchiveDb, ruleId: string): Promise<void> {
  const { rules, alerts } = rulesTables(db);
  await db.transaction('rw', [rules, alerts, alertDigests(db)], async () => {
    await rules.delete(ruleId);
    const severities = new Map((await rules.toArray()).map((rule) => [rule.id, rule.severity]));
    const affected = await alerts.where('ruleIds').equals(ruleId).toArray();
    await writeAlerts(
      alerts,
      affected.map((row) => withoutRules(row, new Set([ruleId]), severities)),
    );
    // The other rules' digests on these alerts stay true: their hits and the message did not change.
    await dropRuleDigests(db, ruleId);
  });
}

/** The highest severity among `ruleIds` (0 low … 2 high; 0 for none). */
const severityOf = (ruleIds: readonly string[], severities: ReadonlyMap<string, Severity>) =>
  Math.max(0, ...ruleIds.map((id) => severityRank(severities.get(id) ?? 'medium')));

/** An alert without the reasons of `ruleIds`; its severity that of the rules left (with `severities`). */
function withoutRules(
  row: AlertRow,
  ruleIds: ReadonlySet<string>,
  severities?: ReadonlyMap<string, Severity>,
): AlertRow {
  const hits = row.hits.filter((hit) => !ruleIds.has(hit.ruleId));
  const left = [...new Set(hits.map((hit) => hit.ruleId))];
  return { ...row, hits, ruleIds: left, ...(severities ? { severity: severityOf(left, severities) } : {}) };
}

/** Puts the rows that still have reasons or a triage state; deletes open rows without reasons. */
async function writeAlerts(alerts: RulesTables['alerts'], rows: readonly AlertRow[]): Promise<void> {
  const keep = rows.filter((row) => row.hits.length > 0 || row.status !== 'open');
  const drop = rows.filter((row) => row.hits.length === 0 && row.status === 'open');
  if (keep.length) await alerts.bulkPut(keep);
  if (drop.length) await alerts.bulkDelete(drop.map((row) => [row.corpId, row.msgid] as [string, string]));
}

const hitKey = (hit: RuleHit) =>
  `${hit.ruleId}\u0000${hit.kind}\u0000${hit.matcher}\u0000${hit.start}\u0000${hit.end}`;

/**
 * The digest records' side of writing one alert (alertDigests.ts): `after` replaces `before`; an open
 * alert left without reasons is deleted (writeAlerts) and keeps no digest.
 */
function digestChange(
  before: AlertRow | undefined,
  after: AlertRow,
  severities: ReadonlyMap<string, Severity>,
): DigestChange {
  const kept = after.hits.length > 0 || after.status !== 'open';
  return {
    key: alertKey(after.corpId, after.msgid),
    remove: before?.ruleIds ?? [],
    set: kept ? digestsOf(after, after.hits, severities) : new Map(),
  };
}

/**
 * Merges found hits into the alerts. `replacing`: the rules whose earlier reasons on these messages
 * are replaced (a retroactive run of them); otherwise hits are added to what is there (ingest).
 */
export async function mergeFound(
  db: ArchiveDb,
  found: readonly FoundMessage[],
  severities: ReadonlyMap<string, Severity>,
  replacing: ReadonlySet<string> | null,
  now = Date.now(),
  /** The incremental check's progress, written in the same transaction as its alerts. */
  checkedBlock?: number,
  /**
   * With `replacing`: the replaced rules' digests (readDigests, before the run's first write). A message
   * whose digests all agree is left as it is without reading its alert; the others are compared with
   * their stored alert in the write transaction. Without them every found message is.
   */
  stored?: StoredDigests,
): Promise<number> {
  const { alerts, state } = rulesTables(db);
  if (found.length === 0) {
    if (checkedBlock !== undefined) await state.put({ key: 'checked', block: checkedBlock });
    return 0;
  }
  // One message may be found twice (a re-indexed copy): its hits are merged first.
  const byKey = new Map<string, FoundMessage>();
  for (const message of found) {
    const key = `${message.corpId}\u0000${message.msgid}`;
    const seen = byKey.get(key);
    if (seen) byKey.set(key, { ...message, hits: [...seen.hits, ...message.hits] });
    else byKey.set(key, message);
  }
  let messages = [...byKey.values()];
  const keysOf = (list: readonly FoundMessage[]) => list.map((m) => [m.corpId, m.msgid] as [string, string]);
  if (replacing && stored) {
    // A re-run mostly finds what is stored: a message whose replaced rules' digests all say what the
    // run found needs no read of its alert; the rest go through the write transaction below, which
    // reads them and merges with what is stored then.
    messages = messages.filter((message) => !digestsAgree(stored, message, severities, replacing));
    if (messages.length === 0) {
      if (checkedBlock !== undefined) await state.put({ key: 'checked', block: checkedBlock });
      return 0;
    }
  }
  return db.transaction('rw', [alerts, state, alertDigests(db)], async () => {
    const existing = await alerts.bulkGet(keysOf(messages));
    // A re-run that finds what is stored writes nothing (nothing to re-seal or re-put).
    const changes: DigestChange[] = [];
    const changed: AlertRow[] = [];
    messages.forEach((message, index) => {
      const before = existing[index];
      const row = merged(before, message, severities, replacing, now);
      if (row) {
        changed.push(row);
        changes.push(digestChange(before, row, severities));
      } else if (stored && before) {
        // The alert says what the run found, but the digests disagreed (a rule's severity changed
        // without changing the alert's): the replaced rules' digests are brought up to date.
        const set = new Map(
          [...digestsOf(before, before.hits, severities)].filter(([id]) => replacing?.has(id)),
        );
        changes.push({ key: alertKey(before.corpId, before.msgid), remove: [...(replacing ?? [])], set });
      }
    });
    await writeAlerts(alerts, changed);
    await applyDigestChanges(db, changes);
    if (checkedBlock !== undefined) await state.put({ key: 'checked', block: checkedBlock });
    return changed.length;
  });
}

/** Whether every replaced rule's stored digest on `message` is what the run found (absent: no hit). */
function digestsAgree(
  stored: StoredDigests,
  message: FoundMessage,
  severities: ReadonlyMap<string, Severity>,
  replacing: ReadonlySet<string>,
): boolean {
  const key = alertKey(message.corpId, message.msgid);
  const found = digestsOf(message, message.hits, severities);
  for (const ruleId of replacing) if (stored.byRule.get(ruleId)?.get(key) !== found.get(ruleId)) return false;
  // A hit of a rule that is not being replaced would be added (the run only finds replaced rules).
  for (const ruleId of found.keys()) if (!replacing.has(ruleId)) return false;
  return true;
}

/**
 * A message's alert after a run found `message`: its hits added to the stored ones (those of the
 * `replacing` rules dropped first); null when the stored alert already says exactly that.
 */
function merged(
  before: AlertRow | undefined,
  message: FoundMessage,
  severities: ReadonlyMap<string, Severity>,
  replacing: ReadonlySet<string> | null,
  now: number,
): AlertRow | null {
  const base = before && replacing ? withoutRules(before, replacing) : before;
  const hits = [...(base?.hits ?? [])];
  const keys = new Set(hits.map(hitKey));
  for (const hit of message.hits) {
    if (keys.has(hitKey(hit))) continue;
    keys.add(hitKey(hit));
    hits.push(hit);
  }
  hits.sort((a, b) => a.start - b.start || a.end - b.end);
  const ruleIds = [...new Set(hits.map((hit) => hit.ruleId))];
  const severity = severityOf(ruleIds, severities);
  if (before && sameAlert(before, message, hits, severity)) return null;
  return {
    ...(base ?? { status: 'open' as const, raisedAt: now }),
    corpId: message.corpId,
    msgid: message.msgid,
    convId: message.convId,
    from: message.from,
    msgtype: message.msgtype,
    msgtime: message.msgtime,
    external: message.external,
    text: message.text,
    hits,
    ruleIds,
    severity,
  };
}

/** Whether a stored alert already says what a run found: same hits (in order), severity and message fields. */
function sameAlert(
  row: AlertRow,
  message: FoundMessage,
  hits: readonly RuleHit[],
  severity: number,
): boolean {
  if (row.hits.length !== hits.length || row.severity !== severity || row.text !== message.text) return false;
  if (row.convId !== message.convId || row.msgtime !== message.msgtime || row.from !== message.from)
    return false;
  if (row.msgtype !== message.msgtype || row.external !== message.external) return false;
  return hits.every((hit, i) => {
    const stored = row.hits[i] as RuleHit;
    return (
      hitKey(stored) === hitKey(hit) &&
      stored.matched === hit.matched &&
      stored.folds.join() === hit.folds.join()
    );
  });
}

/**
 * After a completed retroactive run of `ruleIds`: their reasons on messages the run did not find
 * (the rule changed and no longer matches) are removed. `before`: the keys of the alerts that held
 * these rules' reasons when the run began (readDigests); alerts raised after that (by the incremental
 * check, for messages the run did not walk) keep their reasons.
 */
export async function dropStaleReasons(
  db: ArchiveDb,
  ruleIds: ReadonlySet<string>,
  foundKeys: ReadonlySet<string>,
  before: ReadonlyMap<string, [string, string]>,
  /** Every rule's severity: an alert's severity becomes that of the rules it keeps. */
  severities: ReadonlyMap<string, Severity>,
): Promise<void> {
  const stale = [...before].filter(([k]) => !foundKeys.has(k)).map(([, key]) => key);
  if (stale.length === 0) return;
  const { alerts } = rulesTables(db);
  await db.transaction('rw', [alerts, alertDigests(db)], async () => {
    // Only the rows that lost a reason are read (and opened).
    const rows = (await alerts.bulkGet(stale)).filter(
      (row): row is AlertRow => row !== undefined && row.ruleIds.some((id) => ruleIds.has(id)),
    );
    const after = rows.map((row) => withoutRules(row, ruleIds, severities));
    await writeAlerts(alerts, after);
    // The other rules' digests stay: their hits and the message did not change.
    await applyDigestChanges(
      db,
      rows.map((row) => ({
        key: alertKey(row.corpId, row.msgid),
        remove: row.ruleIds.filter((id) => ruleIds.has(id)),
        set: new Map(),
      })),
    );
  });
}

export async function readChecked(db: ArchiveDb): Promise<number> {
  return (await rulesTables(db).state.get('checked'))?.block ?? 0;
}
