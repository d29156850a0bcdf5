import { useTranslation } from 'react-i18next';
import { useAppState } from '../state';
import { Banner } from '../ui/Banner';

/** Shown while main is out of reach; pulls resume by themselves once it is back. */
export function ConnectionBanner() {
  const { t } = useTranslation();
  const connection = useAppState((state) => state.connection);
  if (connection === 'connected') return null;
  if (connection === 'no-token') {
    return (
      <Banner tone="danger" title={t('connection.noToken')}>
        {t('connection.noTokenHint')}
      </Banner>
    );
  }
  if (connection === 'connecting') return <Banner tone="info">{t('connection.connecting')}</Banner>;
  return (
    <Banner tone="warning" title={t('connection.reconnecting')}>
      {t('connection.reconnectingHint')}
    </Banner>
  );
}
