import type { i18n as I18n } from 'i18next';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { AppServicesContext } from '../features/appServices';
import { SearchLauncher } from '../features/search/SearchLauncher';
import type { AppServices } from '../features/appServices';
import { ConnectionBanner } from './ConnectionBanner';
import { CurrentScreen } from './CurrentScreen';
import { LanguageSwitch } from './LanguageSwitch';
import { Navigation } from './Navigation';
import { useDocumentPreferences } from './useDocumentPreferences';

function Shell({ i18n }: { i18n: I18n }) {
  const { t } = useTranslation();
  useDocumentPreferences(i18n);
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
        <LanguageSwitch />
      </header>
      <ConnectionBanner />
      <main id="main" className="main" tabIndex={-1}>
        <CurrentScreen />
      </main>
    </div>
  );
}

export function App({ services, i18n }: { services: AppServices; i18n: I18n }) {
  return (
    <I18nextProvider i18n={i18n}>
      <AppServicesContext.Provider value={services}>
        <Shell i18n={i18n} />
      </AppServicesContext.Provider>
    </I18nextProvider>
  );
}
