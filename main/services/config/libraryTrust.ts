import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * The SDK library is code that runs with the corp secret and every private key, so the user chooses
 * and confirms it in main, never in the renderer: Electron shows a native dialog with the path and
 * SHA-256; the browser shell prints a one-time code in its own terminal that the user types back.
 * The confirmed SHA-256 is stored with the corp and checked again before every host start (see
 * `LibraryVerifier`), so a file replaced on disk is not loaded (docs/security.md).
 */

/** A library file the user confirmed in main: this path, these bytes. */
export interface ConfirmedLibrary {
  libraryPath: string;
  sha256: string;
}

export type LibraryTrustCode = 'library-unconfirmed' | 'library-changed' | 'confirmation-invalid';

export class LibraryTrustError extends Error {
  constructor(
    readonly code: LibraryTrustCode,
    message: string,
    /** For `confirmation-invalid`: `wrong-code`, `expired`, `too-many-attempts`, `unknown`. */
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'LibraryTrustError';
  }
}

/** Larger files are refused before hashing (the vendor SDK is ~10 MB). */
const MAX_LIBRARY_BYTES = 512 * 1024 * 1024;

/** SHA-256 (hex) of a file's bytes, streamed. */
export function sha256OfFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('error', reject)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** Checks that `libraryPath` names a regular file of sane size and returns its SHA-256. */
export async function inspectLibrary(libraryPath: string): Promise<ConfirmedLibrary> {
  if (!path.isAbsolute(libraryPath)) {
    throw new LibraryTrustError('library-unconfirmed', 'The SDK library path must be absolute.');
  }
  let info;
  try {
    info = await stat(libraryPath);
  } catch {
    throw new LibraryTrustError('library-unconfirmed', `The SDK library ${libraryPath} does not exist.`);
  }
  if (!info.isFile()) {
    throw new LibraryTrustError('library-unconfirmed', `${libraryPath} is not a regular file.`);
  }
  if (info.size > MAX_LIBRARY_BYTES) {
    throw new LibraryTrustError('library-unconfirmed', `${libraryPath} is too large to be the SDK library.`);
  }
  return { libraryPath, sha256: await sha256OfFile(libraryPath) };
}

/** How long a confirmation waits for the form to be saved, and a terminal code for its typing. */
export const CONFIRMATION_TTL_MS = 10 * 60_000;
const MAX_CODE_ATTEMPTS = 3;
/** Unambiguous letters and digits (no 0/O, 1/I/L). */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

interface Challenge extends ConfirmedLibrary {
  code: string;
  expiresAt: number;
  attempts: number;
}

/**
 * Library choices confirmed in main, waiting for the saveCorp that uses them (single use), and the
 * browser shell's terminal codes. In memory only: a restart forgets every pending confirmation.
 */
export class LibraryConfirmations {
  private readonly confirmed = new Map<string, ConfirmedLibrary & { expiresAt: number }>();
  private readonly challenges = new Map<string, Challenge>();
  private readonly now: () => number;

  constructor(options: { now?: () => number } = {}) {
    this.now = options.now ?? Date.now;
  }

  /** The user confirmed this file in main (native dialog, or the terminal code below). */
  confirm(library: ConfirmedLibrary): ConfirmedLibrary {
    this.confirmed.set(library.libraryPath, { ...library, expiresAt: this.now() + CONFIRMATION_TTL_MS });
    return { ...library };
  }

  /** The confirmation for this path, removed on use; null when none or expired. */
  take(libraryPath: string): ConfirmedLibrary | null {
    const found = this.confirmed.get(libraryPath);
    this.confirmed.delete(libraryPath);
    if (!found || found.expiresAt < this.now()) return null;
    return { libraryPath: found.libraryPath, sha256: found.sha256 };
  }

  /** A one-time code for the terminal (10 characters of 31: ~49 bits) and the id the renderer keeps. */
  issueCode(library: ConfirmedLibrary): { challengeId: string; code: string; expiresAt: number } {
    this.prune();
    const challengeId = randomBytes(12).toString('base64url');
    let code = '';
    for (let i = 0; i < 10; i += 1) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
    const expiresAt = this.now() + CONFIRMATION_TTL_MS;
    this.challenges.set(challengeId, { ...library, code, expiresAt, attempts: 0 });
    return { challengeId, code, expiresAt };
  }

  /** The code typed back: right → the library is confirmed; wrong three times → the challenge is gone. */
  redeemCode(challengeId: string, typed: string): ConfirmedLibrary {
    const challenge = this.challenges.get(challengeId);
    if (!challenge) {
      throw new LibraryTrustError(
        'confirmation-invalid',
        'No such confirmation is pending; ask for a new code.',
        'unknown',
      );
    }
    if (challenge.expiresAt < this.now()) {
      this.challenges.delete(challengeId);
      throw new LibraryTrustError(
        'confirmation-invalid',
        'The code has expired; ask for a new one.',
        'expired',
      );
    }
    const normalised = typed.toUpperCase().replace(/[\s-]/g, '');
    const expected = Buffer.from(challenge.code);
    const given = Buffer.from(normalised);
    const match = given.length === expected.length && timingSafeEqual(given, expected);
    if (!match) {
      challenge.attempts += 1;
      if (challenge.attempts >= MAX_CODE_ATTEMPTS) {
        this.challenges.delete(challengeId);
        throw new LibraryTrustError(
          'confirmation-invalid',
          'The code was wrong three times; ask for a new one.',
          'too-many-attempts',
        );
      }
      throw new LibraryTrustError(
        'confirmation-invalid',
        'The code is not the one in the terminal.',
        'wrong-code',
      );
    }
    this.challenges.delete(challengeId);
    return this.confirm({ libraryPath: challenge.libraryPath, sha256: challenge.sha256 });
  }

  private prune(): void {
    const now = this.now();
    for (const [id, challenge] of this.challenges) if (challenge.expiresAt < now) this.challenges.delete(id);
    for (const [file, entry] of this.confirmed) if (entry.expiresAt < now) this.confirmed.delete(file);
  }
}

/**
 * Checks, before a host receives anything, that the corp's library file still has the SHA-256 the user
 * confirmed. Hashes are cached per (device, inode, size, mtime, ctime) so the media path, which asks
 * per chunk, does not re-read the file; any change of those re-hashes.
 */
export class LibraryVerifier {
  private readonly cache = new Map<string, { stamp: string; sha256: string }>();

  async verify(corp: { libraryPath: string | null; librarySha256: string | null }): Promise<void> {
    if (corp.libraryPath === null) return; // the bundled stand-in, chosen by main (demo only)
    if (!corp.librarySha256) {
      throw new LibraryTrustError(
        'library-unconfirmed',
        `The SDK library ${corp.libraryPath} was not confirmed; choose it again in the corp settings.`,
      );
    }
    const current = await this.currentSha256(corp.libraryPath);
    if (current !== corp.librarySha256) {
      throw new LibraryTrustError(
        'library-changed',
        `The SDK library ${corp.libraryPath} changed on disk (SHA-256 ${current ?? 'unreadable'}, confirmed ${corp.librarySha256}); it was not loaded. Confirm the new file in the corp settings if the change is expected.`,
      );
    }
  }

  private async currentSha256(file: string): Promise<string | null> {
    let stamp: string;
    try {
      const info = await stat(file, { bigint: true });
      if (!info.isFile()) return null;
      stamp = `${info.dev}:${info.ino}:${info.size}:${info.mtimeNs}:${info.ctimeNs}`;
    } catch {
      return null;
    }
    const cached = this.cache.get(file);
    if (cached?.stamp === stamp) return cached.sha256;
    const sha256 = await sha256OfFile(file).catch(() => null);
    if (sha256) this.cache.set(file, { stamp, sha256 });
    return sha256;
  }
}
