import { describe, expect, it } from 'vitest';
import type { LockStateDto, Result } from '../../../../../main/contract';
import { idleExpired, LockController } from '../../../../../renderer/features/lock/lockController';
import { createAppStore } from '../../../../../renderer/state';

const state = (locked: boolean): LockStateDto => ({ configured: true, locked, idleMinutes: 5 });
const ok = <T>(value: T): Result<T> => ({ ok: true, value });

function setup(startLocked: boolean) {
  const store = createAppStore();
  const calls: string[] = [];
  let locked = startLocked;
  const controller = new LockController({
    archive: {
      getLockState: async () => ok(state(locked)),
      lockApp: async () => {
        locked = true;
        return ok(state(true));
      },
      unlockApp: async ({ passphrase }) => {
        if (passphrase !== 'right one!') {
          return { ok: false, error: { code: 'lock-refused', detail: 'wrong-passphrase', message: 'wrong' } };
        }
        locked = false;
        return ok(state(false));
      },
      configureLock: async () => ok(state(false)),
      removeLock: async () => ok({ configured: false, locked: false, idleMinutes: null }),
    },
    store,
    dataKey: {
      forgetDataKey: () => calls.push('forget'),
      load: async () => {
        calls.push('load');
        return true;
      },
    },
    auditTrail: {
      append: async (action) => {
        calls.push(action);
        return null;
      },
    },
    reload: () => calls.push('reload'),
  });
  return { store, calls, controller };
}

describe('LockController', () => {
  it('locks: audit entry first, then main, then the data key is dropped; unlocks: key again, then the entry', async () => {
    const { store, calls, controller } = setup(false);
    await controller.start();
    expect(store.getState()).toMatchObject({ locked: false, lockConfigured: true, lockIdleMinutes: 5 });
    await controller.lock();
    expect(store.getState().locked).toBe(true);
    expect(await controller.unlock('wrong')).toBe('wrong-passphrase');
    expect(store.getState().locked).toBe(true);
    expect(await controller.unlock('right one!')).toBe('ok');
    expect(store.getState().locked).toBe(false);
    expect(calls).toEqual(['app.locked', 'forget', 'load', 'app.unlocked']);
  });

  it('a page that started locked forgets the key at once and reloads after unlock (its start-up was refused)', async () => {
    const { store, calls, controller } = setup(true);
    await controller.start();
    expect(store.getState().locked).toBe(true);
    expect(await controller.unlock('right one!')).toBe('ok');
    expect(calls).toEqual(['forget', 'app.unlocked', 'reload']);
  });
});

describe('idleExpired', () => {
  it('locks after the idle minutes, never with 0 or no lock', () => {
    expect(idleExpired(0, 5 * 60_000 - 1, 5)).toBe(false);
    expect(idleExpired(0, 5 * 60_000, 5)).toBe(true);
    expect(idleExpired(0, 10 ** 9, 0)).toBe(false);
    expect(idleExpired(0, 10 ** 9, null)).toBe(false);
  });
});
