import { useCallback, useEffect, useRef } from 'react';
import { useAppState } from '../../state';
import type { SearchResults } from './useSearchResults';

export interface HitNavigation {
  /** Opens hit `index` in its chat (loading the next page first when it is not loaded yet). */
  goTo: (index: number) => void;
  /** Enter/F3: the selected hit when it has not been opened yet, else the one after it. */
  next: () => void;
  /** Shift+Enter/Shift+F3: the selected hit when it has not been opened yet, else the one before it. */
  previous: () => void;
  /** Index of the hit last opened, when it is still in the list. */
  openedIndex: number | null;
  /** Whether there is a hit after / before the selected one (counting hits not loaded yet). */
  hasNext: boolean;
  hasPrevious: boolean;
}

/** Hit-by-hit navigation over the shown results: selection and the hit opened live in searchSlice. */
export function useHitNavigation(results: SearchResults): HitNavigation {
  const active = useAppState((state) => state.searchActive);
  const jump = useAppState((state) => state.searchJump);
  const setActive = useAppState((state) => state.setSearchActive);
  const markJump = useAppState((state) => state.markSearchJump);
  const openMessage = useAppState((state) => state.openMessage);
  const { hits, page, loading, loadMore } = results;
  const total = page?.total ?? 0;
  const pending = useRef<number | null>(null);

  const goTo = useCallback(
    (index: number) => {
      if (index < 0) return;
      const hit = hits[index];
      if (!hit) {
        if (page && hits.length < page.total && page.hits.length > 0 && !loading) {
          pending.current = index;
          loadMore();
        }
        return;
      }
      setActive(index);
      markJump({ corpId: hit.corpId, convId: hit.convId, msgid: hit.msgid, terms: page?.terms ?? [] });
      openMessage(hit.corpId, hit.convId, hit.msgid);
    },
    [hits, page, loading, loadMore, setActive, markJump, openMessage],
  );

  // A hit asked for beyond the loaded ones opens once its page arrives.
  useEffect(() => {
    const wanted = pending.current;
    if (wanted !== null && hits.length > wanted) {
      pending.current = null;
      goTo(wanted);
    }
  }, [hits.length, goTo]);

  const openedIndex =
    jump === null
      ? null
      : (() => {
          const at = hits.findIndex((hit) => hit.msgid === jump.msgid && hit.corpId === jump.corpId);
          return at < 0 ? null : at;
        })();
  const step = (delta: 1 | -1) => {
    if (active === null) goTo(0);
    else goTo(active === openedIndex ? active + delta : active);
  };
  const base = active ?? -1;
  return {
    goTo,
    next: () => step(1),
    previous: () => step(-1),
    openedIndex,
    hasNext: base + 1 < total,
    hasPrevious: base > 0,
  };
}
