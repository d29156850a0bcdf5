import type { AlertRow, AlertStatus, Rule } from '../../rules';

/** How the Alerts screen groups its queue. */
export type AlertGrouping = 'rule' | 'conversation' | 'person';

export interface AlertFilters {
  status: AlertStatus | 'all';
  ruleId: string | null;
  corpId: string | null;
  /** Minimum severity rank (0 low … 2 high). */
  minSeverity: number;
}

export const DEFAULT_ALERT_FILTERS: AlertFilters = {
  status: 'open',
  ruleId: null,
  corpId: null,
  minSeverity: 0,
};

export interface AlertGroup {
  key: string;
  /** The rule id, conversation key or sender this group is about. */
  kind: AlertGrouping;
  value: string;
  corpId: string;
  alerts: AlertRow[];
}

export function filterAlerts(rows: readonly AlertRow[], filters: AlertFilters): AlertRow[] {
  return rows.filter(
    (row) =>
      (filters.status === 'all' || row.status === filters.status) &&
      (filters.ruleId === null || row.ruleIds.includes(filters.ruleId)) &&
      (filters.corpId === null || row.corpId === filters.corpId) &&
      row.severity >= filters.minSeverity,
  );
}

/**
 * Groups alerts, one row per message whatever the number of its reasons. Grouped by rule, a message
 * sits under its most severe rule (then the first saved), and the per-rule counts count it for every rule.
 * Groups: most severe first, then most alerts; alerts newest first.
 */
export function groupAlerts(
  rows: readonly AlertRow[],
  grouping: AlertGrouping,
  rules: readonly Rule[],
): AlertGroup[] {
  const order = new Map(rules.map((rule, i) => [rule.id, i]));
  const severity = new Map(rules.map((rule) => [rule.id, ['low', 'medium', 'high'].indexOf(rule.severity)]));
  const groups = new Map<string, AlertGroup>();
  for (const row of rows) {
    let value: string;
    if (grouping === 'rule') {
      value =
        [...row.ruleIds].sort(
          (a, b) =>
            (severity.get(b) ?? 0) - (severity.get(a) ?? 0) || (order.get(a) ?? 0) - (order.get(b) ?? 0),
        )[0] ?? '';
    } else value = grouping === 'conversation' ? row.convId : row.from;
    const corpId = grouping === 'rule' ? '' : row.corpId;
    const key = `${grouping}\u0000${corpId}\u0000${value}`;
    let group = groups.get(key);
    if (!group) {
      group = { key, kind: grouping, value, corpId, alerts: [] };
      groups.set(key, group);
    }
    group.alerts.push(row);
  }
  const top = (g: AlertGroup) => Math.max(...g.alerts.map((a) => a.severity));
  for (const group of groups.values()) group.alerts.sort((a, b) => b.msgtime - a.msgtime);
  return [...groups.values()].sort((a, b) => top(b) - top(a) || b.alerts.length - a.alerts.length);
}

/** Alerts per rule among the given rows (a message with two rules counts for both). */
export function countsPerRule(rows: readonly AlertRow[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows) for (const id of row.ruleIds) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}
