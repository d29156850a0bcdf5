import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { statusCounts } from '../../db';
import { formatNumber } from '../../lib/formatTime';
import { Badge } from '../../ui/Badge';
import { useAppServices } from '../appServices';

/** What the local archive holds for a corp, by decrypt status; re-read after every commit. */
export function StoredCounts({ corpId, locale }: { corpId: string; locale: string }) {
  const { t } = useTranslation();
  const { db } = useAppServices();
  const counts = useLiveQuery(() => statusCounts(db, corpId), [db, corpId]);
  if (!counts) return <p className="muted">{t('common.loading')}</p>;
  const n = (value: number) => formatNumber(value, locale);
  return (
    <ul className="count-list" aria-label={t('pull.stored.title')}>
      <li>
        <span className="count-list__label">{t('pull.stored.total')}</span>
        <span className="count-list__value">{n(counts.total)}</span>
      </li>
      <li>
        <Badge tone="success">{t('pull.stored.ok')}</Badge>
        <span className="count-list__value">{n(counts.ok)}</span>
      </li>
      {counts.missingKey.map(({ version, count }) => (
        <li key={version}>
          <Badge tone="warning">{t('pull.stored.missingKey', { version })}</Badge>
          <span className="count-list__value">{n(count)}</span>
        </li>
      ))}
      {counts.decryptFailed > 0 ? (
        <li>
          <Badge tone="danger">{t('pull.stored.decryptFailed')}</Badge>
          <span className="count-list__value">{n(counts.decryptFailed)}</span>
        </li>
      ) : null}
    </ul>
  );
}
