import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { protocol } from 'electron';
import type { ResolvedMedia } from '../services/media/mediaTokens';
import { answerMediaRequest, MEDIA_ROUTE_PREFIX } from '../services/media/mediaRoute';
import type { ShellLog } from '../shell-common/jsonLog';
import { readRendererFile } from '../shell-common/rendererFiles';

/**
 * The renderer is served from `app://renderer/`, never from `file://` (docs/style.md §7; VS Code
 * `protocolMainService.ts` does the same with `vscode-file:`). A standard, secure scheme gives the
 * page a real origin (`app://renderer`) for IndexedDB, fetch and the IPC sender check.
 */
export const APP_SCHEME = 'app';
export const RENDERER_HOST = 'renderer';
export const RENDERER_ORIGIN = `${APP_SCHEME}://${RENDERER_HOST}`;
export const RENDERER_ENTRY_URL = `${RENDERER_ORIGIN}/index.html`;
/** Media streams from `media://m/<opaque token>` (Signal's `attachment:` scheme, docs/style.md §6). */
export const MEDIA_SCHEME = 'media';
export const MEDIA_URL_PREFIX = `${MEDIA_SCHEME}://m/`;

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
    {
      // `stream` lets <video> read Range responses progressively; no CSP bypass, no service workers.
      scheme: MEDIA_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
    },
  ]);
}

/** `media://m/<token>`: opaque ids resolved by the service, containment-checked, Range, no-store. */
export function handleMediaProtocol(
  resolve: ((token: string) => Promise<ResolvedMedia | null>) | undefined,
): void {
  protocol.handle(MEDIA_SCHEME, async (request) => {
    const url = new URL(request.url);
    const answer = await answerMediaRequest(resolve, {
      pathname: url.host === 'm' ? `${MEDIA_ROUTE_PREFIX}${url.pathname.slice(1)}` : '',
      method: request.method,
      range: request.headers.get('range'),
      secFetchSite: request.headers.get('sec-fetch-site'),
    });
    const body = answer.body
      ? (Readable.toWeb(
          createReadStream(answer.body.file, { start: answer.body.start, end: answer.body.end }),
        ) as unknown as ReadableStream<Uint8Array>)
      : null;
    return new Response(body, { status: answer.status, headers: answer.headers });
  });
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
