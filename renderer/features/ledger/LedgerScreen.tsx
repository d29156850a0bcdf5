import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CorpDto } from '../../../main/contract';
import { describePullError } from '../../i18n/describeErrors';
import { formatDateTime, formatNumber, formatRelative } from '../../lib/formatTime';
import { useNow } from '../../lib/useNow';
import { useAppState, selectTimeZone } from '../../state';
import { Badge } from '../../ui/Badge';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { Section } from '../../ui/Section';
import { StatGrid } from '../../ui/StatGrid';
import { Table, type Column } from '../../ui/Table';
import { downloadText } from '../../lib/downloadText';
import { useAppServices } from '../appServices';
import { useLocale } from '../useLocale';
import { DailyChart } from './DailyChart';
import { exportLedger } from './ledgerExport';
import { ledgerReport } from './ledgerQueries';
import type { ErrorLogRow, LedgerGapRow, LedgerRunRow } from './ledgerRows';

function missingCount(gap: LedgerGapRow): string | null {
  if (gap.firstSeqAfter === null) return null;
  const missing = BigInt(gap.firstSeqAfter) - BigInt(gap.afterSeq) - 1n;
  return (missing > 0n ? missing : 0n).toString();
}

/** One of a corp's ledger tables (gaps, runs, errors) under its heading, its rows by their id. */
function LedgerTable<Row extends { id?: number | undefined }>({
  part,
  columns,
  rows,
}: {
  part: 'gaps' | 'runs' | 'errors';
  columns: Column<Row>[];
  rows: Row[];
}) {
  const { t } = useTranslation();
  return (
    <>
      <h3 className="subheading">{t(`ledger.${part}.title`)}</h3>
      <Table<Row>
        caption={t(`ledger.${part}.title`)}
        columns={columns}
        rows={rows}
        rowKey={(row) => String(row.id)}
        empty={t(`ledger.${part}.none`)}
      />
    </>
  );
}

/** One corp's ledger: retention risk, per-day chart, outcomes, gaps, runs, errors, export. */
function CorpLedger({ corp, now }: { corp: CorpDto; now: number }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const timeZone = useAppState(selectTimeZone);
  const { db, pulls, reviewer } = useAppServices();
  const status = useAppState((state) => state.pullStatuses[corp.id]);
  const lastSuccessAt = status?.lastSuccessAt ?? corp.lastSuccessAt;
  const report = useLiveQuery(
    () => ledgerReport(db, corp.id, lastSuccessAt, now),
    [db, corp.id, lastSuccessAt, now],
  );
  const [exported, setExported] = useState<string | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const when = (ms: number | null) => (ms === null ? '—' : formatDateTime(ms, locale, timeZone));

  if (!report) return <Section title={corp.name}>{t('common.loading')}</Section>;

  const onExport = async () => {
    setExportError(null);
    try {
      const stamp = new Date(report.generatedAt)
        .toISOString()
        .replaceAll(':', '')
        .replace(/\.\d+Z$/, 'Z');
      const { files, manifest } = await exportLedger(report, `ledger-${corp.corpid}-${stamp}`);
      for (const file of [...files, manifest]) downloadText(file.name, file.mediaType, file.text);
      setExported([...files, manifest].map((file) => file.name).join(', '));
    } catch (error) {
      setExportError((error as Error).message);
    }
  };

  const { retention, decrypt } = report;
  const riskBadge = retention.pastLongWindow ? (
    <Badge tone="danger">{t('ledger.retention.sinceLong')}</Badge>
  ) : retention.pastShortWindow ? (
    <Badge tone="warning">{t('ledger.retention.sinceShort')}</Badge>
  ) : (
    <Badge tone="success">{t('ledger.retention.ok')}</Badge>
  );

  return (
    <Section
      id={`ledger-${corp.id}`}
      title={corp.name}
      actions={
        <Button onClick={() => void onExport()} aria-describedby={`ledger-${corp.id}-export`}>
          {t('ledger.export.button')}
        </Button>
      }
    >
      {exported ? (
        <Banner tone="success">
          <span id={`ledger-${corp.id}-export`}>{t('ledger.export.done', { files: exported })}</span>
        </Banner>
      ) : null}
      {exportError ? (
        <Banner tone="danger">{t('ledger.export.failed', { message: exportError })}</Banner>
      ) : null}
      <h3 className="subheading">{t('ledger.retention.title')}</h3>
      <StatGrid
        stats={[
          {
            label: t('ledger.retention.lastSuccess'),
            value: lastSuccessAt === null ? t('common.never') : formatRelative(lastSuccessAt, now, locale),
            detail: lastSuccessAt === null ? undefined : formatDateTime(lastSuccessAt, locale, timeZone),
          },
          { label: t('ledger.retention.title'), value: riskBadge },
        ]}
      />

      <h3 className="subheading">{t('ledger.chart.title')}</h3>
      {report.perDay.length === 0 ? (
        <p className="muted">{t('ledger.chart.empty')}</p>
      ) : (
        <>
          <DailyChart
            days={report.perDay}
            label={t('ledger.chart.series')}
            caption={t('ledger.chart.caption')}
          />
          <details>
            <summary>{t('ledger.chart.caption')}</summary>
            <Table
              caption={t('ledger.chart.caption')}
              columns={[
                { key: 'day', header: t('ledger.runs.started'), render: (row) => row.day },
                {
                  key: 'messages',
                  header: t('ledger.chart.series'),
                  numeric: true,
                  render: (row) => formatNumber(row.messages, locale),
                },
              ]}
              rows={report.perDay}
              rowKey={(row) => row.day}
            />
          </details>
        </>
      )}

      <h3 className="subheading">{t('ledger.decrypt.title')}</h3>
      <StatGrid
        stats={[
          { label: t('ledger.decrypt.ok'), value: formatNumber(decrypt.ok, locale) },
          { label: t('ledger.decrypt.decryptFailed'), value: formatNumber(decrypt.decryptFailed, locale) },
          { label: t('ledger.decrypt.sdkCrash'), value: formatNumber(decrypt.sdkCrash, locale) },
          ...decrypt.missingKey.map(({ version, count }) => ({
            label: t('ledger.decrypt.missingKey', { version }),
            value: formatNumber(count, locale),
          })),
        ]}
      />

      <h3 className="subheading">{t('ledger.media.title')}</h3>
      {Object.keys(report.media.byState).length === 0 ? (
        <p className="muted">{t('ledger.media.none')}</p>
      ) : (
        <StatGrid
          stats={[
            ...Object.entries(report.media.byState).map(([state, count]) => ({
              label: t(`ledger.media.state.${state}`),
              value: formatNumber(count, locale),
            })),
            ...Object.entries(report.media.failedByCause).map(([cause, count]) => ({
              label: t('ledger.media.failedCause', { cause }),
              value: formatNumber(count, locale),
            })),
          ]}
        />
      )}

      <LedgerTable<LedgerGapRow>
        part="gaps"
        columns={[
          { key: 'after', header: t('ledger.gaps.after'), render: (gap) => <code>{gap.afterSeq}</code> },
          {
            key: 'firstAfter',
            header: t('ledger.gaps.firstAfter'),
            render: (gap) =>
              gap.firstSeqAfter === null ? (
                <span className="muted">{t('ledger.gaps.pending')}</span>
              ) : (
                <>
                  <code>{gap.firstSeqAfter}</code>{' '}
                  <Badge tone="danger">{t('ledger.gaps.missing', { count: missingCount(gap) ?? '?' })}</Badge>
                </>
              ),
          },
          {
            key: 'range',
            header: t('ledger.gaps.range'),
            render: (gap) => `${when(gap.afterTime)} – ${when(gap.firstTimeAfter)}`,
          },
          { key: 'recorded', header: t('ledger.gaps.recorded'), render: (gap) => when(gap.recordedAt) },
          { key: 'reviewer', header: t('ledger.gaps.reviewer'), render: (gap) => gap.reviewer },
          { key: 'reason', header: t('ledger.gaps.reason'), render: () => t('ledger.gaps.reasonExpired') },
          {
            key: 'ack',
            header: t('ledger.gaps.acknowledge'),
            render: (gap) =>
              gap.acknowledgedAt === null ? (
                <Button
                  onClick={() => {
                    if (gap.id !== undefined)
                      void pulls.ledger.acknowledgeGap(gap.id, reviewer.reviewer?.name);
                  }}
                >
                  {t('ledger.gaps.acknowledge')}
                </Button>
              ) : (
                t('ledger.gaps.acknowledged', {
                  who: gap.acknowledgedBy ?? '?',
                  at: when(gap.acknowledgedAt),
                })
              ),
          },
        ]}
        rows={report.gaps}
      />

      <LedgerTable<LedgerRunRow>
        part="runs"
        columns={[
          { key: 'started', header: t('ledger.runs.started'), render: (run) => when(run.startedAt) },
          {
            key: 'ended',
            header: t('ledger.runs.ended'),
            render: (run) => (run.endedAt === null ? t('ledger.runs.running') : when(run.endedAt)),
          },
          {
            key: 'trigger',
            header: t('ledger.runs.trigger'),
            render: (run) => t(`ledger.runs.triggers.${run.trigger}`),
          },
          {
            key: 'seq',
            header: t('ledger.runs.seqRange'),
            render: (run) => (
              <code>
                {run.startSeq} → {run.endSeq}
              </code>
            ),
          },
          {
            key: 'messages',
            header: t('ledger.runs.messages'),
            numeric: true,
            render: (run) => `${formatNumber(run.messages, locale)} (${formatNumber(run.added, locale)})`,
          },
          { key: 'outcome', header: t('ledger.runs.outcome'), render: (run) => run.outcome ?? '—' },
          {
            key: 'errors',
            header: t('ledger.runs.errors'),
            render: (run) =>
              Object.entries(run.errorsByCause)
                .map(([kind, count]) => `${kind} ×${count}`)
                .join(', ') || '—',
          },
        ]}
        rows={report.runs}
      />

      <LedgerTable<ErrorLogRow>
        part="errors"
        columns={[
          { key: 'at', header: t('ledger.errors.at'), render: (error) => when(error.at) },
          { key: 'source', header: t('ledger.errors.source'), render: (error) => error.source },
          { key: 'kind', header: t('ledger.errors.kind'), render: (error) => <code>{error.kind}</code> },
          {
            key: 'message',
            header: t('ledger.errors.message'),
            render: (error) => (
              <div className="error-text">
                <div>{describePullError(t, error.kind).explanation}</div>
                <details className="error-text__details">
                  <summary>{t('pull.errors.details')}</summary>
                  <code>{error.message}</code>
                </details>
              </div>
            ),
          },
        ]}
        rows={report.errors}
      />
    </Section>
  );
}

/** The Ledger screen: one section per corp. */
export function LedgerScreen() {
  const { t } = useTranslation();
  const corps = useAppState((state) => state.corps);
  const now = useNow(60_000);
  return (
    <div className="screen">
      <h1 className="screen__title">{t('ledger.title')}</h1>
      <p className="muted">{t('ledger.intro')}</p>
      {corps.length === 0 ? <p className="muted">{t('ledger.noCorps')}</p> : null}
      {corps.map((corp) => (
        <CorpLedger key={corp.id} corp={corp} now={now} />
      ))}
    </div>
  );
}
