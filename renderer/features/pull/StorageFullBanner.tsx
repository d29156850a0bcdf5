import { useTranslation } from 'react-i18next';
import type { CommitFailure } from '../../state';
import { formatBytes } from '../../lib/formatBytes';
import { Banner } from '../../ui/Banner';

/** The pull stopped because the batch did not fit: how much is needed, and that nothing was lost. */
export function StorageFullBanner({
  storage,
  locale,
}: {
  storage: NonNullable<CommitFailure['storage']>;
  locale: string;
}) {
  const { t } = useTranslation();
  return (
    <Banner tone="danger" title={t('storage.fullTitle')}>
      <span data-testid="storage-full">
        {t('storage.fullBody', {
          needed: formatBytes(storage.neededBytes, locale),
          usage: formatBytes(storage.usage, locale),
          quota: formatBytes(storage.quota, locale),
        })}
      </span>
    </Banner>
  );
}
