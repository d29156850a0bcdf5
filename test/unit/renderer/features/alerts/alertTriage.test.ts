import { describe, expect, it } from 'vitest';
import { CUSTOMER, indexedArchive, textMessage } from '../../rules/ruleFixtures';
import { commitFirstBatch } from '../../fixtures';
import { AlertTriage } from '../../../../../renderer/features/alerts';
import {
  groupAlerts,
  countsPerRule,
  filterAlerts,
  DEFAULT_ALERT_FILTERS,
} from '../../../../../renderer/features/alerts/alertQueue';
import { AuditTrail, auditTable } from '../../../../../renderer/features/audit';
import { Cases } from '../../../../../renderer/features/cases';
import { emptyRuleDraft, listRules, rulesTables, saveRule } from '../../../../../renderer/rules';
import { RuleRunner } from '../../../../../renderer/rules/runner';

async function setup() {
  const db = indexedArchive();
  await commitFirstBatch(db, 'corp-a', [
    textMessage(1, '给你回扣，稳赚不赔'),
    textMessage(2, '回扣的事别在群里说', { roomid: 'wrGroup1', tolist: ['a', 'b'] }),
    textMessage(3, '稳赚', { from: 'lisi', tolist: [CUSTOMER] }),
    textMessage(4, '好的'),
  ]);
  const reviewer = { reviewer: { name: 'Ann' } };
  const auditTrail = new AuditTrail({
    db,
    reviewer,
    log: () => undefined,
    archive: {
      recordAuditHead: () => Promise.resolve({ ok: true as const, value: {} as never }),
      getAuditHead: () => Promise.resolve({ ok: true as const, value: null as never }),
    },
  });
  const cases = new Cases({ db, auditTrail, reviewer });
  const triage = new AlertTriage({ db, auditTrail, reviewer, cases });
  const kickback = await saveRule(db, {
    ...emptyRuleDraft(),
    name: '回扣',
    severity: 'high',
    terms: ['回扣'],
  });
  const sure = await saveRule(db, { ...emptyRuleDraft(), name: '稳赚', terms: ['稳赚'] });
  await new RuleRunner(db).retroactive([kickback.id, sure.id]);
  return { db, auditTrail, cases, triage, kickback, sure };
}

describe('alert triage (issue 12)', () => {
  it('dismisses with a reason, escalates, reopens and adds to a case; every change is an audit entry', async () => {
    const { db, auditTrail, cases, triage } = await setup();
    const { alerts } = rulesTables(db);
    expect(await triage.dismiss([['corp-a', 'm2']], '  群内讨论，非违规 ')).toBe(1);
    expect(await alerts.get(['corp-a', 'm2'])).toMatchObject({
      status: 'dismissed',
      dismissReason: '群内讨论，非违规',
      triagedBy: 'Ann',
    });
    expect(await triage.escalate([['corp-a', 'm3']])).toBe(1);
    // Nothing changes, nothing is recorded.
    expect(await triage.escalate([['corp-a', 'm3']])).toBe(0);
    expect(await triage.reopen([['corp-a', 'm2']])).toBe(1);
    expect((await alerts.get(['corp-a', 'm2']))?.dismissReason).toBeUndefined();

    const created = await cases.create('回扣调查');
    await cases.addItems(created?.id ?? '', [
      { corpId: 'corp-a', kind: 'message', ref: 'm1', convId: 's:x', msgtime: 1 },
    ]);
    expect(await triage.recordCases(['corp-a', 'm1'])).toBe(1);
    expect(await alerts.get(['corp-a', 'm1'])).toMatchObject({ status: 'escalated', caseIds: [created?.id] });

    await auditTrail.flushed();
    const entries = await auditTable(db).orderBy('seq').toArray();
    const triageEntries = entries.filter((e) => e.action.startsWith('alert.'));
    expect(triageEntries.map((e) => [e.action, (e.target as { msgid: string }).msgid])).toEqual([
      ['alert.dismissed', 'm2'],
      ['alert.escalated', 'm3'],
      ['alert.reopened', 'm2'],
      ['alert.added-to-case', 'm1'],
    ]);
    expect(triageEntries[0]).toMatchObject({
      reviewer: { name: 'Ann' },
      before: { status: 'open' },
      after: { status: 'dismissed', reason: '群内讨论，非违规' },
    });
  });

  it('queues one row per message with all its reasons, grouped by rule, conversation or person', async () => {
    const { db, kickback, sure } = await setup();
    const rows = await rulesTables(db).alerts.toArray();
    const rules = await listRules(db);
    const m1 = rows.find((r) => r.msgid === 'm1');
    expect(m1?.ruleIds.sort()).toEqual([kickback.id, sure.id].sort());
    const byRule = groupAlerts(filterAlerts(rows, DEFAULT_ALERT_FILTERS), 'rule', rules);
    // m1 sits once, under its most severe rule.
    expect(byRule.map((g) => [g.value, g.alerts.map((a) => a.msgid)])).toEqual([
      [kickback.id, ['m2', 'm1']],
      [sure.id, ['m3']],
    ]);
    expect(Object.fromEntries(countsPerRule(rows))).toEqual({ [kickback.id]: 2, [sure.id]: 2 });
    expect(groupAlerts(rows, 'person', rules).map((g) => [g.value, g.alerts.length])).toEqual([
      ['zhangwei', 2],
      ['lisi', 1],
    ]);
    expect(groupAlerts(rows, 'conversation', rules)).toHaveLength(3);
    expect(filterAlerts(rows, { ...DEFAULT_ALERT_FILTERS, ruleId: sure.id, minSeverity: 0 })).toHaveLength(2);
    expect(filterAlerts(rows, { ...DEFAULT_ALERT_FILTERS, minSeverity: 2 })).toHaveLength(2);
  });
});
