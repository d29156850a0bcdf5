import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { conversationLabel } from '../../db/convId';
import { formatNumber } from '../../lib/formatTime';
import type { SearchHit } from '../../search/protocol';
import { useAppState } from '../../state';
import { SearchFiltersBar } from './SearchFiltersBar';
import { EMPTY_FORM, toSearchFilters, type FilterForm } from './searchFilterForm';
import { SearchHitItem } from './SearchHitItem';
import { useSearchResults } from './useSearchResults';

/** The search dialog: global, or limited to one chat (in-chat search) when opened with a scope. */
export function SearchPanel() {
  const { t, i18n } = useTranslation();
  const query = useAppState((state) => state.searchQuery);
  const setQuery = useAppState((state) => state.setSearchQuery);
  const scope = useAppState((state) => state.searchScope);
  const openSearch = useAppState((state) => state.openSearch);
  const closeSearch = useAppState((state) => state.closeSearch);
  const openMessage = useAppState((state) => state.openMessage);
  const [form, setForm] = useState<FilterForm>(EMPTY_FORM);
  const filters = useMemo(() => toSearchFilters(form, scope), [form, scope]);
  const results = useSearchResults(query, filters);
  const input = useRef<HTMLInputElement>(null);
  const locale = i18n.language;

  useEffect(() => input.current?.focus(), [scope]);

  const open = (hit: SearchHit) => openMessage(hit.corpId, hit.convId, hit.msgid);
  const page = results.page;
  const total = page ? formatNumber(page.total, locale) : '';

  return (
    <div
      className="search-panel"
      role="dialog"
      aria-modal="true"
      aria-labelledby="search-panel-title"
      onKeyDown={(event) => {
        if (event.key === 'Escape') closeSearch();
      }}
    >
      <div className="search-panel__head">
        <h2 id="search-panel-title" className="search-panel__title">
          {t('search.title')}
        </h2>
        <button type="button" className="button button--ghost" onClick={closeSearch}>
          {t('search.close')}
        </button>
      </div>
      <input
        ref={input}
        type="search"
        className="search-panel__input"
        aria-label={t('search.inputLabel')}
        placeholder={t('search.placeholder')}
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        data-testid="search-input"
      />
      {scope ? (
        <div className="search-panel__scope">
          <span className="badge badge--info" data-testid="search-scope">
            {t('search.scopeChat', { chat: conversationLabel(scope.convId) })}
          </span>
          <button type="button" className="button button--ghost" onClick={() => openSearch(null)}>
            {t('search.scopeClear')}
          </button>
        </div>
      ) : null}
      <SearchFiltersBar form={form} onChange={setForm} corpLocked={scope !== null} />
      <div className="search-panel__status" role="status" aria-live="polite" data-testid="search-status">
        {results.error
          ? t('search.failed', { message: results.error })
          : !results.active
            ? t('search.empty')
            : !page
              ? t('search.searching')
              : page.hits.length === 0 && results.hits.length === 0
                ? t('search.noResults')
                : page.mode === 'scan'
                  ? t('search.scanning')
                  : page.totalExact
                    ? t('search.total', { count: page.total, formatted: total })
                    : t('search.totalEstimate', { count: page.total, formatted: total })}
      </div>
      {page ? (
        <span
          hidden
          data-testid="search-total"
          data-total={page.total}
          data-exact={String(page.totalExact)}
          data-query={results.answered?.query}
          data-filters={results.answered?.filters}
          data-mode={page.mode}
        />
      ) : null}
      <ol className="search-results" aria-busy={results.loading}>
        {results.hits.map((hit) => (
          <SearchHitItem
            key={`${hit.corpId}/${hit.msgid}`}
            hit={hit}
            locale={locale}
            onOpen={open}
            onlyThisChat={scope ? undefined : (h) => openSearch({ corpId: h.corpId, convId: h.convId })}
          />
        ))}
      </ol>
      {page && results.hits.length < page.total && page.hits.length > 0 ? (
        <button
          type="button"
          className="button button--secondary"
          onClick={results.loadMore}
          disabled={results.loading}
        >
          {t('search.more')}
        </button>
      ) : null}
    </div>
  );
}
