import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { MediaSourceDto } from '../../../main/contract';
import { useAppServices } from '../appServices';
import type { MediaItem } from './mediaItems';
import { mediaTable, type MediaRow } from './mediaRows';

/** The item's row, live; undefined while loading or when the row does not exist (yet). */
export function useMediaRow(corpId: string, sdkfileid: string): MediaRow | undefined {
  const { db } = useAppServices();
  return useLiveQuery(() => mediaTable(db).get([corpId, sdkfileid]), [db, corpId, sdkfileid]);
}

/** Queues the item on demand once its card is on screen (issue 5: "visible or clicked"). */
export function useRequestWhenVisible(
  ref: RefObject<Element | null>,
  corpId: string,
  msgid: string,
  item: MediaItem,
  row: MediaRow | undefined,
  enabled: boolean,
): void {
  const { media } = useAppServices();
  const requested = useRef(false);
  const wanted = enabled && (row === undefined || row.state === 'pending');
  useEffect(() => {
    const element = ref.current;
    if (!wanted || requested.current || !element) return;
    const observer = new IntersectionObserver((entries) => {
      if (!entries.some((entry) => entry.isIntersecting) || requested.current) return;
      requested.current = true;
      observer.disconnect();
      void media.request(corpId, msgid, item);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [media, ref, wanted, corpId, msgid, item]);
}

/**
 * The opaque URL for a downloaded item, fetched once the row is done. `stale` is for the element that
 * shows it: when loading the URL fails (main gave that id up, or restarted), a fresh URL is asked for,
 * once per mount — a file that is really gone then shows as broken instead of retrying forever.
 */
export function useMediaSource(
  corpId: string,
  row: MediaRow | undefined,
  purpose: 'view' | 'play' | 'download',
  options: { enabled?: boolean; fileName?: string } = {},
): { source: MediaSourceDto | null; error: string | null; stale: () => void } {
  const { media } = useAppServices();
  const [state, setState] = useState<{ key: string; source: MediaSourceDto | null; error: string | null }>({
    key: '',
    source: null,
    error: null,
  });
  const [refreshed, setRefreshed] = useState<string | null>(null);
  const done = row?.state === 'done';
  const sdkfileid = row?.sdkfileid ?? '';
  const enabled = options.enabled ?? true;
  const fileName = options.fileName;
  const key = `${corpId}\n${sdkfileid}\n${purpose}\n${fileName ?? ''}`;
  useEffect(() => {
    if (!done || !enabled) return;
    let live = true;
    media.source(corpId, sdkfileid, purpose, fileName).then(
      (source) => live && setState({ key, source, error: null }),
      (error: unknown) =>
        live &&
        setState({ key, source: null, error: String(error instanceof Error ? error.message : error) }),
    );
    return () => {
      live = false;
    };
  }, [media, done, enabled, corpId, sdkfileid, purpose, fileName, key, refreshed]);
  const stale = useCallback(() => {
    if (refreshed === key) return;
    media.forgetSource(corpId, sdkfileid, purpose, fileName);
    setRefreshed(key);
  }, [media, refreshed, key, corpId, sdkfileid, purpose, fileName]);
  return state.key === key
    ? { source: state.source, error: state.error, stale }
    : { source: null, error: null, stale };
}
