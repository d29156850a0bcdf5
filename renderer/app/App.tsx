import type { i18n as I18n } from 'i18next';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { AppServicesContext } from '../features/appServices';
import type { AppServices } from '../features/appServices';
import { ReadingMediaSlot } from '../features/media';
import { ReviewerHeader } from '../features/reviewer';
import { LockButton, LockGate } from '../features/lock';
import { MediaSlotContext } from '../features/reading/cards/MediaSlot';
import { SearchLauncher } from '../features/search/SearchLauncher';
import { AppStoreContext } from '../state';
import type { AppStore } from '../state';
import { useAppState } from '../state';
import { ConnectionBanner } from './ConnectionBanner';
import { CurrentScreen } from './CurrentScreen';
import { LanguageSwitch } from './LanguageSwitch';
import { Navigation } from './Navigation';
import { isSessionBlock, SessionScreen } from './SessionScreen';
import { useDocumentPreferences } from './useDocumentPreferences';

function Shell({ i18n }: { i18n: I18n }) {
  const { t } = useTranslation();
  useDocumentPreferences(i18n);
  const connection = useAppState((state) => state.connection);
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="topbar">
        <div className="brand">
          <span className="brand__mark" aria-hidden="true">
            档
          </span>
          <span className="brand__title">{t('app.title')}</span>
          <span className="brand__subtitle">{t('app.subtitle')}</span>
        </div>
        <Navigation />
        <SearchLauncher />
        <ReviewerHeader />
        <LockButton />
        <LanguageSwitch />
      </header>
      <ConnectionBanner />
      <main id="main" className="main" tabIndex={-1}>
        {isSessionBlock(connection) ? <SessionScreen state={connection} /> : <CurrentScreen />}
      </main>
    </div>
  );
}

/**
 * The root: provides what the composition root built (app/compose.ts) — the store, the services,
 * i18n — and the media feature's download slot for the reader's media cards (issue 5).
 */
export function App({ services, store, i18n }: { services: AppServices; store: AppStore; i18n: I18n }) {
  return (
    <I18nextProvider i18n={i18n}>
      <AppStoreContext.Provider value={store}>
        <AppServicesContext.Provider value={services}>
          <MediaSlotContext.Provider value={ReadingMediaSlot}>
            <LockGate>
              <Shell i18n={i18n} />
            </LockGate>
          </MediaSlotContext.Provider>
        </AppServicesContext.Provider>
      </AppStoreContext.Provider>
    </I18nextProvider>
  );
}
