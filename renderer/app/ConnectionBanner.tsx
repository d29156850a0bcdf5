import { useTranslation } from 'react-i18next';
import { useAppState } from '../state';
import { Banner } from '../ui/Banner';
import { isSessionBlock } from './SessionScreen';

/** Shown while main is out of reach; pulls resume by themselves once it is back. */
export function ConnectionBanner() {
  const { t } = useTranslation();
  const connection = useAppState((state) => state.connection);
  // The session states replace the whole screen (SessionScreen), not just a banner.
  if (connection === 'connected' || isSessionBlock(connection)) return null;
  if (connection === 'connecting') return <Banner tone="info">{t('connection.connecting')}</Banner>;
  return (
    <Banner tone="warning" title={t('connection.reconnecting')}>
      {t('connection.reconnectingHint')}
    </Banner>
  );
}
