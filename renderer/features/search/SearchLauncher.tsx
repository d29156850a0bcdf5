import './search.css';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppState } from '../../state';
import { SearchPanel } from './SearchPanel';

/** The header's search button, Ctrl/Cmd+F anywhere, and the panel while open. */
export function SearchLauncher() {
  const { t } = useTranslation();
  const searchOpen = useAppState((state) => state.searchOpen);
  const openSearch = useAppState((state) => state.openSearch);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'f') {
        event.preventDefault();
        openSearch(null);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [openSearch]);

  return (
    <>
      <button
        type="button"
        className="button button--ghost search-launcher"
        onClick={() => openSearch(null)}
        title={t('search.openHint')}
        data-testid="search-open"
      >
        {t('search.open')}
      </button>
      {searchOpen ? <SearchPanel /> : null}
    </>
  );
}
