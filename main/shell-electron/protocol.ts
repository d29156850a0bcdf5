import { protocol } from 'electron';
import type { ShellLog } from '../shell-common/jsonLog';
import { readRendererFile } from '../shell-common/rendererFiles';

/**
 * The renderer is served from `app://renderer/`, never from `file://` (STYLE.md §7; VS Code
 * `protocolMainService.ts` does the same with `vscode-file:`). A standard, secure scheme gives the
 * page a real origin (`app://renderer`) for IndexedDB, fetch and the IPC sender check.
 */
export const APP_SCHEME = 'app';
export const RENDERER_HOST = 'renderer';
export const RENDERER_ORIGIN = `${APP_SCHEME}://${RENDERER_HOST}`;
export const RENDERER_ENTRY_URL = `${RENDERER_ORIGIN}/index.html`;

/**
 * True for URLs and origins of our renderer. Compares scheme and host rather than `URL.origin`:
 * WHATWG URL (and so Node) serialises the origin of a non-special scheme like `app:` as "null".
 */
export function isRendererUrl(candidate: string): boolean {
  try {
    const url = new URL(candidate);
    return url.protocol === `${APP_SCHEME}:` && url.host === RENDERER_HOST;
  } catch {
    return false;
  }
}

/**
 * Must run before `app` is ready, and only once per process
 * (https://www.electronjs.org/docs/latest/api/protocol#protocolregisterschemesasprivilegedcustomschemes):
 * a future media scheme (the CSP already names `media:`) has to join this same call.
 */
export function registerPrivilegedSchemes(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

/** Installs the `app:` handler and the `file:` refusal on the default session; call when ready. */
export function handleAppProtocols(rendererDir: string, log: ShellLog): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (!isRendererUrl(request.url)) return new Response(null, { status: 404 });
    const url = new URL(request.url);
    const file = await readRendererFile(rendererDir, request.method, url.pathname);
    // A copy into a plain ArrayBuffer: what BodyInit accepts in both Node's and the DOM's typings.
    return new Response(file.body ? new Uint8Array(file.body) : null, {
      status: file.status,
      headers: file.headers,
    });
  });

  // Nothing in this app loads file: URLs; refusing them closes the classic "renderer reads
  // ~/.ssh through file://" hole (Electron security checklist #18, custom protocols instead of file).
  protocol.handle('file', (request) => {
    log('warn', 'refused a file: request', { url: request.url.slice(0, 200) });
    return new Response('file: URLs are disabled in this app', { status: 403 });
  });
}
