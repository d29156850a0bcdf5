import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { corpOverview, readCursor, statusCounts } from '../../db';
import { msgtypeLabel } from '../../i18n/messageLabels';
import { formatDateTime, formatNumber } from '../../lib/formatTime';
import { selectTimeZone, useAppState } from '../../state';
import { Badge } from '../../ui/Badge';
import { CountList } from '../../ui/CountList';
import { Section } from '../../ui/Section';
import { StatGrid } from '../../ui/StatGrid';
import { Table } from '../../ui/Table';
import { useAppServices } from '../appServices';
import { useLocale } from '../useLocale';

/** Counts for one corp's archive: messages, conversations, seq and time range, by status and type. */
export function CorpArchiveStats({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const timeZone = useAppState(selectTimeZone);
  const { db } = useAppServices();
  const data = useLiveQuery(async () => {
    const [counts, overview, cursor] = await Promise.all([
      statusCounts(db, corpId),
      corpOverview(db, corpId),
      readCursor(db, corpId),
    ]);
    return { counts, overview, cursor };
  }, [db, corpId]);
  if (!data) return <p className="muted">{t('common.loading')}</p>;
  const { counts, overview, cursor } = data;
  const n = (value: number) => formatNumber(value, locale);
  const time = (ms: number | null) =>
    ms === null ? t('archive.unknownTime') : formatDateTime(ms, locale, timeZone);

  return (
    <div className="overview">
      <Section id="archive-stats" title={t('archive.stats.messages')}>
        <StatGrid
          stats={[
            { label: t('archive.stats.messages'), value: n(counts.total) },
            { label: t('archive.stats.conversations'), value: n(overview.conversations) },
            {
              label: t('archive.stats.seqRange'),
              value:
                overview.firstSeq === null ? (
                  '—'
                ) : (
                  <code>{`${overview.firstSeq} – ${overview.lastSeq ?? ''}`}</code>
                ),
            },
            { label: t('archive.stats.cursor'), value: <code>{cursor}</code> },
            {
              label: t('archive.stats.timeRange'),
              value: overview.firstMsgtime === null ? '—' : time(overview.firstMsgtime),
              detail: overview.lastMsgtime === null ? undefined : `– ${time(overview.lastMsgtime)}`,
            },
          ]}
        />
        <h3 className="subheading">{t('archive.stats.byStatus')}</h3>
        <CountList
          rows={[
            { key: 'ok', label: <Badge tone="success">{t('archive.status.ok')}</Badge>, value: n(counts.ok) },
            ...counts.missingKey.map(({ version, count }) => ({
              key: `missing-${version}`,
              label: <Badge tone="warning">{t('archive.status.missing-key', { version })}</Badge>,
              value: n(count),
            })),
            {
              key: 'failed',
              label: (
                <Badge tone={counts.decryptFailed > 0 ? 'danger' : 'neutral'}>
                  {t('archive.status.decrypt-failed')}
                </Badge>
              ),
              value: n(counts.decryptFailed),
            },
          ]}
        />
      </Section>
      <Section id="archive-types" title={t('archive.stats.byType')}>
        <Table
          caption={t('archive.stats.byType')}
          columns={[
            {
              key: 'type',
              header: t('archive.stats.type'),
              render: (row) => msgtypeLabel(t, row.msgtype),
            },
            { key: 'count', header: t('archive.stats.count'), numeric: true, render: (row) => n(row.count) },
          ]}
          rows={overview.byMsgtype}
          rowKey={(row) => row.msgtype}
          empty={t('common.none')}
        />
      </Section>
    </div>
  );
}
