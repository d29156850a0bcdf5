import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { conversationLabel } from '../../db/convId';
import { formatDateTime, formatNumber } from '../../lib/formatTime';
import { listRules, rulesTables, SEVERITIES, type AlertRow, type AlertStatus, type Rule } from '../../rules';
import { selectTimeZone, useAppState } from '../../state';
import { Button } from '../../ui/Button';
import { ScreenSection } from '../../ui/ScreenSection';
import { corpOptions, Select } from '../../ui/OptionSelect';
import { useAppServices } from '../appServices';
import { AddToCaseDialog } from '../cases';
import { ExportRuleAlertsButton } from '../export';
import { useDirectory } from '../reading';
import {
  countsPerRule,
  DEFAULT_ALERT_FILTERS,
  filterAlerts,
  groupAlerts,
  type AlertFilters,
  type AlertGroup,
  type AlertGrouping,
} from './alertQueue';
import { HighlightedText } from './HighlightedText';
import './alerts.css';

/** Alerts shown at most (newest first); filters narrow the queue before this cut. */
const QUEUE_LIMIT = 5000;
const NO_RULES: readonly Rule[] = [];

/**
 * The Alerts screen (issue 12): the queue of rule hits grouped by rule, conversation or person, with
 * filters, counts per rule and keyboard triage — ↑/↓ (j/k) to move, d dismiss with a reason,
 * e escalate, c add to a case, u reopen, Enter/o open the message in its chat.
 */
export function AlertsScreen() {
  const { t, i18n } = useTranslation();
  const { db, alerts: triage } = useAppServices();
  const timeZone = useAppState(selectTimeZone);
  const openMessage = useAppState((state) => state.openMessage);
  const corps = useAppState((state) => state.corps);
  const [filters, setFilters] = useState<AlertFilters>(DEFAULT_ALERT_FILTERS);
  const [grouping, setGrouping] = useState<AlertGrouping>('rule');
  const [active, setActive] = useState(0);
  const [dismissing, setDismissing] = useState<AlertRow | null>(null);
  const [casing, setCasing] = useState<AlertRow | null>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const locale = i18n.language;

  const rules = useLiveQuery(() => listRules(db), [db]) ?? NO_RULES;
  const rows = useLiveQuery(async () => {
    const { alerts } = rulesTables(db);
    const all =
      filters.status === 'all'
        ? await alerts.orderBy('msgtime').reverse().limit(QUEUE_LIMIT).toArray()
        : (await alerts.where('status').equals(filters.status).toArray())
            .sort((a, b) => b.msgtime - a.msgtime)
            .slice(0, QUEUE_LIMIT);
    return all;
  }, [db, filters.status]);
  const statusCounts = useLiveQuery(async () => {
    const { alerts } = rulesTables(db);
    const counts: Record<AlertStatus, number> = { open: 0, dismissed: 0, escalated: 0 };
    for (const status of Object.keys(counts) as AlertStatus[])
      counts[status] = await alerts.where('status').equals(status).count();
    return counts;
  }, [db]);

  const filtered = useMemo(() => filterAlerts(rows ?? [], filters), [rows, filters]);
  const groups = useMemo(() => groupAlerts(filtered, grouping, rules), [filtered, grouping, rules]);
  const flat = useMemo(() => groups.flatMap((g) => g.alerts), [groups]);
  const perRule = useMemo(
    () => countsPerRule(filterAlerts(rows ?? [], { ...filters, ruleId: null })),
    [rows, filters],
  );
  const ruleById = useMemo(() => new Map(rules.map((r) => [r.id, r])), [rules]);
  // A triaged alert may leave the filtered queue: the next one slides into its place.
  const index = Math.max(0, Math.min(active, flat.length - 1));
  const current = flat[index] ?? null;

  const keyOf = (row: AlertRow) => [row.corpId, row.msgid] as const;
  const focusList = () => listRef.current?.focus();

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const key = event.key;
    if (key === 'ArrowDown' || key === 'j') setActive(Math.min(flat.length - 1, index + 1));
    else if (key === 'ArrowUp' || key === 'k') setActive(Math.max(0, index - 1));
    else if (key === 'Home') setActive(0);
    else if (key === 'End') setActive(Math.max(0, flat.length - 1));
    else if (!current) return;
    else if (key === 'd') setDismissing(current);
    else if (key === 'e') void triage.escalate([keyOf(current)]);
    else if (key === 'u') void triage.reopen([keyOf(current)]);
    else if (key === 'c') setCasing(current);
    else if (key === 'Enter' || key === 'o') openMessage(current.corpId, current.convId, current.msgid);
    else return;
    event.preventDefault();
  };

  const activeId = current ? `alert-${current.corpId}-${current.msgid}` : undefined;
  useEffect(() => {
    if (activeId) document.getElementById(activeId)?.scrollIntoView?.({ block: 'nearest' });
  }, [activeId]);

  return (
    <ScreenSection
      id="alerts"
      testId="alerts-screen"
      className="alerts-screen"
      landmark
      title={t('alerts.title')}
      after={
        casing ? (
          <AddToCaseDialog
            items={[
              {
                corpId: casing.corpId,
                kind: 'message',
                ref: casing.msgid,
                convId: casing.convId,
                msgtime: casing.msgtime,
              },
            ]}
            onClose={() => {
              const row = casing;
              setCasing(null);
              void triage.recordCases(keyOf(row)).then(focusList);
            }}
          />
        ) : null
      }
      actions={
        statusCounts ? (
          <span className="alerts-screen__totals" data-testid="alerts-totals">
            {t('alerts.totals', {
              open: formatNumber(statusCounts.open, locale),
              dismissed: formatNumber(statusCounts.dismissed, locale),
              escalated: formatNumber(statusCounts.escalated, locale),
            })}
          </span>
        ) : null
      }
    >
      <div className="alerts-filters" role="group" aria-label={t('alerts.filters')}>
        <label>
          {t('alerts.status')}{' '}
          <Select
            value={filters.status}
            options={(['open', 'escalated', 'dismissed', 'all'] as const).map((status) => ({
              value: status,
              label: t(`alerts.statusName.${status}`),
            }))}
            onChange={(status) => setFilters({ ...filters, status: status as AlertFilters['status'] })}
            data-testid="alerts-status-filter"
          />
        </label>
        <label>
          {t('alerts.rule')}{' '}
          <Select
            value={filters.ruleId ?? ''}
            emptyLabel={t('alerts.anyRule')}
            options={rules.map((rule) => ({ value: rule.id, label: rule.name }))}
            onChange={(ruleId) => setFilters({ ...filters, ruleId: ruleId || null })}
          />
        </label>
        {filters.ruleId && ruleById.has(filters.ruleId) ? (
          <ExportRuleAlertsButton
            ruleId={filters.ruleId}
            name={ruleById.get(filters.ruleId)?.name ?? filters.ruleId}
          />
        ) : null}
        {corps.length > 1 ? (
          <label>
            {t('alerts.corp')}{' '}
            <Select
              value={filters.corpId ?? ''}
              emptyLabel={t('alerts.anyCorp')}
              options={corpOptions(corps)}
              onChange={(corpId) => setFilters({ ...filters, corpId: corpId || null })}
            />
          </label>
        ) : null}
        <label>
          {t('alerts.minSeverity')}{' '}
          <Select
            value={String(filters.minSeverity)}
            options={SEVERITIES.map((severity, rank) => ({
              value: String(rank),
              label: t(`rules.severity.${severity}`),
            }))}
            onChange={(rank) => setFilters({ ...filters, minSeverity: Number(rank) })}
          />
        </label>
        <label>
          {t('alerts.groupBy')}{' '}
          <Select
            value={grouping}
            options={(['rule', 'conversation', 'person'] as const).map((by) => ({
              value: by,
              label: t(`alerts.grouping.${by}`),
            }))}
            onChange={(by) => setGrouping(by as AlertGrouping)}
            data-testid="alerts-grouping"
          />
        </label>
      </div>
      {rules.length > 0 ? (
        <ul className="alerts-counts" aria-label={t('alerts.perRule')} data-testid="alerts-per-rule">
          {rules.map((rule) => (
            <li key={rule.id}>
              {rule.name}: {formatNumber(perRule.get(rule.id) ?? 0, locale)}
            </li>
          ))}
        </ul>
      ) : null}
      <p className="alerts-screen__keys">{t('alerts.keys')}</p>
      {dismissing ? (
        <DismissForm
          row={dismissing}
          onCancel={() => {
            setDismissing(null);
            focusList();
          }}
          onDismiss={async (reason) => {
            // Back to the queue at once: the next key acts on the next alert.
            setDismissing(null);
            focusList();
            await triage.dismiss([keyOf(dismissing)], reason);
          }}
        />
      ) : null}
      {flat.length === 0 ? (
        <p data-testid="alerts-empty">{rows === undefined ? t('alerts.loading') : t('alerts.empty')}</p>
      ) : (
        <div
          ref={listRef}
          className="alerts-queue"
          role="listbox"
          tabIndex={0}
          aria-label={t('alerts.queue')}
          aria-activedescendant={activeId}
          onKeyDown={onKeyDown}
          data-testid="alerts-queue"
        >
          {groups.map((group) => (
            <AlertGroupView
              key={group.key}
              group={group}
              ruleById={ruleById}
              current={current}
              locale={locale}
              timeZone={timeZone}
              onPick={(row) => setActive(flat.indexOf(row))}
            />
          ))}
        </div>
      )}
    </ScreenSection>
  );
}

function AlertGroupView({
  group,
  ruleById,
  current,
  locale,
  timeZone,
  onPick,
}: {
  group: AlertGroup;
  ruleById: ReadonlyMap<string, Rule>;
  current: AlertRow | null;
  locale: string;
  timeZone: string;
  onPick: (row: AlertRow) => void;
}) {
  const { t } = useTranslation();
  const directory = useDirectory(group.corpId || (group.alerts[0]?.corpId ?? ''));
  const title =
    group.kind === 'rule'
      ? (ruleById.get(group.value)?.name ?? t('alerts.deletedRule'))
      : group.kind === 'person'
        ? directory.nameOf(group.value)
        : conversationLabel(group.value)
            .split(' ↔ ')
            .map((id) => directory.nameOf(id))
            .join(' ↔ ');
  return (
    <div role="group" aria-label={title} className="alerts-group" data-testid="alerts-group">
      <h3 className="alerts-group__title">
        {title} <span className="alerts-group__count">({formatNumber(group.alerts.length, locale)})</span>
      </h3>
      {group.alerts.map((row) => (
        <AlertItem
          key={`${row.corpId}-${row.msgid}`}
          row={row}
          ruleById={ruleById}
          active={current === row}
          senderName={directory.nameOf(row.from)}
          locale={locale}
          timeZone={timeZone}
          onPick={() => onPick(row)}
        />
      ))}
    </div>
  );
}

function AlertItem({
  row,
  ruleById,
  active,
  senderName,
  locale,
  timeZone,
  onPick,
}: {
  row: AlertRow;
  ruleById: ReadonlyMap<string, Rule>;
  active: boolean;
  senderName: string;
  locale: string;
  timeZone: string;
  onPick: () => void;
}) {
  const { t } = useTranslation();
  const reasons = row.hits.map((hit) => ({
    rule: ruleById.get(hit.ruleId)?.name ?? t('alerts.deletedRule'),
    hit,
  }));
  return (
    <div
      id={`alert-${row.corpId}-${row.msgid}`}
      role="option"
      aria-selected={active}
      className={`alert-item alert-item--${row.status}${active ? ' alert-item--active' : ''}`}
      onClick={onPick}
      data-testid="alert-item"
      data-msgid={row.msgid}
      data-status={row.status}
    >
      <div className="alert-item__meta">
        <span
          className={`alert-item__severity alert-item__severity--${SEVERITIES[row.severity] ?? 'medium'}`}
        >
          {t(`rules.severity.${SEVERITIES[row.severity] ?? 'medium'}`)}
        </span>{' '}
        <span>{senderName}</span> · <span>{formatDateTime(row.msgtime, locale, timeZone)}</span> ·{' '}
        <span className="alert-item__status">{t(`alerts.statusName.${row.status}`)}</span>
        {row.dismissReason ? <span> — {row.dismissReason}</span> : null}
      </div>
      <div className="alert-item__text">
        <HighlightedText
          text={row.text}
          spans={row.hits.map((hit) => ({ start: hit.start, end: hit.end, title: hit.matcher }))}
        />
      </div>
      <ul className="alert-item__reasons" aria-label={t('alerts.reasons')}>
        {reasons.map(({ rule, hit }, i) => (
          <li key={i} data-testid="alert-reason">
            {t('alerts.reason', {
              rule,
              kind: t(`rules.hitKind.${hit.kind}`),
              matcher: hit.kind === 'pattern' ? t(`rules.pattern.${hit.matcher}`) : hit.matcher,
              matched: hit.matched,
            })}
            {hit.folds.length > 0
              ? ` ${t('alerts.folds', { folds: hit.folds.map((f) => t(`rules.fold.${f}`)).join(t('alerts.listSeparator')) })}`
              : ''}
          </li>
        ))}
      </ul>
    </div>
  );
}

function DismissForm({
  row,
  onCancel,
  onDismiss,
}: {
  row: AlertRow;
  onCancel: () => void;
  onDismiss: (reason: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  return (
    <form
      className="alerts-dismiss"
      onSubmit={(event) => {
        event.preventDefault();
        if (reason.trim()) void onDismiss(reason);
      }}
      data-testid="alerts-dismiss-form"
    >
      <label>
        {t('alerts.dismissReason', { msgid: row.msgid })}{' '}
        <input
          autoFocus
          value={reason}
          list="alerts-dismiss-reasons"
          onChange={(e) => setReason(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') onCancel();
          }}
          data-testid="alerts-dismiss-reason"
        />
      </label>
      <datalist id="alerts-dismiss-reasons">
        {(['falsePositive', 'business', 'known'] as const).map((r) => (
          <option key={r} value={t(`alerts.commonReason.${r}`)} />
        ))}
      </datalist>
      <Button type="submit" variant="primary" disabled={!reason.trim()}>
        {t('alerts.dismiss')}
      </Button>
      <Button onClick={onCancel}>{t('alerts.cancel')}</Button>
    </form>
  );
}
