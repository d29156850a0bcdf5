import { useEffect, useMemo, useRef } from 'react';

/**
 * The abort of a long run started from a component (backup, restore, evidence export): `start()`
 * gives a new run its signal, `cancel()` is its Cancel button, and leaving the screen cancels it too.
 */
export function useRunAbort(): { start: () => AbortSignal; cancel: () => void } {
  const current = useRef<AbortController | null>(null);
  useEffect(() => () => current.current?.abort(), []);
  return useMemo(
    () => ({
      start: () => {
        current.current = new AbortController();
        return current.current.signal;
      },
      cancel: () => current.current?.abort(),
    }),
    [],
  );
}
