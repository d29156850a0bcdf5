import { mediaHttpResponse, type MediaHttpResponse } from './mediaHttp';
import type { ResolvedMedia } from './mediaTokens';

/**
 * The path part both shells route to media: `/media/<token>` on the browser shell's loopback server,
 * `media://m/<token>` in Electron. Anything but exactly one token segment is a 404.
 */
export const MEDIA_ROUTE_PREFIX = '/media/';

export function tokenFromMediaPath(pathname: string): string | null {
  if (!pathname.startsWith(MEDIA_ROUTE_PREFIX)) return null;
  const token = pathname.slice(MEDIA_ROUTE_PREFIX.length);
  return /^[A-Za-z0-9_-]{1,64}$/.test(token) ? token : null;
}

/**
 * A page of another site may try to embed our media (it cannot read it: CORP same-origin), but it
 * should not even make us open the file: fetch metadata says who asked.
 */
export function isForeignRequest(secFetchSite: string | null | undefined): boolean {
  return (
    secFetchSite !== undefined &&
    secFetchSite !== null &&
    secFetchSite !== 'same-origin' &&
    secFetchSite !== 'none'
  );
}

export async function answerMediaRequest(
  resolve: ((token: string) => Promise<ResolvedMedia | null>) | undefined,
  request: {
    pathname: string;
    method: string;
    range: string | null | undefined;
    secFetchSite: string | null | undefined;
  },
): Promise<MediaHttpResponse> {
  const token = tokenFromMediaPath(request.pathname);
  const media =
    token === null || !resolve || isForeignRequest(request.secFetchSite) ? null : await resolve(token);
  return mediaHttpResponse(media, request.method, request.range);
}
