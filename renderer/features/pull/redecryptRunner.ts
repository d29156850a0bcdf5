import type { ArchiveApi } from '../../../main/contract';
import { redecrypt, RedecryptError } from '../../db';
import type { ArchiveDb, RedecryptProgress } from '../../db';
import type { AppStore } from '../../state';

export interface RedecryptRunnerDeps {
  archive: Pick<ArchiveApi, 'decryptEnvelopes'>;
  db: ArchiveDb;
  store: AppStore;
}

/**
 * Runs re-decryption after a key import (docs/product.md §1: messages kept encrypted are decrypted in place
 * once the key arrives) and publishes its progress for the progress bars. One run per corp at a
 * time; a second request for the same corp waits for the first.
 */
export class RedecryptRunner {
  private readonly runs = new Map<string, Promise<RedecryptProgress | null>>();

  constructor(private readonly deps: RedecryptRunnerDeps) {}

  run(corpId: string, publickeyVer?: number): Promise<RedecryptProgress | null> {
    const previous = this.runs.get(corpId) ?? Promise.resolve(null);
    const next = previous.then(() => this.runOnce(corpId, publickeyVer));
    this.runs.set(corpId, next);
    void next.finally(() => {
      if (this.runs.get(corpId) === next) this.runs.delete(corpId);
    });
    return next;
  }

  /** Resolves when no re-decryption runs for the corp (or for any corp). */
  async whenIdle(corpId?: string): Promise<void> {
    for (;;) {
      const pending = corpId === undefined ? [...this.runs.values()] : [this.runs.get(corpId)];
      const running = pending.filter((run) => run !== undefined);
      if (running.length === 0) return;
      await Promise.allSettled(running);
    }
  }

  private async runOnce(corpId: string, publickeyVer?: number): Promise<RedecryptProgress | null> {
    const { setRedecrypt } = this.deps.store.getState();
    const version = publickeyVer ?? null;
    let last: RedecryptProgress = { done: 0, total: 0, succeeded: 0 };
    try {
      last = await redecrypt(this.deps.db, this.deps.archive, {
        corpId,
        ...(publickeyVer === undefined ? {} : { publickeyVer }),
        onProgress: (progress) => {
          last = progress;
          setRedecrypt(corpId, { ...progress, publickeyVer: version, running: true, error: null });
        },
      });
      setRedecrypt(corpId, { ...last, publickeyVer: version, running: false, error: null });
      return last;
    } catch (error) {
      const message = error instanceof RedecryptError ? error.error.message : String(error);
      const progress = error instanceof RedecryptError ? error.progress : last;
      setRedecrypt(corpId, { ...progress, publickeyVer: version, running: false, error: message });
      return null;
    }
  }
}
