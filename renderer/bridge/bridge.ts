import type { ArchiveApi } from '../../main/contract';
import { alwaysConnected } from './connectionState';
import type { ConnectionMonitor } from './connectionState';
import { WEB_SOCKET_PATH } from '../../main/common/contract';
import { askWhyRefused } from './sessionStanding';
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
 * The only code that touches `window.archive` (docs/style.md §3, §8). Electron's preload provides it;
 * without it the page is served by the browser shell and talks over its loopback WebSocket.
 * Nothing else in the renderer knows which shell it runs in.
 */
export function createBridge(): Bridge {
  if (window.archive) return { archive: window.archive, connection: alwaysConnected };

  // The session cookie (HttpOnly) rides on the handshake by itself; the URL carries no credential.
  const transport = createWebSocketTransport({
    url: () => `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${WEB_SOCKET_PATH}`,
    openSocket: (url) => new WebSocket(url),
    whyRefused: () => askWhyRefused((path) => fetch(path, { cache: 'no-store' })),
  });
  return { archive: transport.archive, connection: transport.connection };
}
