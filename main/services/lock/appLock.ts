import { createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import path from 'node:path';
import type { LockStateDto } from '../../contract';
import { readJsonFile, writeFileAtomic } from '../config/atomicFile';

/**
 * The optional app lock (docs/security.md §9). A passphrase is never stored: main keeps a random salt
 * and a verifier, HMAC-SHA-256 under the scrypt-derived key, in `app-lock.json` (0600), and compares
 * with timingSafeEqual. While locked, the service refuses every data verb (`LOCK_EXEMPT_VERBS` are the
 * only ones answered), drops pull batches instead of sending them and serves no media, so no message
 * text is obtainable over the contract. A configured lock starts locked.
 */
export type LockProblem = 'wrong-passphrase' | 'not-configured' | 'weak-passphrase' | 'too-many-attempts';

export class LockError extends Error {
  constructor(
    readonly problem: LockProblem,
    message: string,
  ) {
    super(message);
    this.name = 'LockError';
  }
}

interface StoredLock {
  version: 1;
  kdf: 'scrypt';
  /** scrypt cost parameters (N = 2^15, r = 8, p = 1: ~32 MiB and ~100 ms on the reference machine). */
  n: number;
  r: number;
  p: number;
  salt: string;
  verifier: string;
  idleMinutes: number;
}

const FILE_NAME = 'app-lock.json';
const KEY_BYTES = 32;
const DEFAULT_COST = { n: 2 ** 15, r: 8, p: 1 };
export const MIN_PASSPHRASE_LENGTH = 8;
/** Wrong answers in a row after which each further try waits (doubling, up to a minute). */
const FREE_ATTEMPTS = 5;
const VERIFIER_LABEL = 'wecom-archive app lock verifier v1';

function derive(
  passphrase: string,
  salt: Buffer,
  cost: { n: number; r: number; p: number },
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      passphrase.normalize('NFC'),
      salt,
      KEY_BYTES,
      { N: cost.n, r: cost.r, p: cost.p, maxmem: 128 * cost.n * cost.r * 2 },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

const verifierOf = (key: Buffer) => createHmac('sha256', key).update(VERIFIER_LABEL).digest();

export class AppLock {
  private readonly file: string;
  private stored: StoredLock | null = null;
  private locked = false;
  private failures = 0;
  private blockedUntil = 0;
  private readonly loaded: Promise<void>;
  private readonly listeners = new Set<(state: LockStateDto) => void>();

  constructor(
    dataDir: string,
    private readonly options: { cost?: { n: number; r: number; p: number }; now?: () => number } = {},
  ) {
    this.file = path.join(dataDir, FILE_NAME);
    this.loaded = readJsonFile<StoredLock | null>(this.file, null).then((stored) => {
      this.stored = stored && stored.kdf === 'scrypt' && stored.salt && stored.verifier ? stored : null;
      this.locked = this.stored !== null;
    });
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** True while the archive must not be readable (a configured lock starts locked). */
  isLocked(): boolean {
    return this.locked;
  }

  async ready(): Promise<void> {
    await this.loaded;
  }

  onChange(listener: (state: LockStateDto) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async state(): Promise<LockStateDto> {
    await this.loaded;
    return {
      configured: this.stored !== null,
      locked: this.locked,
      idleMinutes: this.stored?.idleMinutes ?? null,
    };
  }

  private async changed(): Promise<LockStateDto> {
    const state = await this.state();
    for (const listener of this.listeners) listener(state);
    return state;
  }

  private async matches(passphrase: string): Promise<boolean> {
    const stored = this.stored;
    if (!stored) return false;
    const key = await derive(passphrase, Buffer.from(stored.salt, 'base64'), stored);
    const expected = Buffer.from(stored.verifier, 'base64');
    const actual = verifierOf(key);
    key.fill(0);
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }

  /** Checks a passphrase typed by the user; wrong answers in a row slow the next ones down. */
  private async check(passphrase: string): Promise<void> {
    const now = this.now();
    if (now < this.blockedUntil) {
      throw new LockError(
        'too-many-attempts',
        `Too many wrong passphrases; try again in ${Math.ceil((this.blockedUntil - now) / 1000)} s.`,
      );
    }
    if (await this.matches(passphrase)) {
      this.failures = 0;
      this.blockedUntil = 0;
      return;
    }
    this.failures += 1;
    if (this.failures >= FREE_ATTEMPTS)
      this.blockedUntil = now + Math.min(60_000, 1000 * 2 ** (this.failures - FREE_ATTEMPTS));
    throw new LockError('wrong-passphrase', 'The passphrase is not the one set for the app lock.');
  }

  /**
   * Sets or changes the passphrase and the idle time (minutes; null: only on demand). Changing an
   * existing lock needs the current passphrase. The app stays unlocked.
   */
  async configure(options: {
    current?: string | undefined;
    passphrase?: string | undefined;
    idleMinutes: number | null;
  }): Promise<LockStateDto> {
    await this.loaded;
    if (this.stored) await this.check(options.current ?? '');
    let stored: StoredLock;
    if (options.passphrase !== undefined) {
      if (options.passphrase.length < MIN_PASSPHRASE_LENGTH)
        throw new LockError(
          'weak-passphrase',
          `The passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters.`,
        );
      const cost = this.options.cost ?? DEFAULT_COST;
      const salt = randomBytes(16);
      const key = await derive(options.passphrase, salt, cost);
      stored = {
        version: 1,
        kdf: 'scrypt',
        ...cost,
        salt: salt.toString('base64'),
        verifier: verifierOf(key).toString('base64'),
        idleMinutes: options.idleMinutes ?? 0,
      };
      key.fill(0);
    } else if (this.stored) {
      stored = { ...this.stored, idleMinutes: options.idleMinutes ?? 0 };
    } else {
      throw new LockError('not-configured', 'Choose a passphrase to turn the app lock on.');
    }
    await writeFileAtomic(this.file, `${JSON.stringify(stored)}\n`, 0o600);
    this.stored = stored;
    this.locked = false;
    return this.changed();
  }

  /** Turns the lock off (the current passphrase is required). */
  async remove(current: string): Promise<LockStateDto> {
    await this.loaded;
    if (!this.stored) throw new LockError('not-configured', 'The app lock is not turned on.');
    await this.check(current);
    await writeFileAtomic(this.file, 'null\n', 0o600);
    this.stored = null;
    this.locked = false;
    return this.changed();
  }

  async lock(): Promise<LockStateDto> {
    await this.loaded;
    if (!this.stored)
      throw new LockError('not-configured', 'Set a passphrase in Settings to use the app lock.');
    this.locked = true;
    return this.changed();
  }

  async unlock(passphrase: string): Promise<LockStateDto> {
    await this.loaded;
    if (!this.stored) {
      this.locked = false;
      return this.changed();
    }
    await this.check(passphrase);
    this.locked = false;
    return this.changed();
  }
}
