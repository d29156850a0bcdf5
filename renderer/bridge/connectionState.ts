/**
 * How the renderer is connected to main. The Electron preload is always `connected`; the browser
 * shell's WebSocket goes `connecting` → `connected`, and `reconnecting` whenever the socket drops
 * (the shell may have been killed and restarted).
 */
export type ConnectionState =
  | 'connecting'
  | 'connected'
  | 'reconnecting'
  /** Browser shell, final for the page: no valid session cookie (a new one-time link is needed). */
  | 'no-session'
  /** Browser shell, final: a one-time link was used twice, so the shell ended every session. */
  | 'session-ended'
  /** Browser shell, final: another tab or window is the one live UI; this one gets no events. */
  | 'already-open';

export interface ConnectionMonitor {
  readonly state: ConnectionState;
  /** How many reconnect attempts failed in a row (0 while connected); for the banner's hint. */
  readonly failedAttempts: number;
  subscribe(listener: (state: ConnectionState) => void): () => void;
  /** Called after every successful reconnect (not the first connect), so pulls can resume. */
  onReconnect(listener: () => void): () => void;
}

/** The monitor for a transport that cannot drop (Electron's preload). */
export const alwaysConnected: ConnectionMonitor = {
  state: 'connected',
  failedAttempts: 0,
  subscribe: () => () => undefined,
  onReconnect: () => () => undefined,
};
