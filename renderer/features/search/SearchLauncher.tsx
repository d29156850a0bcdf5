import './search.css';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { selectTimeZone, useAppState } from '../../state';
import { SearchHitBar } from './SearchHitBar';
import { toMarkFilter } from './markFilter';
import { toSearchFilters } from './searchFilterForm';
import { SearchPanel } from './SearchPanel';
import { useHitNavigation } from './useHitNavigation';
import { useSearchResults } from './useSearchResults';

/**
 * The header's search button, Ctrl/Cmd+F anywhere, the panel while open, and the hit bar after a
 * jump. The results live here (not in the panel), so closing the panel to show a hit keeps them,
 * and F3/Shift+F3 step through them from anywhere.
 */
export function SearchLauncher() {
  const { t } = useTranslation();
  const searchOpen = useAppState((state) => state.searchOpen);
  const openSearch = useAppState((state) => state.openSearch);
  const query = useAppState((state) => state.searchQuery);
  const scope = useAppState((state) => state.searchScope);
  const form = useAppState((state) => state.searchForm);
  const jump = useAppState((state) => state.searchJump);
  const timeZone = useAppState(selectTimeZone);
  const filters = useMemo(() => toSearchFilters(form, scope, timeZone), [form, scope, timeZone]);
  const markFilter = useMemo(() => toMarkFilter(form), [form]);
  const results = useSearchResults(query, filters, markFilter);
  const navigation = useHitNavigation(results);
  const hitCount = results.hits.length;
  const { next, previous } = navigation;

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'f') {
        event.preventDefault();
        openSearch(null);
      } else if (event.key === 'F3' && !event.ctrlKey && !event.metaKey && !event.altKey) {
        // The browser's own find would search the page's DOM, not the archive.
        event.preventDefault();
        if (hitCount === 0) return;
        if (event.shiftKey) previous();
        else next();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [openSearch, hitCount, next, previous]);

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
      {searchOpen ? (
        <SearchPanel results={results} navigation={navigation} />
      ) : jump && hitCount > 0 ? (
        <SearchHitBar navigation={navigation} total={results.page?.total ?? hitCount} />
      ) : null}
    </>
  );
}
