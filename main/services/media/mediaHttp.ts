import { stat } from 'node:fs/promises';
import { parseRange } from './httpRange';
import type { ResolvedMedia } from './mediaTokens';

/**
 * One answer for both shells' media routes (Electron `media:` scheme, browser shell `/media/`): the
 * shells only translate it to their response types, so Range, no-store and the hardening headers
 * cannot drift apart (docs/style.md §6).
 */
export interface MediaHttpResponse {
  status: 200 | 206 | 404 | 405 | 416;
  headers: Record<string, string>;
  /** The bytes to stream: `file` from `start` to `end` inclusive; null for no body. */
  body: { file: string; start: number; end: number } | null;
}

const baseHeaders = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Resource-Policy': 'same-origin',
  // Opened directly (a new tab, a crafted navigation), the bytes are inert: no script, no plugins.
  'Content-Security-Policy': "default-src 'none'; sandbox",
  'Referrer-Policy': 'no-referrer',
};

/** RFC 6266 / 5987: an ASCII fallback plus the exact UTF-8 name. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export async function mediaHttpResponse(
  media: ResolvedMedia | null,
  method: string,
  rangeHeader: string | null | undefined,
): Promise<MediaHttpResponse> {
  if (method !== 'GET' && method !== 'HEAD') {
    return { status: 405, headers: { ...baseHeaders, Allow: 'GET, HEAD' }, body: null };
  }
  if (!media) return { status: 404, headers: { ...baseHeaders }, body: null };
  let size: number;
  try {
    size = (await stat(media.file)).size;
  } catch {
    return { status: 404, headers: { ...baseHeaders }, body: null };
  }
  // A file stored in a pack is the segment; ranges count from its start.
  const base = media.segment?.offset ?? 0;
  if (media.segment) {
    if (size < media.segment.offset + media.segment.length)
      return { status: 404, headers: { ...baseHeaders }, body: null };
    size = media.segment.length;
  }
  const headers: Record<string, string> = {
    ...baseHeaders,
    'Content-Type': media.mime,
    'Accept-Ranges': 'bytes',
    ...(media.downloadName ? { 'Content-Disposition': contentDisposition(media.downloadName) } : {}),
  };
  const range = parseRange(rangeHeader, size);
  if (range === 'unsatisfiable') {
    return { status: 416, headers: { ...headers, 'Content-Range': `bytes */${size}` }, body: null };
  }
  const head = method === 'HEAD';
  if (range === null) {
    return {
      status: 200,
      headers: { ...headers, 'Content-Length': String(size) },
      body: head || size === 0 ? null : { file: media.file, start: base, end: base + size - 1 },
    };
  }
  return {
    status: 206,
    headers: {
      ...headers,
      'Content-Length': String(range.end - range.start + 1),
      'Content-Range': `bytes ${range.start}-${range.end}/${size}`,
    },
    body: head ? null : { file: media.file, start: base + range.start, end: base + range.end },
  };
}
