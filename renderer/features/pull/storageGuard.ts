import type { IngestMessageDto } from '../../../main/contract';

/**
 * IndexedDB is "best-effort" storage unless the origin is persistent: under disk pressure the browser
 * may evict the whole archive (https://web.dev/articles/persistent-storage). The app asks for
 * persistence at start and checks the quota before every batch, so a full quota or disk stops the
 * pull cleanly with the cursor where the last committed batch left it (issue 14).
 */
export interface StorageSnapshot {
  /** null: the browser has no StorageManager (the value is then unknown). */
  persisted: boolean | null;
  usage: number | null;
  quota: number | null;
  checkedAt: number;
}

export interface StorageManagerLike {
  persisted(): Promise<boolean>;
  persist(): Promise<boolean>;
  estimate(): Promise<{ usage?: number; quota?: number }>;
}

/** A batch takes about this many times its JSON size once stored with its indexes and search postings. */
export const STORED_BYTES_PER_JSON_BYTE = 3;
/** Kept free besides the batch, for the search index's merges and the ledger. */
export const STORAGE_HEADROOM_BYTES = 2 * 1024 * 1024;

export class StorageFullError extends Error {
  constructor(
    readonly neededBytes: number,
    readonly usage: number,
    readonly quota: number,
  ) {
    super(
      `Not enough storage for the next batch: about ${neededBytes} more bytes are needed (used ${usage} of ${quota}).`,
    );
    this.name = 'StorageFullError';
  }
}

/** Dexie wraps the DOMException; a full disk reports the same name in Chromium. */
export function isQuotaError(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth += 1) {
    const named = current as { name?: unknown; message?: unknown; inner?: unknown };
    if (named.name === 'QuotaExceededError') return true;
    if (typeof named.message === 'string' && /QuotaExceeded|quota/i.test(named.message)) return true;
    current = named.inner;
  }
  return false;
}

export function estimateBatchBytes(messages: readonly IngestMessageDto[]): number {
  let bytes = 0;
  for (const message of messages) {
    bytes += 256 + (message.raw?.length ?? 0);
    if (message.envelope)
      bytes += message.envelope.encryptChatMsg.length + message.envelope.encryptRandomKey.length;
  }
  return bytes * STORED_BYTES_PER_JSON_BYTE;
}

export class StorageGuard {
  private snapshot: StorageSnapshot = { persisted: null, usage: null, quota: null, checkedAt: 0 };
  private quotaCap: number | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly manager: StorageManagerLike | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  get current(): StorageSnapshot {
    return this.snapshot;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** At start: ask once for persistent storage (granted silently when the profile allows it). */
  async requestPersistence(): Promise<StorageSnapshot> {
    if (!this.manager) return this.snapshot;
    let persisted = await this.manager.persisted();
    if (!persisted) persisted = await this.manager.persist();
    this.update({ persisted });
    return this.refresh();
  }

  async refresh(): Promise<StorageSnapshot> {
    if (!this.manager) return this.snapshot;
    const { usage, quota } = await this.manager.estimate();
    const capped =
      quota === undefined ? null : this.quotaCap === null ? quota : Math.min(quota, this.quotaCap);
    this.update({ usage: usage ?? null, quota: capped });
    return this.snapshot;
  }

  /**
   * Tests only (features/pull/testHook.ts): a smaller quota than the browser's. Chromium 156 records
   * a DevTools `Storage.overrideQuotaForOrigin` (getUsageAndQuota reports it) but neither enforces it on
   * IndexedDB nor reports it in `estimate()`, so the e2e test of a full quota caps it here instead.
   */
  capQuotaForTests(bytes: number | null): Promise<StorageSnapshot> {
    this.quotaCap = bytes;
    return this.refresh();
  }

  /** Throws StorageFullError when the batch would not fit in the free quota (plus headroom). */
  async checkBatch(messages: readonly IngestMessageDto[]): Promise<void> {
    if (!this.manager) return;
    const { usage, quota } = await this.refresh();
    if (usage === null || quota === null) return;
    const needed = estimateBatchBytes(messages) + STORAGE_HEADROOM_BYTES;
    if (quota - usage < needed) throw new StorageFullError(needed - (quota - usage), usage, quota);
  }

  private update(patch: Partial<StorageSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch, checkedAt: this.now() };
    for (const listener of this.listeners) listener();
  }
}
