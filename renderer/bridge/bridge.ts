import type { ArchiveApi } from '../../main/contract';
import { alwaysConnected } from './connectionState';
import type { ConnectionMonitor } from './connectionState';
import { WEB_SOCKET_PATH } from '../../main/common/contract';
import { readIpcToken, takeTokenFromFragment, TOKEN_STORAGE_KEY } from './ipcToken';
import type { TokenEnvironment } from './ipcToken';
import { createWebSocketTransport } from './webSocketTransport';

declare global {
  interface Window {
    /** Set by the Electron preload (main/preload/preload.ts); absent in the browser shell. */
    readonly archive?: ArchiveApi;
  }
}

export interface Bridge {
  archive: ArchiveApi;
  connection: ConnectionMonitor;
}

/**
 * The only code that touches `window.archive` (STYLE.md §3, §8). Electron's preload provides it;
 * without it the page is served by the browser shell and talks over its loopback WebSocket.
 * Nothing else in the renderer knows which shell it runs in.
 */
export function createBridge(): Bridge {
  if (window.archive) return { archive: window.archive, connection: alwaysConnected };

  const env: TokenEnvironment = {
    location: window.location,
    history: window.history,
    storage: sessionStorage,
  };
  let token = readIpcToken(env);
  const transport = createWebSocketTransport({
    url: () => {
      token = sessionStorage.getItem(TOKEN_STORAGE_KEY) ?? token;
      if (!token) return null;
      const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
      return `${scheme}://${location.host}${WEB_SOCKET_PATH}?token=${encodeURIComponent(token)}`;
    },
    openSocket: (url) => new WebSocket(url),
  });
  // A restarted shell prints a new link; opening it changes only the fragment (no page load).
  window.addEventListener('hashchange', () => {
    if (takeTokenFromFragment(env)) transport.reconnectNow();
  });
  return { archive: transport.archive, connection: transport.connection };
}
