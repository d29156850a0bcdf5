import type { JsonValue } from '../../../main/common/audit/auditChain';
import type { ArchiveDb } from '../../db';
import { rulesTables, type AlertRow, type AlertStatus } from '../../rules';
import type { AuditTrail } from '../audit';
import type { Cases } from '../cases';
import type { ReviewerIdentity } from '../reviewer';

/**
 * Alert triage (issue 12): open → dismissed (with a reason) / escalated / added to a case, and back to
 * open. The state lives in the alert row (table `alerts`, never in message rows); every change is
 * one entry in the review audit trail (features/audit) with the state before and after.
 */
export type AlertKey = readonly [corpId: string, msgid: string];

export interface AlertTriageDeps {
  db: ArchiveDb;
  auditTrail: Pick<AuditTrail, 'append'>;
  reviewer: Pick<ReviewerIdentity, 'reviewer'>;
  cases: Pick<Cases, 'casesOf'>;
  now?: () => number;
}

const view = (row: AlertRow): JsonValue => ({
  status: row.status,
  ...(row.dismissReason ? { reason: row.dismissReason } : {}),
  ...(row.caseIds?.length ? { caseIds: row.caseIds } : {}),
});

export class AlertTriage {
  private readonly now: () => number;

  constructor(private readonly deps: AlertTriageDeps) {
    this.now = deps.now ?? Date.now;
  }

  private async change(
    keys: readonly AlertKey[],
    action: 'alert.dismissed' | 'alert.escalated' | 'alert.reopened' | 'alert.added-to-case',
    patch: (row: AlertRow) => AlertRow | null,
  ): Promise<number> {
    const { alerts } = rulesTables(this.deps.db);
    const by = this.deps.reviewer.reviewer?.name ?? '';
    const changed: { before: AlertRow; after: AlertRow }[] = [];
    await this.deps.db.transaction('rw', alerts, async () => {
      const rows = await alerts.bulkGet(keys.map(([c, m]) => [c, m] as [string, string]));
      for (const before of rows) {
        if (!before) continue;
        const next = patch(before);
        if (!next || JSON.stringify(view(next)) === JSON.stringify(view(before))) continue;
        const after: AlertRow = { ...next, triagedBy: by, triagedAt: this.now() };
        changed.push({ before, after });
      }
      await alerts.bulkPut(changed.map((c) => c.after));
    });
    for (const { before, after } of changed) {
      await this.deps.auditTrail.append(
        action,
        { corpId: after.corpId, msgid: after.msgid, convId: after.convId, ruleIds: after.ruleIds },
        { before: view(before), after: view(after) },
      );
    }
    return changed.length;
  }

  dismiss(keys: readonly AlertKey[], reason: string): Promise<number> {
    const trimmed = reason.trim().slice(0, 500);
    return this.change(keys, 'alert.dismissed', (row) => ({
      ...row,
      status: 'dismissed',
      dismissReason: trimmed,
    }));
  }

  escalate(keys: readonly AlertKey[]): Promise<number> {
    return this.change(keys, 'alert.escalated', (row) => withStatus(row, 'escalated'));
  }

  reopen(keys: readonly AlertKey[]): Promise<number> {
    return this.change(keys, 'alert.reopened', (row) => withStatus(row, 'open'));
  }

  /** After the add-to-case dialog closed: records the cases the alert's message is in now, if any are new. */
  async recordCases(key: AlertKey): Promise<number> {
    const caseIds = await this.deps.cases.casesOf(key[0], key[1]);
    return caseIds.length > 0 ? this.addedToCases(key, caseIds) : 0;
  }

  /** Records the cases an alert's message is now in (after "add to case"); the alert counts as escalated. */
  addedToCases(key: AlertKey, caseIds: readonly string[]): Promise<number> {
    return this.change([key], 'alert.added-to-case', (row) => {
      const merged = [...new Set([...(row.caseIds ?? []), ...caseIds])];
      if (merged.length === (row.caseIds ?? []).length) return null;
      return { ...withStatus(row, 'escalated'), caseIds: merged };
    });
  }
}

function withStatus(row: AlertRow, status: AlertStatus): AlertRow {
  const { dismissReason: _dropped, ...rest } = row;
  return { ...rest, status };
}
