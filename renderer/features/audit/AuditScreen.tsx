import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { canonicalJson, type AuditEntry } from '../../../main/common/audit/auditChain';
import { formatDateTime, formatNumber } from '../../lib/formatTime';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { DateField } from '../../ui/DateField';
import { Field } from '../../ui/Field';
import { labelledOptions, SelectField } from '../../ui/OptionSelect';
import { ProblemText } from '../../ui/ProblemText';
import { ScreenSection } from '../../ui/ScreenSection';
import { Table } from '../../ui/Table';
import { downloadText } from '../../lib/downloadText';
import { useAppServices } from '../appServices';
import { useLocale } from '../useLocale';
import { exportAuditTrail } from './auditExport';
import { auditPage, auditReviewers, NO_FILTER, type AuditFilter } from './auditQueries';
import { AUDIT_ACTIONS, auditTable, type AuditVerifyReport } from './auditTrail';

import './audit.css';
import { selectTimeZone, useAppState } from '../../state';

const PAGE_SIZE = 50;

function VerifyResult({ report }: { report: AuditVerifyReport }) {
  const { t } = useTranslation();
  const locale = useLocale();
  if (report.broken) {
    return (
      <Banner tone="danger" title={t('audit.verify')}>
        <p
          data-testid="audit-verify-result"
          data-broken-seq={report.broken.seq}
          data-kind={report.broken.kind}
        >
          {t('audit.result.broken', {
            seq: report.broken.seq,
            kind: t(`audit.result.kind.${report.broken.kind}`),
          })}
        </p>
      </Banner>
    );
  }
  return (
    <Banner tone={report.headBehind || report.headError ? 'warning' : 'success'} title={t('audit.verify')}>
      <p
        data-testid="audit-verify-result"
        data-broken-seq=""
        data-ms={Math.round(report.ms)}
        data-chain-ms={Math.round(report.chainMs)}
      >
        {report.head
          ? t('audit.result.intact', {
              count: formatNumber(report.count, locale),
              seq: report.head.seq,
              ms: Math.round(report.ms),
            })
          : t('audit.result.intactNoHead', { count: formatNumber(report.count, locale) })}
      </p>
      {report.headBehind && report.head ? (
        <p>{t('audit.result.headBehind', { seq: report.head.seq })}</p>
      ) : null}
      {report.headError ? <p>{t('audit.result.headError', { message: report.headError })}</p> : null}
    </Banner>
  );
}

/** The audit trail (issue 11): filtered and paged list, Verify trail, Export as JSON Lines. */
export function AuditScreen() {
  const { t } = useTranslation();
  const locale = useLocale();
  const timeZone = useAppState(selectTimeZone);
  const { db, auditTrail, archive } = useAppServices();
  const [filter, setFilter] = useState<AuditFilter>(NO_FILTER);
  const [page, setPage] = useState(0);
  const [report, setReport] = useState<AuditVerifyReport | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [exported, setExported] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const listed = useLiveQuery(() => auditPage(db, filter, page, PAGE_SIZE), [db, filter, page]);
  const reviewers = useLiveQuery(() => auditReviewers(db), [db]) ?? [];
  const pages = Math.max(1, Math.ceil((listed?.total ?? 0) / PAGE_SIZE));

  const change = (next: Partial<AuditFilter>) => {
    setFilter((current) => ({ ...current, ...next }));
    setPage(0);
  };

  const onVerify = async () => {
    setVerifying(true);
    setProblem(null);
    try {
      setReport(await auditTrail.verify());
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setVerifying(false);
    }
  };

  const onExport = async () => {
    setProblem(null);
    try {
      const [entries, headAnswer] = await Promise.all([
        auditTable(db).orderBy('seq').toArray(),
        archive.getAuditHead({}),
      ]);
      const now = Date.now();
      const stamp = new Date(now)
        .toISOString()
        .replaceAll(':', '')
        .replace(/\.\d+Z$/, 'Z');
      const files = exportAuditTrail(
        entries,
        headAnswer.ok ? headAnswer.value : null,
        `audit-trail-${stamp}`,
        now,
      );
      for (const file of files) downloadText(file.name, file.mediaType, file.text);
      setExported(files.map((file) => file.name).join(', '));
      await auditTrail.append('trail.exported', {}, { after: { entries: entries.length } });
    } catch (error) {
      setProblem((error as Error).message);
    }
  };

  const reviewerLabel = (entry: AuditEntry) =>
    entry.reviewer.name
      ? entry.reviewer.employeeId
        ? `${entry.reviewer.name} (${entry.reviewer.employeeId})`
        : entry.reviewer.name
      : t('reviewer.unnamed');
  const changeText = (entry: AuditEntry) =>
    [
      entry.before === undefined ? null : canonicalJson(entry.before),
      entry.after === undefined ? null : canonicalJson(entry.after),
    ]
      .filter((part) => part !== null)
      .join(' → ');

  return (
    <ScreenSection
      id="audit"
      testId="audit-screen"
      title={t('audit.title')}
      actions={
        <>
          <Button
            variant="primary"
            busy={verifying}
            onClick={() => void onVerify()}
            data-testid="audit-verify"
          >
            {verifying ? t('audit.verifying') : t('audit.verify')}
          </Button>
          <Button onClick={() => void onExport()} data-testid="audit-export">
            {t('audit.export')}
          </Button>
        </>
      }
    >
      <p>{t('audit.intro')}</p>
      <p className="hint">{t('audit.exportHint')}</p>
      {report ? <VerifyResult report={report} /> : null}
      {exported ? <p role="status">{t('audit.exported', { files: exported })}</p> : null}
      <ProblemText problem={problem} />
      <fieldset className="audit-filters">
        <legend>{t('audit.filters')}</legend>
        <SelectField
          label={t('audit.reviewer')}
          data-testid="audit-filter-reviewer"
          value={filter.reviewer ?? ''}
          emptyLabel={t('audit.all')}
          options={reviewers.map((name) => ({ value: name, label: name || t('reviewer.unnamed') }))}
          onChange={(reviewer) => change({ reviewer: reviewer === '' ? null : reviewer })}
        />
        <SelectField
          label={t('audit.action')}
          data-testid="audit-filter-action"
          value={filter.action ?? ''}
          emptyLabel={t('audit.all')}
          options={labelledOptions(AUDIT_ACTIONS, (action) => t(`audit.actions.${action}`))}
          onChange={(action) => change({ action: action === '' ? null : action })}
        />
        <Field label={t('audit.from')}>
          {({ id }) => <DateField id={id} value={filter.from} onChange={(from) => change({ from })} />}
        </Field>
        <Field label={t('audit.to')}>
          {({ id }) => <DateField id={id} value={filter.to} onChange={(to) => change({ to })} />}
        </Field>
        <Button variant="ghost" onClick={() => change(NO_FILTER)}>
          {t('audit.clear')}
        </Button>
      </fieldset>
      {listed ? (
        <>
          <Table
            caption={t('audit.title')}
            rows={listed.rows}
            rowKey={(entry) => String(entry.seq)}
            empty={filter === NO_FILTER ? t('audit.empty') : t('audit.noMatch')}
            columns={[
              { key: 'seq', header: t('audit.columns.seq'), numeric: true, render: (entry) => entry.seq },
              {
                key: 'time',
                header: t('audit.columns.time'),
                render: (entry) => formatDateTime(entry.time, locale, timeZone),
              },
              { key: 'reviewer', header: t('audit.columns.reviewer'), render: reviewerLabel },
              {
                key: 'action',
                header: t('audit.columns.action'),
                render: (entry) =>
                  (AUDIT_ACTIONS as readonly string[]).includes(entry.action)
                    ? t(`audit.actions.${entry.action}`)
                    : entry.action,
              },
              {
                key: 'target',
                header: t('audit.columns.target'),
                render: (entry) => <code className="audit-json">{canonicalJson(entry.target)}</code>,
              },
              {
                key: 'change',
                header: t('audit.columns.change'),
                render: (entry) => <code className="audit-json">{changeText(entry)}</code>,
              },
            ]}
          />
          <div className="audit-pager">
            <Button disabled={page === 0} onClick={() => setPage(page - 1)}>
              {t('audit.previous')}
            </Button>
            <span>
              {t('audit.page', { page: page + 1, pages, count: formatNumber(listed.total, locale) })}
            </span>
            <Button disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>
              {t('audit.next')}
            </Button>
          </div>
        </>
      ) : (
        <p>{t('common.loading')}</p>
      )}
    </ScreenSection>
  );
}
