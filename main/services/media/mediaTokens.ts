import { randomBytes } from 'node:crypto';
import { isReallyContained } from './mediaPaths';

/**
 * Opaque media ids (STYLE.md §6): the renderer gets `<prefix><token>`, never a path. A token is 144
 * random bits, lives in memory only (a restart invalidates every URL) and resolves to a file that
 * must still be inside the media directory after symlinks are followed.
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

export class MediaTokens {
  private readonly tokens = new Map<string, ResolvedMedia>();

  constructor(private readonly mediaRoot: string) {}

  issue(media: ResolvedMedia): string {
    const token = randomBytes(18).toString('base64url');
    this.tokens.set(token, media);
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
    const media = this.tokens.get(token);
    if (!media) return null;
    return (await isReallyContained(this.mediaRoot, media.file)) ? media : null;
  }
}
