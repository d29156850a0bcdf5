import { useLayoutEffect, useRef, type RefObject } from 'react';
import type { ScrollPlace } from '../../state';

/**
 * Puts a scrolled list back where it was when it mounts, and reports where it is when it unmounts.
 *
 * The place is kept as the item at the list's top edge (`itemSelector`, keyed by `keyAttribute`)
 * and its offset, not only as pixels: names, marks and alerts load after the list opens and change
 * the height of rows above, so the same scrollTop would show other hits. The place is applied again
 * whenever the content resizes, until the user scrolls by hand (wheel, keys, pointer, touch).
 */
export function useRestoredScroll<T extends HTMLElement>(
  saved: ScrollPlace,
  save: (place: ScrollPlace) => void,
  itemSelector: string,
  keyAttribute: string,
): RefObject<T | null> {
  const scroller = useRef<T>(null);
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    let restoring = true;
    const apply = () => {
      if (!restoring) return;
      const item = saved.anchor ? findItem(element, itemSelector, keyAttribute, saved.anchor.key) : null;
      element.scrollTop =
        item && saved.anchor
          ? element.scrollTop + topOf(item, element) - saved.anchor.offset
          : saved.scrollTop;
    };
    const observer = new ResizeObserver(apply);
    const stop = () => {
      restoring = false;
      observer.disconnect();
      for (const type of USER_SCROLL_EVENTS) element.removeEventListener(type, stop);
    };
    for (const type of USER_SCROLL_EVENTS) element.addEventListener(type, stop, { passive: true });
    for (const child of element.children) observer.observe(child);
    apply();
    return () => {
      stop();
      save(placeOf(element, itemSelector, keyAttribute));
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- restore once per mount (see above)
  }, []);
  return scroller;
}

/** What a person does to scroll; after one of these, the saved place no longer applies. */
const USER_SCROLL_EVENTS = ['wheel', 'keydown', 'pointerdown', 'touchstart'] as const;

/** Distance (px) from the scroller's top edge to the item's top edge. */
function topOf(item: Element, scroller: HTMLElement): number {
  return item.getBoundingClientRect().top - scroller.getBoundingClientRect().top;
}

function findItem(scroller: HTMLElement, selector: string, attribute: string, key: string): Element | null {
  for (const item of scroller.querySelectorAll(selector))
    if (item.getAttribute(attribute) === key) return item;
  return null;
}

/** The first item whose bottom is below the scroller's top edge, with its offset. */
export function placeOf(scroller: HTMLElement, selector: string, attribute: string): ScrollPlace {
  const edge = scroller.getBoundingClientRect().top;
  for (const item of scroller.querySelectorAll(selector)) {
    const box = item.getBoundingClientRect();
    const key = item.getAttribute(attribute);
    if (box.bottom > edge && key !== null) {
      return { scrollTop: scroller.scrollTop, anchor: { key, offset: box.top - edge } };
    }
  }
  return { scrollTop: scroller.scrollTop, anchor: null };
}
