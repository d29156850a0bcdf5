import { useEffect, useRef } from 'react';
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../lib/formatTime';
import { useAppState } from '../../state';
import type { HitNavigation } from './useHitNavigation';

/**
 * Shown after a jump to a hit while the panel is closed: which hit of how many, previous/next
 * (Enter/Shift+Enter here, F3/Shift+F3 anywhere), back to the whole result list, and close.
 */
export function SearchHitBar({ navigation, total }: { navigation: HitNavigation; total: number }) {
  const { t, i18n } = useTranslation();
  const query = useAppState((state) => state.searchQuery);
  const scope = useAppState((state) => state.searchScope);
  const active = useAppState((state) => state.searchActive);
  const openSearch = useAppState((state) => state.openSearch);
  const endSearchJump = useAppState((state) => state.endSearchJump);
  const next = useRef<HTMLButtonElement>(null);

  // Focus lands here after a jump, so Enter goes on to the next hit straight away.
  useEffect(() => next.current?.focus(), []);

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    if (event.shiftKey) navigation.previous();
    else navigation.next();
  };
  const locale = i18n.language;
  const position =
    active === null
      ? ''
      : t('search.hitBar.position', {
          current: formatNumber(active + 1, locale),
          total: formatNumber(total, locale),
        });

  return (
    <div
      className="search-hitbar"
      role="toolbar"
      aria-label={t('search.hitBar.label')}
      data-testid="search-hitbar"
      onKeyDown={(event) => {
        if (event.key === 'Escape') endSearchJump();
      }}
    >
      <span className="search-hitbar__query" dir="auto">
        <bdi>{query}</bdi>
      </span>
      <span className="search-hitbar__position" data-testid="search-hit-position" data-index={active ?? ''}>
        {position}
      </span>
      <button
        type="button"
        className="button button--ghost"
        onClick={navigation.previous}
        onKeyDown={onKeyDown}
        disabled={!navigation.hasPrevious}
        title={t('search.hitBar.previousHint')}
        data-testid="search-hit-previous"
      >
        {t('search.hitBar.previous')}
      </button>
      <button
        ref={next}
        type="button"
        className="button button--ghost"
        onClick={navigation.next}
        onKeyDown={onKeyDown}
        disabled={!navigation.hasNext}
        title={t('search.hitBar.nextHint')}
        data-testid="search-hit-next"
      >
        {t('search.hitBar.next')}
      </button>
      <button
        type="button"
        className="button button--ghost"
        onClick={() => openSearch(scope)}
        data-testid="search-back-to-results"
      >
        {t('search.hitBar.results')}
      </button>
      <button
        type="button"
        className="button button--ghost"
        onClick={endSearchJump}
        aria-label={t('search.hitBar.close')}
        data-testid="search-hitbar-close"
      >
        ×
      </button>
    </div>
  );
}
