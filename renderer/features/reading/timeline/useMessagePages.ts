import { useEffect, useMemo, useState } from 'react';
import type { ArchiveDb, MessageRow } from '../../../db';
import { MessagePageCache } from './messagePageCache';

export interface MessagePages {
  rowAt: (index: number) => MessageRow | undefined;
  request: (from: number, to: number) => void;
  /** True once a page of this chat has landed (work that can wait for the first paint waits for it). */
  firstPageLoaded: boolean;
}

/**
 * The timeline's rows by position (messagePageCache.ts), re-rendering when a page lands. A new count
 * (a pull stored more) starts a new cache: positions may have moved. While the view is at the chat's end
 * (always when a chat opens), a new cache starts reading the newest rows as it is created, during the
 * render; a reader further up gets only the rows the view asks for.
 */
export function useMessagePages(
  db: ArchiveDb,
  corpId: string,
  convId: string,
  count: number,
  /** The view is at the chat's end: read when a cache is created, not a reason to create one. */
  atEnd: boolean,
): MessagePages {
  const [, setTick] = useState(0);
  const [firstPageLoaded, setFirstPageLoaded] = useState(false);
  const cache = useMemo(
    () =>
      new MessagePageCache(
        db,
        corpId,
        convId,
        count,
        () => {
          setFirstPageLoaded(true);
          setTick((t) => t + 1);
        },
        { openAtEnd: atEnd },
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `atEnd` is read at creation only
    [db, corpId, convId, count],
  );
  useEffect(() => {
    cache.attach();
    return () => cache.detach();
  }, [cache]);
  return useMemo(
    () => ({
      rowAt: (index: number) => cache.rowAt(index),
      request: (from: number, to: number) => cache.request(from, to),
      firstPageLoaded,
    }),
    [cache, firstPageLoaded],
  );
}
