import { useEffect, useMemo, useRef } from 'react';
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { conversationLabel } from '../../db/convId';
import { formatNumber } from '../../lib/formatTime';
import { selectTimeZone, useAppState } from '../../state';
import { useMessagesMarks, useTagColours } from '../review';
import { SearchFiltersBar } from './SearchFiltersBar';
import { SearchHitItem } from './SearchHitItem';
import type { HitNavigation } from './useHitNavigation';
import { nameLookup, useNameCandidates } from './useNameCandidates';
import type { SearchResults } from './useSearchResults';
import { useRestoredScroll } from './useRestoredScroll';
import { useMessagesAlerts } from '../alerts';
import { ExportSearchButton } from '../export';

/**
 * The search dialog: global, or limited to one chat (in-chat search) when opened with a scope.
 * Everything it shows is kept in searchSlice and the launcher, so reopening it after a jump shows
 * the same query, filters, selected hit and scroll position. ↑/↓ select a hit, Enter/Shift+Enter
 * in the query open the next/previous one.
 */
export function SearchPanel({ results, navigation }: { results: SearchResults; navigation: HitNavigation }) {
  const { t, i18n } = useTranslation();
  const query = useAppState((state) => state.searchQuery);
  const setQuery = useAppState((state) => state.setSearchQuery);
  const scope = useAppState((state) => state.searchScope);
  const form = useAppState((state) => state.searchForm);
  const setForm = useAppState((state) => state.setSearchForm);
  const openPerson = useAppState((state) => state.openPerson);
  const active = useAppState((state) => state.searchActive);
  const setActive = useAppState((state) => state.setSearchActive);
  const setScroll = useAppState((state) => state.setSearchScroll);
  const openSearch = useAppState((state) => state.openSearch);
  const closeSearch = useAppState((state) => state.closeSearch);
  const timeZone = useAppState(selectTimeZone);
  const corps = useAppState((state) => state.corps);
  const corpIds = useMemo(
    () => (scope ? [scope.corpId] : form.corpId ? [form.corpId] : corps.map((corp) => corp.id)),
    [scope, form.corpId, corps],
  );
  // People and chats named like the chat list: the filters' suggestions and the hits' names.
  const names = useNameCandidates(corpIds);
  const lookup = useMemo(() => nameLookup(names), [names]);
  // The reviewer's marks on the hits shown (issue 11).
  const hitKeys = useMemo(() => results.hits.map((hit) => [hit.corpId, hit.msgid] as const), [results.hits]);
  const hitMarks = useMessagesMarks(hitKeys);
  const hitAlerts = useMessagesAlerts(hitKeys);
  const tagColours = useTagColours();
  const input = useRef<HTMLInputElement>(null);
  const locale = i18n.language;
  const idPrefix = 'search-hit-';

  // Without scrolling: the list opens where it was left (below).
  useEffect(() => input.current?.focus({ preventScroll: true }), [scope]);

  // Back where the list was when the panel closed (the store keeps the position), also when the
  // results and names arrive after the panel opens; written back when it closes.
  const savedScroll = useAppState((state) => state.searchScroll);
  const scrollerRef = useRestoredScroll<HTMLDivElement>(
    savedScroll,
    setScroll,
    '.search-results > li',
    'data-msgid',
  );

  const select = (index: number, focusHit: boolean) => {
    const count = results.hits.length;
    if (count === 0) return;
    const next = Math.max(0, Math.min(count - 1, index));
    setActive(next);
    const item = document.getElementById(`${idPrefix}${next}`);
    item?.scrollIntoView({ block: 'nearest' });
    if (focusHit) item?.querySelector<HTMLButtonElement>('.search-hit__open')?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const target = event.target as HTMLElement;
    const inQuery = target === input.current;
    const onHit = target.classList.contains('search-hit__open');
    if (event.key === 'Escape') {
      closeSearch();
    } else if ((event.key === 'ArrowDown' || event.key === 'ArrowUp') && (inQuery || onHit)) {
      event.preventDefault();
      const delta = event.key === 'ArrowDown' ? 1 : -1;
      select(active === null ? (delta === 1 ? 0 : results.hits.length - 1) : active + delta, onHit);
    } else if (event.key === 'Enter' && inQuery) {
      event.preventDefault();
      if (event.shiftKey) navigation.previous();
      else navigation.next();
    }
  };

  const page = results.page;
  const total = page ? formatNumber(page.total, locale) : '';

  return (
    <div
      ref={scrollerRef}
      className="search-panel"
      role="dialog"
      aria-modal="true"
      aria-labelledby="search-panel-title"
      onKeyDown={onKeyDown}
      data-testid="search-panel"
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
        aria-describedby="search-panel-keys"
        placeholder={t('search.placeholder')}
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        data-testid="search-input"
      />
      <p id="search-panel-keys" className="muted small search-panel__keys">
        {t('search.keysHint')}
      </p>
      {scope ? (
        <div className="search-panel__scope">
          <span className="badge badge--info" data-testid="search-scope">
            {t('search.scopeChat', {
              chat: lookup.chat(scope.corpId, scope.convId) ?? conversationLabel(scope.convId),
            })}
          </span>
          <button type="button" className="button button--ghost" onClick={() => openSearch(null)}>
            {t('search.scopeClear')}
          </button>
        </div>
      ) : null}
      <SearchFiltersBar form={form} onChange={setForm} scopeCorpId={scope?.corpId ?? null} names={names} />
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
          data-marks={results.answered?.marks}
          data-mode={page.mode}
        />
      ) : null}
      {results.hits.length > 0 ? (
        <ExportSearchButton
          query={query}
          keys={results.hits.map((hit) => ({ corpId: hit.corpId, msgid: hit.msgid }))}
        />
      ) : null}
      <ol className="search-results" aria-busy={results.loading}>
        {results.hits.map((hit, index) => (
          <SearchHitItem
            key={`${hit.corpId}/${hit.msgid}`}
            id={`${idPrefix}${index}`}
            hit={hit}
            senderName={lookup.person(hit.corpId, hit.from)}
            chatName={lookup.chat(hit.corpId, hit.convId)}
            locale={locale}
            timeZone={timeZone}
            active={index === active}
            opened={index === navigation.openedIndex}
            onOpen={() => navigation.goTo(index)}
            onlyThisChat={scope ? undefined : (h) => openSearch({ corpId: h.corpId, convId: h.convId })}
            onOpenPerson={(h) => openPerson(h.corpId, h.from)}
            marks={hitMarks.get(`${hit.corpId}\u0000${hit.msgid}`)}
            alert={hitAlerts.get(`${hit.corpId}\u0000${hit.msgid}`)}
            tagColours={tagColours}
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
