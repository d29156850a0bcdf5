import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileSecretStore, type SecretCipher } from '../../../../../main/services/config/secretStore';
import { DATA_KEY_SECRET, DataKeyService } from '../../../../../main/services/dataKey/dataKeyService';

/** Stands in for safeStorage: what reaches the file is not the plain text. */
const wrapping: SecretCipher = {
  encrypt: (plain) => `wrapped:${Buffer.from(plain).reverse().toString('hex')}`,
  decrypt: (stored) => Buffer.from(stored.slice('wrapped:'.length), 'hex').reverse().toString(),
};

describe('the archive data key (main/services/dataKey)', () => {
  it('is 32 random bytes, created once and kept in the secret store, wrapped by its cipher', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'datakey-')), 'secrets.json');
    const store = () => createFileSecretStore({ file, kind: 'safeStorage', cipher: wrapping });
    const first = await new DataKeyService(store()).get();
    expect(Buffer.from(first.key, 'base64')).toHaveLength(32);
    expect(await new DataKeyService(store()).get()).toEqual(first);
    const onDisk = readFileSync(file, 'utf8');
    expect(onDisk).toContain(DATA_KEY_SECRET);
    expect(onDisk).not.toContain(first.key);
    expect(statSync(file).mode & 0o077).toBe(0);
  });

  it('refuses a damaged stored key instead of handing out a wrong one', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'datakey-')), 'secrets.json');
    const store = createFileSecretStore({ file, kind: 'file-0600' });
    await store.set(DATA_KEY_SECRET, 'c2hvcnQ=');
    await expect(new DataKeyService(store).get()).rejects.toThrow(/damaged/);
  });
});
