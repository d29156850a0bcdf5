import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CorpInputDto } from '../../../main/contract';
import { CorpStore, CorpValidationError } from '../../../main/services/config/corpStore';
import { createFileSecretStore } from '../../../main/services/config/secretStore';

const base: CorpInputDto = {
  corpid: 'wwd08c8e7a5ab44d01',
  name: '测试企业',
  secret: 'archive-secret-value-123',
  libraryPath: '/opt/wecom/libWeWorkFinanceSdk_C.so',
  proxyUrl: null,
  timeoutSec: 5,
  batchLimit: 500,
  apiBaseUrl: 'https://qyapi.weixin.qq.com',
  scheduleMinutes: 60,
};

let dir: string;
let store: CorpStore;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'corpstore-'));
  store = new CorpStore(
    dir,
    createFileSecretStore({ file: path.join(dir, 'secrets.json'), kind: 'file-0600' }),
  );
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function fieldOf(run: () => unknown): Promise<string> {
  return Promise.resolve()
    .then(run)
    .then(
      () => 'accepted',
      (error: unknown) =>
        error instanceof CorpValidationError ? error.field : `unexpected: ${String(error)}`,
    );
}

describe('CorpStore', () => {
  it('keeps secrets out of config.json and out of the DTO', async () => {
    const corp = await store.save({
      ...base,
      proxyUrl: 'socks5://10.0.0.1:1080',
      proxyCredentials: 'user:pw',
    });
    const config = await readFile(path.join(dir, 'config.json'), 'utf8');
    expect(config).not.toContain(base.secret);
    expect(config).not.toContain('user:pw');
    const dto = await store.toDto(corp);
    expect(JSON.stringify(dto)).not.toContain(base.secret);
    expect(dto).toMatchObject({ hasSecret: true, hasProxyCredentials: true, hasContactSecret: false });
    expect((await store.credentials(corp.id)).secret).toBe(base.secret);
  });

  it('writes config and secrets with mode 0600 and repairs a loose secrets file', async () => {
    await store.save(base);
    expect((await stat(path.join(dir, 'config.json'))).mode & 0o777).toBe(0o600);
    const secretsFile = path.join(dir, 'secrets.json');
    expect((await stat(secretsFile)).mode & 0o777).toBe(0o600);
    await chmod(secretsFile, 0o644);
    const reopened = createFileSecretStore({ file: secretsFile, kind: 'file-0600' });
    await reopened.get('anything');
    expect((await stat(secretsFile)).mode & 0o777).toBe(0o600);
  });

  it('keeps a stored secret when an edit omits it, and removes it with an empty string', async () => {
    const corp = await store.save(base);
    await store.save({ ...base, id: corp.id, name: '改名', secret: undefined } as CorpInputDto);
    expect((await store.credentials(corp.id)).secret).toBe(base.secret);
    expect((await store.get(corp.id))?.name).toBe('改名');
    await store.save({ ...base, id: corp.id, secret: '' });
    expect((await store.toDto((await store.get(corp.id))!)).hasSecret).toBe(false);
  });

  it('stores keys by version and removes every secret of a removed corp', async () => {
    const corp = await store.save(base);
    await store.setKey(corp.id, { version: 2, pem: 'PEM-TWO', fingerprint: 'ab'.repeat(8), verified: false });
    await store.setKey(corp.id, { version: 1, pem: 'PEM-ONE', fingerprint: 'cd'.repeat(8), verified: true });
    expect((await store.get(corp.id))?.keys.map((k) => k.version)).toEqual([1, 2]);
    expect((await store.credentials(corp.id)).privateKeys).toEqual({ 1: 'PEM-ONE', 2: 'PEM-TWO' });
    await store.markKeysVerified(corp.id, [2]);
    expect((await store.get(corp.id))?.keys.every((k) => k.verified)).toBe(true);
    await store.remove(corp.id);
    expect(await store.list()).toEqual([]);
    expect(await readFile(path.join(dir, 'secrets.json'), 'utf8')).not.toContain('PEM-');
  });

  it('validates every field with a specific message', async () => {
    expect(await fieldOf(() => store.save({ ...base, corpid: 'ww 1' }))).toBe('corpid');
    expect(await fieldOf(() => store.save({ ...base, secret: undefined } as CorpInputDto))).toBe('secret');
    expect(await fieldOf(() => store.save({ ...base, libraryPath: 'relative/lib.so' }))).toBe('libraryPath');
    expect(await fieldOf(() => store.save({ ...base, libraryPath: null }))).toBe('libraryPath');
    expect(await fieldOf(() => store.save({ ...base, proxyUrl: 'ftp://x:1' }))).toBe('proxyUrl');
    expect(await fieldOf(() => store.save({ ...base, proxyUrl: 'socks5://h:99999' }))).toBe('proxyUrl');
    expect(await fieldOf(() => store.save({ ...base, proxyCredentials: 'nocolon' }))).toBe(
      'proxyCredentials',
    );
    expect(await fieldOf(() => store.save({ ...base, apiBaseUrl: 'http://example.com' }))).toBe('apiBaseUrl');
    expect(await fieldOf(() => store.save({ ...base, apiBaseUrl: 'http://127.0.0.1:3000' }))).toBe(
      'accepted',
    );
    expect(await fieldOf(() => store.save({ ...base, corpid: base.corpid }))).toBe('corpid'); // duplicate
  });

  it('refuses to overwrite a corrupt config file and says where it is', async () => {
    await writeFile(path.join(dir, 'config.json'), '{ not json');
    await expect(store.list()).rejects.toThrow(/config\.json is not valid JSON/);
    expect(await readFile(path.join(dir, 'config.json'), 'utf8')).toBe('{ not json');
  });

  it('survives concurrent saves without losing either', async () => {
    await Promise.all([
      store.save(base),
      store.save({ ...base, corpid: 'wwsecondcorp000001', name: '第二' }),
      store.save({ ...base, corpid: 'wwthirdcorp0000001', name: '第三' }),
    ]);
    const fresh = new CorpStore(
      dir,
      createFileSecretStore({ file: path.join(dir, 'secrets.json'), kind: 'file-0600' }),
    );
    expect((await fresh.list()).map((c) => c.name).sort()).toEqual(['测试企业', '第三', '第二'].sort());
  });
});
