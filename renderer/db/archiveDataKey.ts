import type { ArchiveApi } from '../../main/contract';
import { DataKeyHolder, importDataKey } from './sealed';

function bytesOfBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * The renderer's side of the data key (docs/security.md §8): fetches it from main over the
 * authenticated channel (getDataKey), imports it as a non-extractable CryptoKey into the page's
 * DataKeyHolder (which passes it on to the workers) and forgets it for the app lock. The raw bytes
 * live only for the import and are overwritten right after; the key is never logged.
 */
export class ArchiveDataKey {
  readonly holder = new DataKeyHolder();
  private loading: Promise<boolean> | null = null;
  /** Set by forgetDataKey, cleared by the next load: a reconnect does not fetch the key behind a lock. */
  private lockedByApp = false;

  constructor(
    private readonly deps: {
      archive: Pick<ArchiveApi, 'getDataKey'>;
      log: (message: string, detail?: unknown) => void;
    },
  ) {}

  /** Fetches and installs the key; false (and logged, without the key) when main did not hand it over. */
  load(): Promise<boolean> {
    this.lockedByApp = false;
    this.loading ??= this.fetchKey().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  private async fetchKey(): Promise<boolean> {
    const answer = await this.deps.archive.getDataKey({});
    if (!answer.ok) {
      this.deps.log('archive data key not available', { code: answer.error.code });
      return false;
    }
    const bytes = bytesOfBase64(answer.value.key);
    try {
      this.holder.set(await importDataKey(bytes));
    } finally {
      bytes.fill(0);
    }
    return true;
  }

  /**
   * For the app lock: drops the key from the page and the workers. The archive is unreadable (reads
   * and writes of sealed data fail with DataKeyUnavailableError) until `load()` after unlock.
   */
  forgetDataKey(): void {
    this.lockedByApp = true;
    this.holder.forget();
  }

  /** Whether the app lock forgot the key (a reconnect must not fetch it again). */
  get locked(): boolean {
    return this.lockedByApp;
  }

  get loaded(): boolean {
    return this.holder.loaded;
  }
}
