import { useTranslation } from 'react-i18next';
import { formatDateTime, formatRelative } from '../../lib/formatTime';
import { retentionRisk } from '../../lib/retention';
import { Banner } from '../../ui/Banner';
import { selectTimeZone, useAppState } from '../../state';

/** The loud warning before un-pulled data expires at WeCom (docs/wecom-sdk.md §7). */
export function RetentionWarning({
  lastSuccessAt,
  now,
  locale,
}: {
  lastSuccessAt: number | null;
  now: number;
  locale: string;
}) {
  const { t } = useTranslation();
  const timeZone = useAppState(selectTimeZone);
  const risk = retentionRisk(lastSuccessAt, now);
  if (risk === 'fresh') return null;
  const title =
    lastSuccessAt === null
      ? t('pull.retention.neverTitle')
      : t('pull.retention.staleTitle', {
          ago: formatRelative(lastSuccessAt, now, locale),
          at: formatDateTime(lastSuccessAt, locale, timeZone),
        });
  return (
    <Banner tone="danger" title={title}>
      {t('pull.retention.body')}
    </Banner>
  );
}
