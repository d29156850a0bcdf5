import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { statusCounts } from '../../db';
import { formatNumber } from '../../lib/formatTime';
import { Badge } from '../../ui/Badge';
import { CountList } from '../../ui/CountList';
import { useAppServices } from '../appServices';

/** What the local archive holds for a corp, by decrypt status; re-read after every commit. */
export function StoredCounts({ corpId, locale }: { corpId: string; locale: string }) {
  const { t } = useTranslation();
  const { db } = useAppServices();
  const counts = useLiveQuery(() => statusCounts(db, corpId), [db, corpId]);
  if (!counts) return <p className="muted">{t('common.loading')}</p>;
  const n = (value: number) => formatNumber(value, locale);
  return (
    <CountList
      label={t('pull.stored.title')}
      rows={[
        {
          key: 'total',
          label: <span className="count-list__label">{t('pull.stored.total')}</span>,
          value: n(counts.total),
        },
        { key: 'ok', label: <Badge tone="success">{t('pull.stored.ok')}</Badge>, value: n(counts.ok) },
        ...counts.missingKey.map(({ version, count }) => ({
          key: `missing-${version}`,
          label: <Badge tone="warning">{t('pull.stored.missingKey', { version })}</Badge>,
          value: n(count),
        })),
        ...(counts.decryptFailed > 0
          ? [
              {
                key: 'failed',
                label: <Badge tone="danger">{t('pull.stored.decryptFailed')}</Badge>,
                value: n(counts.decryptFailed),
              },
            ]
          : []),
      ]}
    />
  );
}
