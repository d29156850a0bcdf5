import { useCallback, useEffect, useRef, useState } from 'react';
import type { ArchiveDb, MessageRow } from '../../../db';
import { messagesAt } from './timelineQueries';

/**
 * Rows of one chat fetched by position in pages of PAGE rows and kept in a bounded cache; the
 * timeline asks for the rows it is about to draw and re-renders when a page arrives. The cache is
 * dropped when the chat's message count changes (a pull stored more).
 */
export const PAGE = 60;
const MAX_PAGES = 60;

export function useMessagePages(
  db: ArchiveDb,
  corpId: string,
  convId: string,
  count: number,
): { rowAt: (index: number) => MessageRow | undefined; request: (from: number, to: number) => void } {
  const pages = useRef(new Map<number, MessageRow[]>());
  const loading = useRef(new Set<number>());
  const generation = useRef(0);
  const [, setTick] = useState(0);

  useEffect(() => {
    generation.current += 1;
    pages.current = new Map();
    loading.current = new Set();
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the cache lives in a ref; re-render so rows are re-read
    setTick((t) => t + 1);
  }, [db, corpId, convId, count]);

  const request = useCallback(
    (from: number, to: number) => {
      const first = Math.max(0, Math.floor(from / PAGE));
      const last = Math.floor(Math.max(from, to) / PAGE);
      for (let page = first; page <= last; page++) {
        if (pages.current.has(page) || loading.current.has(page) || page * PAGE >= count) continue;
        loading.current.add(page);
        const started = generation.current;
        void messagesAt(db, corpId, convId, page * PAGE, PAGE).then((rows) => {
          if (started !== generation.current) return;
          loading.current.delete(page);
          pages.current.set(page, rows);
          if (pages.current.size > MAX_PAGES) {
            // Evict the page farthest from the one just loaded.
            let farthest = page;
            for (const key of pages.current.keys())
              if (Math.abs(key - page) > Math.abs(farthest - page)) farthest = key;
            pages.current.delete(farthest);
          }
          setTick((t) => t + 1);
        });
      }
    },
    [db, corpId, convId, count],
  );

  const rowAt = useCallback(
    (index: number) => pages.current.get(Math.floor(index / PAGE))?.[index % PAGE],
    [],
  );
  return { rowAt, request };
}
