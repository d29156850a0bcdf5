import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * How both shells serve the built renderer (docs/style.md §7): one CSP, one MIME table, one containment
 * rule, so the Electron `app://` scheme and the browser shell's loopback server cannot drift apart.
 */

/**
 * Starts from `default-src 'none'` (VS Code `workbench.html`). `media:` is the media scheme the
 * player will stream from; `blob:`/`data:` cover decoded voice and thumbnails made in the renderer.
 */
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data: media:",
  "media-src 'self' blob: media:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers on every renderer response, found or not. */
export const rendererSecurityHeaders: Readonly<Record<string, string>> = {
  'Content-Security-Policy': RENDERER_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const mimeTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
};

export function mimeTypeOf(filePath: string): string {
  return mimeTypes[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Maps a URL pathname (still percent-encoded, as it arrives on the wire) to a file inside `rootDir`,
 * or null when it cannot name one: bad encoding, NUL bytes, backslashes, or anything that resolves
 * outside the root (`/../package.json`, `/%2e%2e/…`). `/` means `/index.html`.
 */
export function resolveRendererPath(rootDir: string, urlPathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPathname);
  } catch {
    return null;
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return null;
  const relative = decoded === '/' ? 'index.html' : decoded.slice(1);
  const root = path.resolve(rootDir);
  const resolved = path.resolve(root, relative);
  return resolved.startsWith(root + path.sep) ? resolved : null;
}

export interface RendererFileResponse {
  status: 200 | 404 | 405;
  headers: Record<string, string>;
  /** null for HEAD and for errors, whose status says enough. */
  body: Buffer | null;
}

/** Reads one renderer file for a GET/HEAD request; anything else is 405, anything missing 404. */
export async function readRendererFile(
  rootDir: string,
  method: string,
  urlPathname: string,
): Promise<RendererFileResponse> {
  const headers: Record<string, string> = { ...rendererSecurityHeaders };
  if (method !== 'GET' && method !== 'HEAD') {
    return { status: 405, headers: { ...headers, Allow: 'GET, HEAD' }, body: null };
  }
  const filePath = resolveRendererPath(rootDir, urlPathname);
  const notFound: RendererFileResponse = {
    status: 404,
    headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' },
    body: null,
  };
  if (filePath === null) return notFound;
  try {
    // A directory or a socket is not a renderer asset, even inside the root.
    if (!(await stat(filePath)).isFile()) return notFound;
    const body = await readFile(filePath);
    headers['Content-Type'] = mimeTypeOf(filePath);
    headers['Content-Length'] = String(body.length);
    return { status: 200, headers, body: method === 'HEAD' ? null : body };
  } catch {
    return notFound;
  }
}
