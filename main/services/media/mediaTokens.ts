import { randomBytes } from 'node:crypto';
import { isReallyContained } from './mediaPaths';

/**
 * Opaque media ids (docs/style.md §6): the renderer gets `<prefix><token>`, never a path. A token is 144
 * random bits, lives in memory only (a restart invalidates every URL), expires ten minutes after its
 * last use (a URL copied out of the app stops working) and resolves to a file that must still be
 * inside the media directory after symlinks are followed.
 */
export interface ResolvedMedia {
  file: string;
  mime: string;
  /** Set for "save as": the response carries Content-Disposition: attachment with this name. */
  downloadName?: string;
  /** Only these bytes of `file` (a file stored in a pack); absent: the whole file. */
  segment?: { offset: number; length: number };
}

const TOKEN = /^[A-Za-z0-9_-]{24}$/;
const MAX_TOKENS = 5_000;
/** A token unused this long is forgotten; every resolve starts the period again. */
export const MEDIA_TOKEN_IDLE_MS = 10 * 60_000;

export class MediaTokens {
  private readonly tokens = new Map<string, { media: ResolvedMedia; expiresAt: number }>();

  constructor(
    private readonly mediaRoot: string,
    private readonly now: () => number = Date.now,
  ) {}

  issue(media: ResolvedMedia): string {
    const token = randomBytes(18).toString('base64url');
    this.tokens.set(token, { media, expiresAt: this.now() + MEDIA_TOKEN_IDLE_MS });
    // Oldest first out: Map keeps insertion order.
    while (this.tokens.size > MAX_TOKENS) {
      const oldest = this.tokens.keys().next().value;
      if (oldest === undefined) break;
      this.tokens.delete(oldest);
    }
    return token;
  }

  /** The file behind a token, or null for unknown, malformed or escaped ones. */
  async resolve(token: string): Promise<ResolvedMedia | null> {
    if (!TOKEN.test(token)) return null;
    const entry = this.tokens.get(token);
    if (!entry) return null;
    const now = this.now();
    if (entry.expiresAt < now) {
      this.tokens.delete(token);
      return null;
    }
    // Refreshed on use, and moved to the end so the size cap drops the least recently used.
    this.tokens.delete(token);
    this.tokens.set(token, { media: entry.media, expiresAt: now + MEDIA_TOKEN_IDLE_MS });
    return (await isReallyContained(this.mediaRoot, entry.media.file)) ? entry.media : null;
  }
}
