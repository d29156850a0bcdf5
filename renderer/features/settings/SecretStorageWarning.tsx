import { useTranslation } from 'react-i18next';
import { useAppState } from '../../state';
import { Banner } from '../../ui/Banner';

/** The browser shell has no OS keyring: say plainly where the secrets are (docs/style.md §5). */
export function SecretStorageWarning() {
  const { t } = useTranslation();
  const storage = useAppState((state) => state.appInfo?.secretStorage);
  if (storage?.kind !== 'file-0600') return null;
  return (
    <Banner tone="warning" title={t('settings.secretStorageWarningTitle')}>
      {t('settings.secretStorageWarning', { location: storage.location ?? '?' })}
    </Banner>
  );
}
