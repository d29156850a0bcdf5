import { useEffect, useRef } from 'react';
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../lib/formatTime';
import { useAppState } from '../../state';
import { Button } from '../../ui/Button';
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

  const steps = [
    { key: 'previous', go: navigation.previous, possible: navigation.hasPrevious },
    { key: 'next', go: navigation.next, possible: navigation.hasNext },
  ] as const;

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
      {steps.map((step) => (
        <Button
          key={step.key}
          ref={step.key === 'next' ? next : undefined}
          variant="ghost"
          onClick={step.go}
          onKeyDown={onKeyDown}
          disabled={!step.possible}
          title={t(`search.hitBar.${step.key}Hint`)}
          data-testid={`search-hit-${step.key}`}
        >
          {t(`search.hitBar.${step.key}`)}
        </Button>
      ))}
      <Button variant="ghost" onClick={() => openSearch(scope)} data-testid="search-back-to-results">
        {t('search.hitBar.results')}
      </Button>
      <Button
        variant="ghost"
        onClick={endSearchJump}
        aria-label={t('search.hitBar.close')}
        data-testid="search-hitbar-close"
      >
        ×
      </Button>
    </div>
  );
}
