import { useTranslation } from 'react-i18next';
import { useAppState } from '../state';
import type { View } from '../state';

const VIEWS: readonly View[] = [
  'archive',
  'people',
  'media',
  'pull',
  'ledger',
  'cases',
  'rules',
  'alerts',
  'audit',
  'verify',
  'settings',
];

/** The three screens; the current one is marked for assistive tech with aria-current. */
export function Navigation() {
  const { t } = useTranslation();
  const view = useAppState((state) => state.view);
  const setView = useAppState((state) => state.setView);
  return (
    <nav className="nav" aria-label={t('nav.label')}>
      {VIEWS.map((candidate) => (
        <button
          key={candidate}
          type="button"
          className="nav__item"
          aria-current={view === candidate ? 'page' : undefined}
          onClick={() => setView(candidate)}
        >
          {t(`nav.${candidate}`)}
        </button>
      ))}
    </nav>
  );
}
