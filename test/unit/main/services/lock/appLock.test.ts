import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MethodName, Result } from '../../../../../main/contract';
import { methodNames } from '../../../../../main/contract';
import { createArchiveService } from '../../../../../main/services/archiveService';
import { createFileSecretStore } from '../../../../../main/services/config/secretStore';
import { AppLock } from '../../../../../main/services/lock/appLock';

/** Cheap scrypt parameters: the tests check the logic, not the cost. */
const FAST = { n: 2 ** 10, r: 8, p: 1 };
const PASSPHRASE = 'correct horse battery staple';
const dirs: string[] = [];

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'app-lock-'));
  dirs.push(dir);
  return dir;
}

afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('AppLock', () => {
  it('stores only a salt and a verifier (0600), starts locked when configured, and refuses a wrong passphrase', async () => {
    const dir = await dataDir();
    const lock = new AppLock(dir, { cost: FAST });
    expect(await lock.state()).toEqual({ configured: false, locked: false, idleMinutes: null });
    await expect(lock.lock()).rejects.toMatchObject({ problem: 'not-configured' });
    await expect(lock.configure({ passphrase: 'short', idleMinutes: 5 })).rejects.toMatchObject({
      problem: 'weak-passphrase',
    });
    expect(await lock.configure({ passphrase: PASSPHRASE, idleMinutes: 5 })).toEqual({
      configured: true,
      locked: false,
      idleMinutes: 5,
    });
    const file = path.join(dir, 'app-lock.json');
    const stored = await readFile(file, 'utf8');
    expect(stored).not.toContain(PASSPHRASE);
    expect(Object.keys(JSON.parse(stored) as object).sort()).toEqual(
      ['idleMinutes', 'kdf', 'n', 'p', 'r', 'salt', 'verifier', 'version'].sort(),
    );
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    // A restart starts locked.
    const restarted = new AppLock(dir, { cost: FAST });
    expect(await restarted.state()).toMatchObject({ configured: true, locked: true });
    await expect(restarted.unlock('wrong passphrase')).rejects.toMatchObject({ problem: 'wrong-passphrase' });
    expect(restarted.isLocked()).toBe(true);
    expect(await restarted.unlock(PASSPHRASE)).toMatchObject({ locked: false });
    // NFC and NFD spellings of the same passphrase are the same passphrase.
    await restarted.configure({ current: PASSPHRASE, passphrase: 'Café au lait', idleMinutes: 0 });
    await restarted.lock();
    expect(await restarted.unlock('Cafe\u0301 au lait')).toMatchObject({ locked: false, idleMinutes: 0 });
  });

  it('changing or removing the lock needs the current passphrase; wrong tries in a row slow the next ones', async () => {
    let clock = 1_000_000;
    const lock = new AppLock(await dataDir(), { cost: FAST, now: () => clock });
    await lock.configure({ passphrase: PASSPHRASE, idleMinutes: 10 });
    await expect(lock.configure({ passphrase: 'another passphrase', idleMinutes: 1 })).rejects.toMatchObject({
      problem: 'wrong-passphrase',
    });
    await expect(lock.remove('nope nope nope')).rejects.toMatchObject({ problem: 'wrong-passphrase' });
    await lock.lock();
    for (let i = 0; i < 3; i += 1)
      await expect(lock.unlock('nope nope nope')).rejects.toMatchObject({ problem: 'wrong-passphrase' });
    // The fifth wrong answer in a row blocks for a second: even the right one waits.
    await expect(lock.unlock(PASSPHRASE)).rejects.toMatchObject({ problem: 'too-many-attempts' });
    clock += 1_001;
    expect(await lock.unlock(PASSPHRASE)).toMatchObject({ locked: false });
    expect(await lock.remove(PASSPHRASE)).toEqual({ configured: false, locked: false, idleMinutes: null });
  });
});

describe('the archive service behind the lock', () => {
  it('answers only the lock verbs and the app info while locked; the passphrase never reaches the log', async () => {
    const dir = await dataDir();
    const logs: string[] = [];
    const service = createArchiveService({
      shell: 'web',
      version: 'test',
      dataDir: dir,
      secretStore: createFileSecretStore({ kind: 'file-0600', file: path.join(dir, 'secrets.json') }),
      hostLauncher: {
        launch: () => {
          throw new Error('no SDK host in this test');
        },
      } as never,
      demo: null,
      log: (level, message, fields) => logs.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`),
    });
    try {
      const call = (method: MethodName, params: unknown = {}): Promise<Result<unknown>> =>
        service.handle(method, params);
      expect(await call('configureLock', { passphrase: PASSPHRASE, idleMinutes: 5 })).toMatchObject({
        ok: true,
      });
      expect((await call('getDataKey')).ok).toBe(true);
      expect(await call('lockApp')).toMatchObject({ ok: true, value: { locked: true } });

      const answered: string[] = [];
      for (const method of methodNames) {
        const answer = await call(method, {});
        if (answer.ok || answer.error.code !== 'app-locked') answered.push(method);
      }
      expect(answered.sort()).toEqual(['getAppInfo', 'getLockState', 'lockApp', 'unlockApp'].sort());
      expect(await call('getDataKey')).toMatchObject({ ok: false, error: { code: 'app-locked' } });
      expect(await call('listCorps')).toMatchObject({ ok: false, error: { code: 'app-locked' } });

      const wrong = await call('unlockApp', { passphrase: 'not the passphrase' });
      expect(wrong).toMatchObject({ ok: false, error: { code: 'lock-refused', detail: 'wrong-passphrase' } });
      expect(await call('unlockApp', { passphrase: PASSPHRASE })).toMatchObject({
        ok: true,
        value: { locked: false },
      });
      expect((await call('getDataKey')).ok).toBe(true);
      expect(JSON.stringify(wrong)).not.toContain('not the passphrase');
      expect(logs.join('\n')).not.toContain(PASSPHRASE);
      expect(logs.join('\n')).not.toContain('not the passphrase');
    } finally {
      await service.close();
    }
  });
});
