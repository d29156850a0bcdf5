import Dexie from 'dexie';

/**
 * Encryption at rest of the archive's text (docs/security.md §8): AES-256-GCM (WebCrypto) under the
 * data key main keeps wrapped by the OS keyring and hands over the authenticated channel only
 * (contract verb getDataKey). The renderer imports it as a non-extractable CryptoKey; nothing here
 * ever sees its bytes again, logs it or stores it.
 *
 * A sealed blob is one Uint8Array: version byte (1) ‖ random 96-bit IV ‖ ciphertext with its 128-bit
 * tag. The plaintext is the JSON of the sealed value. The additional data (AAD) names the row the blob
 * belongs to (e.g. table + corpId + msgid), so a blob copied into another row fails to open.
 */
export type SealedBlob = Uint8Array;

const VERSION = 1;
const IV_BYTES = 12;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The archive is locked (forgetDataKey) or the key has not been fetched yet. */
export class DataKeyUnavailableError extends Error {
  constructor(reason: 'locked' | 'not-loaded' | 'no-key') {
    super(
      reason === 'locked'
        ? 'The archive is locked: its data key was forgotten. Unlock to read it again.'
        : reason === 'no-key'
          ? 'This archive database has no data key holder: sealed data cannot be read or written.'
          : 'The archive data key has not been loaded yet.',
    );
    this.name = 'DataKeyUnavailableError';
  }
}

/** A blob that does not open under this key and this AAD: wrong key, tampered, or moved to another row. */
export class SealedBlobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealedBlobError';
  }
}

type KeyState = { kind: 'waiting' } | { kind: 'ready'; key: CryptoKey } | { kind: 'forgotten' };

/**
 * The one place a page or worker keeps the data key: set once fetched, forgotten on lock. Each
 * ArchiveDb that seals gets one (ArchiveDbOptions.dataKey); workers get the key by postMessage
 * (a CryptoKey is structured-cloneable, non-extractable keys too).
 */
export class DataKeyHolder {
  private state: KeyState = { kind: 'waiting' };
  private waiters: Array<(key: CryptoKey) => void> = [];
  private readonly listeners = new Set<(key: CryptoKey | null) => void>();

  set(key: CryptoKey): void {
    this.state = { kind: 'ready', key };
    const waiting = this.waiters;
    this.waiters = [];
    for (const wake of waiting) wake(key);
    for (const listener of this.listeners) listener(key);
  }

  /** Drops the key: every later read or write of sealed data fails until `set` is called again. */
  forget(): void {
    this.state = { kind: 'forgotten' };
    for (const listener of this.listeners) listener(null);
  }

  get loaded(): boolean {
    return this.state.kind === 'ready';
  }

  /** The key, or DataKeyUnavailableError (never waits). */
  current(): CryptoKey {
    if (this.state.kind === 'ready') return this.state.key;
    throw new DataKeyUnavailableError(this.state.kind === 'forgotten' ? 'locked' : 'not-loaded');
  }

  /** Resolves with the key once it is set (at once when it is). */
  ready(): Promise<CryptoKey> {
    if (this.state.kind === 'ready') return Promise.resolve(this.state.key);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Called with the key on `set` and with null on `forget` (e.g. to pass it on to a worker). */
  onChange(listener: (key: CryptoKey | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** The key main handed over (32 raw bytes), imported once as a non-extractable AES-GCM key. */
export function importDataKey(raw: Uint8Array): Promise<CryptoKey> {
  if (raw.length !== 32) throw new Error('the archive data key must be 32 bytes');
  return crypto.subtle.importKey('raw', raw as BufferSource, { name: 'AES-GCM' }, false, [
    'encrypt',
    'decrypt',
  ]);
}

export function isSealedBlob(value: unknown): value is SealedBlob {
  return value instanceof Uint8Array && value.length > 1 + IV_BYTES && value[0] === VERSION;
}

/** Seals the JSON of `value` under `key`, bound to `aad`. */
export async function sealWith(key: CryptoKey, aad: string, value: unknown): Promise<SealedBlob> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const plain = encoder.encode(JSON.stringify(value));
  const cipher = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: encoder.encode(aad) },
    key,
    plain,
  );
  const blob = new Uint8Array(1 + IV_BYTES + cipher.byteLength);
  blob[0] = VERSION;
  blob.set(iv, 1);
  blob.set(new Uint8Array(cipher), 1 + IV_BYTES);
  return blob;
}

/** Opens a blob sealed by sealWith under the same key and AAD; SealedBlobError otherwise. */
export async function openWith<T = unknown>(key: CryptoKey, aad: string, blob: SealedBlob): Promise<T> {
  if (!isSealedBlob(blob)) throw new SealedBlobError('not a sealed blob');
  let plain: ArrayBuffer;
  try {
    plain = await crypto.subtle.decrypt(
      {
        name: 'AES-GCM',
        iv: blob.subarray(1, 1 + IV_BYTES) as Uint8Array<ArrayBuffer>,
        additionalData: encoder.encode(aad),
      },
      key,
      blob.subarray(1 + IV_BYTES) as Uint8Array<ArrayBuffer>,
    );
  } catch {
    // WebCrypto says only "OperationError": the tag did not verify.
    throw new SealedBlobError('a sealed blob did not open: wrong key, altered data or another row’s blob');
  }
  return JSON.parse(decoder.decode(plain)) as T;
}

/** What `seal`/`open` need of a database: its key holder (ArchiveDb.dataKey). */
export interface HasDataKey {
  readonly dataKey: DataKeyHolder | null;
}

function keyOf(db: HasDataKey): CryptoKey {
  if (!db.dataKey) throw new DataKeyUnavailableError('no-key');
  return db.dataKey.current();
}

/**
 * Inside a Dexie transaction, awaiting WebCrypto would let IndexedDB commit the transaction under us:
 * Dexie.waitFor keeps it alive meanwhile. Outside one, the promise as it is.
 */
function keepingTransaction<T>(work: Promise<T>): Promise<T> {
  return Dexie.currentTransaction ? (Dexie.waitFor(work) as unknown as Promise<T>) : work;
}

/**
 * For other features' own text fields (notes, imported names…): seal `value` (any JSON) under the
 * database's data key, bound to `aad` — a string naming the row, e.g. `markNotes|${corpId}|${msgid}`.
 * Safe inside or outside a transaction. Throws DataKeyUnavailableError while the archive is locked.
 */
export function seal(db: HasDataKey, aad: string, value: unknown): Promise<SealedBlob> {
  try {
    return keepingTransaction(sealWith(keyOf(db), aad, value));
  } catch (error) {
    return Promise.reject(error as Error);
  }
}

/** The value `seal` sealed with the same AAD; SealedBlobError when it does not open. */
export function open<T = unknown>(db: HasDataKey, aad: string, blob: SealedBlob): Promise<T> {
  try {
    return keepingTransaction(openWith<T>(keyOf(db), aad, blob));
  } catch (error) {
    return Promise.reject(error as Error);
  }
}
