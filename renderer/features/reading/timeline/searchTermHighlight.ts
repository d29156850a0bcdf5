import './searchHit.css';
import { useEffect } from 'react';
import type { RefObject } from 'react';
import { normalizeWithMap } from '../../../search/normalize';

/** The CSS highlight name (searchHit.css styles `::highlight(search-hit-terms)`). */
export const SEARCH_TERMS_HIGHLIGHT = 'search-hit-terms';

/**
 * Ranges of every occurrence of the (normalised) terms in the text nodes under `root`, matched the
 * way search matches (case and width folded) and mapped back to the characters as written.
 */
export function termRanges(root: Node, terms: readonly string[]): Range[] {
  const ranges: Range[] = [];
  const document = root.ownerDocument ?? (root as Document);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node as Text;
    const mapped = normalizeWithMap(text.data);
    for (const term of terms) {
      if (term === '') continue;
      for (let at = mapped.text.indexOf(term); at >= 0; at = mapped.text.indexOf(term, at + term.length)) {
        const range = document.createRange();
        range.setStart(text, mapped.start[at] as number);
        range.setEnd(text, mapped.end[at + term.length - 1] as number);
        ranges.push(range);
      }
    }
  }
  return ranges;
}

/**
 * Marks the query's terms inside the message a search hit opened, without touching the DOM (the CSS
 * Custom Highlight API). The virtual list replaces rows as it scrolls, so the marks are re-applied
 * whenever the rows change. The row gets `data-marked-terms` (how many) for tests and tools.
 */
export function useSearchTermHighlight(
  scroller: RefObject<HTMLElement | null>,
  msgid: string | null,
  terms: readonly string[],
): void {
  const termsKey = terms.join('\u0000');
  useEffect(() => {
    const root = scroller.current;
    const registry = typeof CSS !== 'undefined' && 'highlights' in CSS ? CSS.highlights : null;
    if (!root || !msgid || termsKey === '' || !registry) return undefined;
    const wanted = termsKey.split('\u0000');
    let frame = 0;
    const apply = () => {
      frame = 0;
      const row = root.querySelector<HTMLElement>(`.tl-item[data-msgid="${CSS.escape(msgid)}"]`);
      if (!row) {
        registry.delete(SEARCH_TERMS_HIGHLIGHT);
        return;
      }
      const body = row.querySelector('.tl-bubble') ?? row;
      const ranges = termRanges(body, wanted);
      registry.set(SEARCH_TERMS_HIGHLIGHT, new Highlight(...ranges));
      row.dataset.markedTerms = String(ranges.length);
    };
    const observer = new MutationObserver(() => {
      if (frame === 0) frame = requestAnimationFrame(apply);
    });
    observer.observe(root, { childList: true, subtree: true, characterData: true });
    apply();
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
      registry.delete(SEARCH_TERMS_HIGHLIGHT);
    };
  }, [scroller, msgid, termsKey]);
}
