import type { ArchiveApi, LockStateDto, Result } from '../../../main/contract';
import type { AppStore } from '../../state';
import type { AuditTrail } from '../audit';

export type UnlockOutcome = 'ok' | 'wrong-passphrase' | 'too-many-attempts' | 'failed';

/**
 * The renderer's side of the app lock (docs/security.md §9): main decides and enforces; the page
 * mirrors main's state in the store, drops the archive's data key on lock and fetches it after unlock,
 * and appends the audit entries. The passphrase only passes through to main.
 */
export class LockController {
  /** The page started behind the lock: its start-up loads were refused, so unlock reloads it. */
  private startedLocked = false;

  constructor(
    private readonly deps: {
      archive: Pick<ArchiveApi, 'getLockState' | 'lockApp' | 'unlockApp' | 'configureLock' | 'removeLock'>;
      store: AppStore;
      dataKey: { forgetDataKey(): void; load(): Promise<boolean> };
      auditTrail: Pick<AuditTrail, 'append'>;
      reload: () => void;
    },
  ) {}

  private show(state: LockStateDto): void {
    this.deps.store.getState().setLockState({ locked: state.locked, configured: state.configured });
    this.deps.store.getState().setLockIdleMinutes(state.idleMinutes);
  }

  async start(): Promise<void> {
    let answer = await this.deps.archive.getLockState({});
    // At start the connection may still be opening: ask again a few times before giving up.
    for (
      let attempt = 0;
      !answer.ok && answer.error.code !== 'invalid-request' && attempt < 20;
      attempt += 1
    ) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      answer = await this.deps.archive.getLockState({});
    }
    if (!answer.ok) {
      this.deps.store.getState().setLockState({ locked: false, configured: false });
      return;
    }
    if (answer.value.locked) {
      this.startedLocked = true;
      this.deps.dataKey.forgetDataKey();
    }
    this.show(answer.value);
  }

  async lock(): Promise<void> {
    if (!this.deps.store.getState().lockConfigured || this.deps.store.getState().locked) return;
    await this.deps.auditTrail.append('app.locked', {});
    const answer = await this.deps.archive.lockApp({});
    if (!answer.ok) return;
    this.deps.dataKey.forgetDataKey();
    this.show(answer.value);
  }

  async unlock(passphrase: string): Promise<UnlockOutcome> {
    const answer = await this.deps.archive.unlockApp({ passphrase });
    if (!answer.ok) {
      const detail = answer.error.detail;
      return detail === 'wrong-passphrase' || detail === 'too-many-attempts' ? detail : 'failed';
    }
    if (this.startedLocked) {
      await this.deps.auditTrail.append('app.unlocked', {});
      this.deps.reload();
      return 'ok';
    }
    await this.deps.dataKey.load();
    this.show(answer.value);
    await this.deps.auditTrail.append('app.unlocked', {});
    return 'ok';
  }

  async configure(options: {
    current?: string;
    passphrase?: string;
    idleMinutes: number;
  }): Promise<Result<LockStateDto>> {
    const answer = await this.deps.archive.configureLock(options);
    if (answer.ok) {
      this.show(answer.value);
      await this.deps.auditTrail.append(
        'lock.passphrase-set',
        {},
        { after: { idleMinutes: answer.value.idleMinutes } },
      );
    }
    return answer;
  }

  async remove(current: string): Promise<Result<LockStateDto>> {
    const answer = await this.deps.archive.removeLock({ current });
    if (answer.ok) {
      this.show(answer.value);
      await this.deps.auditTrail.append('lock.passphrase-removed', {});
    }
    return answer;
  }
}

/** Whether the app has been idle long enough to lock (0 or null minutes: never by itself). */
export function idleExpired(lastActivity: number, now: number, idleMinutes: number | null): boolean {
  return idleMinutes !== null && idleMinutes > 0 && now - lastActivity >= idleMinutes * 60_000;
}
