/* eslint-disable react-hooks/refs -- the row heights are deliberately mutable outside React state (a million rows
   measured one by one); renders are driven by `version`/`viewport` state, which every mutation bumps. */
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { RowHeights } from './rowHeights';
import { canvasHeight, placeShift, readScroll, type ScrollSpace } from './scrollScale';

/**
 * Windowed rendering for lists of variable-height rows (a million messages): heights start as an
 * estimate and are replaced by measurements (ResizeObserver); offsets are sums over a Fenwick tree of
 * the measured rows (rowHeights.ts), O(log n) each. The view keeps an ANCHOR (row index + pixels into it) and
 * restores it after every re-measure, so rows growing above the viewport never make it jump.
 * Positions are virtual (the rows' offsets); a list taller than the browser can lay out is drawn on a
 * capped canvas through a shift (scrollScale.ts), so a chat of a million messages scrolls end to end.
 */
export interface VirtualList {
  containerRef: (element: HTMLDivElement | null) => void;
  totalHeight: number;
  items: Array<{ index: number; top: number }>;
  measureRef: (index: number) => (element: HTMLElement | null) => void;
  scrollToIndex: (index: number, align?: 'start' | 'center' | 'end') => void;
  /** First row whose bottom is below the viewport top. */
  firstVisible: () => number;
  lastVisible: () => number;
  atEnd: () => boolean;
}

const OVERSCAN_PX = 600;

export function useVirtualList(count: number, estimate: number, startAtEnd: boolean): VirtualList {
  const heights = useRef(new RowHeights(0, estimate));
  const container = useRef<HTMLDivElement | null>(null);
  const anchor = useRef<{ index: number; delta: number; end: boolean }>({
    index: 0,
    delta: 0,
    end: startAtEnd,
  });
  /** The scrollTop this hook last wrote. The scroll event it causes is ours, not the reader's: it must not
   * move the anchor (after a jump the anchor is the target row, and rows measured between the viewport top
   * and the target would otherwise push the target out of view). */
  const written = useRef<number | null>(null);
  /** Virtual top − physical scrollTop (scrollScale.ts); 0 whenever the list fits the canvas. */
  const shift = useRef(0);
  /** The physical scrollTop last seen, to tell a small move (wheel, keys) from a jump of the thumb. */
  const lastPhysical = useRef(0);
  const [version, setVersion] = useState(0);
  // Opened at the end, the first render already asks for the newest rows, not the oldest.
  const [viewport, setViewport] = useState({ top: startAtEnd ? Number.MAX_SAFE_INTEGER : 0, height: 800 });
  const observer = useRef<ResizeObserver | null>(null);
  const elements = useRef(new Map<Element, number>());

  // A new count (or estimate) gets new heights, keeping the rows measured so far by position.
  if (heights.current.count !== count || heights.current.estimate !== estimate)
    heights.current = new RowHeights(count, estimate, heights.current);

  // New callbacks per count (though they read the current heights): a new count re-attaches the
  // container (containerRef depends on them), which re-reads its scroll position and size.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const indexAt = useCallback((y: number) => heights.current.indexAt(y), [count]);

  const spaceOf = useCallback(
    (el: HTMLElement): ScrollSpace => ({ full: heights.current.total(), viewport: el.clientHeight }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [count],
  );

  /** The virtual top of the viewport. */
  const virtualTop = (el: HTMLElement) => el.scrollTop + shift.current;

  /** Shows virtual `top`: keeps or re-derives the shift (a new one re-renders the rows), writes scrollTop. */
  const place = useCallback(
    (el: HTMLElement, top: number) => {
      const next = placeShift(spaceOf(el), top, shift.current);
      if (Math.abs(next - shift.current) > 0.5) {
        shift.current = next;
        setVersion((v) => v + 1);
      }
      const physical = top - shift.current;
      if (Math.abs(el.scrollTop - physical) > 1) {
        el.scrollTop = physical;
        written.current = el.scrollTop;
      }
      lastPhysical.current = el.scrollTop;
    },
    [spaceOf],
  );

  const rememberAnchor = useCallback(() => {
    const el = container.current;
    if (!el) return;
    if (written.current !== null && Math.abs(el.scrollTop - written.current) <= 1) {
      lastPhysical.current = el.scrollTop;
      setViewport({ top: virtualTop(el), height: el.clientHeight });
      return;
    }
    written.current = null;
    const space = spaceOf(el);
    const top = readScroll(space, el.scrollTop, lastPhysical.current, shift.current);
    if (Math.abs(top - el.scrollTop - shift.current) > 0.5) {
      // A jump of the thumb, read proportionally: the rows are drawn under the shift it implies.
      shift.current = top - el.scrollTop;
      setVersion((v) => v + 1);
    }
    lastPhysical.current = el.scrollTop;
    const end = top + el.clientHeight >= space.full - 4;
    const index = indexAt(top);
    anchor.current = { index, delta: top - heights.current.offset(index), end };
    setViewport({ top, height: el.clientHeight });
  }, [spaceOf, indexAt]);

  const containerRef = useCallback(
    (element: HTMLDivElement | null) => {
      if (element === container.current) return;
      container.current?.removeEventListener('scroll', rememberAnchor);
      container.current = element;
      if (element) {
        element.addEventListener('scroll', rememberAnchor, { passive: true });
        lastPhysical.current = element.scrollTop;
        setViewport({ top: virtualTop(element), height: element.clientHeight || 800 });
      }
    },
    [rememberAnchor],
  );

  if (!observer.current && typeof ResizeObserver !== 'undefined') {
    observer.current = new ResizeObserver((entries) => {
      let changed = false;
      for (const entry of entries) {
        const index = elements.current.get(entry.target);
        if (index === undefined) continue;
        if (heights.current.set(index, (entry.target as HTMLElement).offsetHeight)) changed = true;
      }
      if (changed) setVersion((v) => v + 1);
    });
  }

  const measureRef = useCallback(
    (index: number) => (element: HTMLElement | null) => {
      if (!element) return;
      for (const [el, i] of elements.current) {
        if (i === index && el !== element) {
          observer.current?.unobserve(el);
          elements.current.delete(el);
        }
      }
      if (!element.isConnected) return;
      elements.current.set(element, index);
      observer.current?.observe(element);
    },
    [],
  );

  // After every (re)measure, put the anchor row back where the reader left it.
  useLayoutEffect(() => {
    const el = container.current;
    if (!el) return;
    const rows = heights.current;
    const full = rows.total();
    const { index } = anchor.current;
    // A row that shrank by more than a screen under the viewport (a long text collapsed from its
    // end) stays in view instead of leaving the reader somewhere below it.
    const rowHeight = index < count ? rows.height(index) : estimate;
    if (anchor.current.delta >= rowHeight + el.clientHeight)
      anchor.current.delta = Math.max(0, rowHeight - el.clientHeight / 2);
    const wanted = anchor.current.end ? full - el.clientHeight : rows.offset(index) + anchor.current.delta;
    const clamped = Math.max(0, Math.min(wanted, full - el.clientHeight));
    place(el, clamped);
    const top = virtualTop(el);
    if (Math.abs(viewport.top - top) > 1 || viewport.height !== el.clientHeight) {
      setViewport({ top, height: el.clientHeight });
    }
  }, [version, count, estimate, place, viewport.top, viewport.height]);

  // Forget elements that left the DOM.
  useLayoutEffect(() => {
    for (const [el] of elements.current) {
      if (!el.isConnected) {
        observer.current?.unobserve(el);
        elements.current.delete(el);
      }
    }
  });

  const items = useMemo(() => {
    if (count === 0) return [];
    const rows = heights.current;
    const first = indexAt(Math.max(0, viewport.top - OVERSCAN_PX));
    const bottom = viewport.top + viewport.height + OVERSCAN_PX;
    const list: Array<{ index: number; top: number }> = [];
    let top = rows.offset(first);
    for (let i = first; i < count && top <= bottom; i++) {
      list.push({ index: i, top: top - shift.current });
      top += rows.height(i);
    }
    return list;
    // `version` re-runs this after measurements change offsets.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [count, viewport.top, viewport.height, version, indexAt]);

  const scrollToIndex = useCallback(
    (index: number, align: 'start' | 'center' | 'end' = 'center') => {
      const el = container.current;
      if (!el || count === 0) return;
      const i = Math.max(0, Math.min(count - 1, index));
      const top = heights.current.offset(i);
      const height = heights.current.height(i);
      const delta =
        align === 'start'
          ? 0
          : align === 'center'
            ? height / 2 - el.clientHeight / 2
            : height - el.clientHeight;
      anchor.current = { index: i, delta, end: false };
      place(el, top + delta);
      setViewport({ top: virtualTop(el), height: el.clientHeight });
      setVersion((v) => v + 1);
    },
    [count, place],
  );

  const firstVisible = useCallback(() => {
    const el = container.current;
    return el ? indexAt(virtualTop(el)) : 0;
  }, [indexAt]);
  const lastVisible = useCallback(() => {
    const el = container.current;
    return el ? indexAt(virtualTop(el) + el.clientHeight - 1) : 0;
  }, [indexAt]);
  const atEnd = useCallback(() => anchor.current.end, []);

  return {
    containerRef,
    totalHeight: canvasHeight({ full: heights.current.total(), viewport: 0 }),
    items,
    measureRef,
    scrollToIndex,
    firstVisible,
    lastVisible,
    atEnd,
  };
}
