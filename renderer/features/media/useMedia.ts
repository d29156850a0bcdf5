import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { MediaSourceDto } from '../../../main/contract';
import { useAppState } from '../../state';
import { useAppServices } from '../appServices';
import type { MediaItem } from './mediaItems';
import { mediaStateOf, type MediaStateRow } from './mediaRows';

/** The item's download state, live; undefined while loading or pending (main has reported nothing). */
export function useMediaRow(corpId: string, sdkfileid: string): MediaStateRow | undefined {
  const { db } = useAppServices();
  return useLiveQuery(() => mediaStateOf(db, corpId, sdkfileid), [db, corpId, sdkfileid]);
}

/** Queues the item on demand once its card is on screen (issue 5: "visible or clicked"). */
export function useRequestWhenVisible(
  ref: RefObject<Element | null>,
  corpId: string,
  msgid: string,
  item: MediaItem,
  row: MediaStateRow | undefined,
  enabled: boolean,
): void {
  const { media } = useAppServices();
  // Asked once per connection: a request made as main went away may be lost, so it is made again
  // after a reconnect; while main is out of reach nothing is asked.
  const { offline, reconnects } = useMediaConnection();
  const requestedAt = useRef<number | null>(null);
  const wanted = enabled && (row === undefined || row.state === 'pending');
  useEffect(() => {
    const element = ref.current;
    if (!wanted || offline || requestedAt.current === reconnects || !element) return;
    const observer = new IntersectionObserver((entries) => {
      if (!entries.some((entry) => entry.isIntersecting) || requestedAt.current === reconnects) return;
      requestedAt.current = reconnects;
      observer.disconnect();
      void media.request(corpId, msgid, item);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [media, ref, wanted, offline, reconnects, corpId, msgid, item]);
}

/**
 * The opaque URL for a downloaded item, fetched once the row is done. `stale` is for the element that
 * shows it: when loading the URL fails (main gave that id up, or restarted), a fresh URL is asked for,
 * once per mount and reconnect — a file that is really gone then shows as broken instead of retrying
 * forever. While main is out of reach nothing is asked for: a URL already known is kept (the element
 * that loaded it stays shown), and `stale` waits for the reconnect, which asks again.
 */
export function useMediaSource(
  corpId: string,
  row: MediaStateRow | undefined,
  purpose: 'view' | 'play' | 'download',
  options: { enabled?: boolean; fileName?: string } = {},
): { source: MediaSourceDto | null; error: string | null; stale: () => void } {
  const { media } = useAppServices();
  const { offline, reconnects } = useMediaConnection();
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
    if (!done || !enabled || offline) return;
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
  }, [media, done, enabled, offline, corpId, sdkfileid, purpose, fileName, key, refreshed]);
  const attempt = `${key}\n${reconnects}`;
  const stale = useCallback(() => {
    if (offline || refreshed === attempt) return;
    media.forgetSource(corpId, sdkfileid, purpose, fileName);
    setRefreshed(attempt);
  }, [media, offline, refreshed, attempt, corpId, sdkfileid, purpose, fileName]);
  return state.key === key
    ? { source: state.source, error: state.error, stale }
    : { source: null, error: null, stale };
}

/**
 * Whether main is out of reach (the browser shell's server stopped; issue 15 "States"), and a count
 * of reconnects seen by this component so what could not load is asked for again once main is back.
 */
export function useMediaConnection(): { offline: boolean; reconnects: number } {
  const offline = useAppState((state) => state.connection === 'reconnecting');
  const [reconnects, setReconnects] = useState(0);
  const wasOffline = useRef(offline);
  useEffect(() => {
    if (wasOffline.current && !offline) setReconnects((count) => count + 1);
    wasOffline.current = offline;
  }, [offline]);
  return { offline, reconnects };
}

/**
 * What an <img>/<video> should show for a source: its URL, or null when loading it failed. An element
 * that loaded stays as it is while main is out of reach (nothing is re-requested); one that failed is
 * retried with a fresh URL once main is back.
 */
export function useShownSource(
  source: MediaSourceDto | null,
  stale: () => void,
): { url: string | null; offline: boolean; onError: () => void } {
  const { offline, reconnects } = useMediaConnection();
  // A failure counts until the next reconnect: then the element tries again, and if main restarted
  // (its URLs are gone) that fails once more and `stale` asks for a fresh URL.
  const [failed, setFailed] = useState<{ url: string; reconnects: number } | null>(null);
  const url = source?.url ?? null;
  const onError = useCallback(() => {
    if (url !== null) setFailed({ url, reconnects });
    stale();
  }, [url, reconnects, stale]);
  const broken = failed !== null && failed.url === url && failed.reconnects === reconnects;
  return { url: broken ? null : url, offline, onError };
}

/**
 * What an inline card (image, video) shows: the item's live row, requested when the card is on
 * screen (`whenVisible`, small items) or else when clicked, and the source its element shows.
 */
export function useShownMedia(
  ref: RefObject<Element | null>,
  corpId: string,
  msgid: string,
  item: MediaItem,
  whenVisible: boolean,
): {
  row: MediaStateRow | undefined;
  source: MediaSourceDto | null;
  stale: () => void;
  shown: ReturnType<typeof useShownSource>;
} {
  const row = useMediaRow(corpId, item.sdkfileid);
  useRequestWhenVisible(ref, corpId, msgid, item, row, whenVisible);
  const { source, stale } = useMediaSource(corpId, row, 'view');
  return { row, source, stale, shown: useShownSource(source, stale) };
}
