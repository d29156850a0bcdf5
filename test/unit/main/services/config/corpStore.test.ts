import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CorpInputDto } from '../../../../../main/contract';
import {
  CorpStore,
  CorpValidationError,
  LibraryNotConfirmedError,
  SecretRequiredError,
  type SaveCorpOptions,
} from '../../../../../main/services/config/corpStore';
import {
  checkSdkLibrary,
  dynamicExports,
  LibraryProblem,
} from '../../../../../main/services/config/libraryCheck';
import { createFileSecretStore } from '../../../../../main/services/config/secretStore';

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
/** Library paths the store's check was asked about (these tests' paths are not real files). */
let checked: string[];
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'corpstore-'));
  checked = [];
  store = new CorpStore(
    dir,
    createFileSecretStore({ file: path.join(dir, 'secrets.json'), kind: 'file-0600' }),
    async (libraryPath) => {
      checked.push(libraryPath);
    },
  );
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const SHA = 'ab'.repeat(32);

/** A save whose library path the user confirmed in main (what saveCorp passes after chooseLibrary). */
function save(input: CorpInputDto, options: SaveCorpOptions = {}) {
  return store.save(input, {
    confirmedLibrary: input.libraryPath ? { libraryPath: input.libraryPath, sha256: SHA } : null,
    ...options,
  });
}

/** 'accepted', what `told` reads from the CorpValidationError `run` throws, or 'unexpected: …' for any other error. */
function outcomeOf(run: () => unknown, told: (error: CorpValidationError) => string): Promise<string> {
  return Promise.resolve()
    .then(run)
    .then(
      () => 'accepted',
      (error: unknown) =>
        error instanceof CorpValidationError ? told(error) : `unexpected: ${String(error)}`,
    );
}

/** The field a refused save names. */
const fieldOf = (run: () => unknown): Promise<string> => outcomeOf(run, (error) => error.field);

describe('CorpStore', () => {
  it('keeps secrets out of config.json and out of the DTO', async () => {
    const corp = await save({
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
    await save(base);
    expect((await stat(path.join(dir, 'config.json'))).mode & 0o777).toBe(0o600);
    const secretsFile = path.join(dir, 'secrets.json');
    expect((await stat(secretsFile)).mode & 0o777).toBe(0o600);
    await chmod(secretsFile, 0o644);
    const reopened = createFileSecretStore({ file: secretsFile, kind: 'file-0600' });
    await reopened.get('anything');
    expect((await stat(secretsFile)).mode & 0o777).toBe(0o600);
  });

  it('keeps a stored secret when an edit omits it, and removes it with an empty string', async () => {
    const corp = await save(base);
    await save({ ...base, id: corp.id, name: '改名', secret: undefined } as CorpInputDto);
    expect((await store.credentials(corp.id)).secret).toBe(base.secret);
    expect((await store.get(corp.id))?.name).toBe('改名');
    await save({ ...base, id: corp.id, secret: '' });
    expect((await store.toDto((await store.get(corp.id))!)).hasSecret).toBe(false);
  });

  it('stores keys by version and removes every secret of a removed corp', async () => {
    const corp = await save(base);
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
    expect(await fieldOf(() => save({ ...base, corpid: 'ww 1' }))).toBe('corpid');
    expect(await fieldOf(() => save({ ...base, secret: undefined } as CorpInputDto))).toBe('secret');
    expect(await fieldOf(() => save({ ...base, libraryPath: 'relative/lib.so' }))).toBe('libraryPath');
    expect(await fieldOf(() => save({ ...base, libraryPath: null }))).toBe('libraryPath');
    expect(await fieldOf(() => save({ ...base, proxyUrl: 'ftp://x:1' }))).toBe('proxyUrl');
    expect(await fieldOf(() => save({ ...base, proxyUrl: 'socks5://h:99999' }))).toBe('proxyUrl');
    expect(await fieldOf(() => save({ ...base, proxyCredentials: 'nocolon' }))).toBe('proxyCredentials');
    expect(await fieldOf(() => save({ ...base, apiBaseUrl: 'http://example.com' }))).toBe('apiBaseUrl');
    // Only the official host: a loopback emulator is the demo's, which main marks (isDemo).
    expect(await fieldOf(() => save({ ...base, apiBaseUrl: 'http://127.0.0.1:3000' }))).toBe('apiBaseUrl');
    expect(await fieldOf(() => save({ ...base, apiBaseUrl: 'https://qyapi.weixin.qq.com.evil.test' }))).toBe(
      'apiBaseUrl',
    );
    expect(await fieldOf(() => save({ ...base, apiBaseUrl: 'https://x@qyapi.weixin.qq.com/' }))).toBe(
      'apiBaseUrl',
    );
    expect(await fieldOf(() => save({ ...base, apiBaseUrl: 'https://qyapi.weixin.qq.com/' }))).toBe(
      'accepted',
    );
    expect(await fieldOf(() => save({ ...base, corpid: base.corpid }))).toBe('corpid'); // duplicate
  });

  it('refuses to overwrite a corrupt config file and says where it is', async () => {
    await writeFile(path.join(dir, 'config.json'), '{ not json');
    await expect(store.list()).rejects.toThrow(/config\.json is not valid JSON/);
    expect(await readFile(path.join(dir, 'config.json'), 'utf8')).toBe('{ not json');
  });

  it('survives concurrent saves without losing either', async () => {
    await Promise.all([
      save(base),
      save({ ...base, corpid: 'ww5ec0dc0e0000001a', name: '第二' }),
      save({ ...base, corpid: 'wx7a1bdc0e0000001b', name: '第三' }),
    ]);
    const fresh = new CorpStore(
      dir,
      createFileSecretStore({ file: path.join(dir, 'secrets.json'), kind: 'file-0600' }),
    );
    expect((await fresh.list()).map((c) => c.name).sort()).toEqual(['测试企业', '第三', '第二'].sort());
  });

  it('stores the confirmed SHA-256 and refuses a new library path nobody confirmed in main', async () => {
    const corp = await save(base);
    expect((await store.toDto(corp)).librarySha256).toBe(SHA);
    await expect(
      store.save({ ...base, id: corp.id, libraryPath: '/tmp/other.so', secret: base.secret }),
    ).rejects.toBeInstanceOf(LibraryNotConfirmedError);
    // A confirmation for another path does not count.
    await expect(
      store.save(
        { ...base, id: corp.id, libraryPath: '/tmp/other.so', secret: base.secret },
        { confirmedLibrary: { libraryPath: '/tmp/else.so', sha256: SHA } },
      ),
    ).rejects.toBeInstanceOf(LibraryNotConfirmedError);
    // Unchanged path: kept with its hash, no confirmation needed.
    const renamed = await store.save({ ...base, id: corp.id, name: 'x', secret: undefined } as CorpInputDto);
    expect(renamed.librarySha256).toBe(SHA);
  });

  it('asks for the secret again when the API base URL, proxy or library changes', async () => {
    const corp = await save({ ...base, proxyUrl: 'socks5://10.0.0.1:1080', proxyCredentials: 'u:pw' });
    const edit = {
      ...base,
      id: corp.id,
      secret: undefined,
      proxyUrl: 'socks5://10.0.0.1:1080',
    } as CorpInputDto;
    const required = (run: () => Promise<unknown>) =>
      run().then(
        () => 'accepted',
        (error: unknown) => (error instanceof SecretRequiredError ? error.field : String(error)),
      );
    expect(await required(() => save({ ...edit, proxyUrl: 'socks5://10.9.9.9:1080' }))).toBe('secret');
    expect(
      await required(() => save({ ...edit, proxyUrl: 'socks5://10.9.9.9:1080', secret: base.secret })),
    ).toBe('proxyCredentials');
    expect(await required(() => save({ ...edit, libraryPath: '/opt/new/lib.so' }))).toBe('secret');
    // The same path confirmed again with other bytes is a new library too.
    expect(
      await required(() =>
        store.save(edit, {
          confirmedLibrary: { libraryPath: base.libraryPath ?? '', sha256: 'cd'.repeat(32) },
        }),
      ),
    ).toBe('secret');
    // Nothing moved: the stored secrets stay.
    expect(await required(() => store.save({ ...edit, name: '改名' }))).toBe('accepted');
    // Re-entered: accepted, and the new values are the stored ones.
    expect(
      await required(() =>
        save({
          ...edit,
          proxyUrl: 'socks5://10.9.9.9:1080',
          secret: 'new-secret',
          proxyCredentials: 'v:pw2',
        }),
      ),
    ).toBe('accepted');
    expect(await store.credentials(corp.id)).toMatchObject({
      secret: 'new-secret',
      proxyCredentials: 'v:pw2',
    });
  });

  it('lets only main mark a demo corp, whose API URL is the loopback emulator', async () => {
    const demo = await store.save(
      { ...base, libraryPath: null, apiBaseUrl: 'http://127.0.0.1:4100' },
      { isDemo: true },
    );
    expect(demo.isDemo).toBe(true);
    // Main moves the demo to a new emulator port without the secret (DemoArchive.pointAtEmulator).
    const moved = await store.save({
      ...base,
      id: demo.id,
      libraryPath: null,
      secret: undefined,
      apiBaseUrl: 'http://127.0.0.1:4200',
    } as CorpInputDto);
    expect(moved.apiBaseUrl).toBe('http://127.0.0.1:4200');
    expect(
      await fieldOf(() =>
        store.save({ ...base, id: demo.id, libraryPath: null, apiBaseUrl: 'https://evil.test' }),
      ),
    ).toBe('apiBaseUrl');
  });
});

/** The field and detail a refused save names, as `field:detail`. */
const detailOf = (run: () => unknown): Promise<string> =>
  outcomeOf(run, (error) => `${error.field}:${error.detail ?? ''}`);

describe('corp settings refused up front (issue 14)', () => {
  it('accepts only WeCom corp IDs ("ww"/"wx" + 16 hex), the demo corp and the stand-in\'s corps', async () => {
    expect(await detailOf(() => save({ ...base, corpid: 'ww0123456789ABCDEF' }))).toBe('accepted');
    expect(await detailOf(() => save({ ...base, corpid: 'wx0123456789abcdef' }))).toBe('accepted');
    for (const corpid of [
      'ww0123456789abcde', // 15 hex
      'ww0123456789abcdef0', // 17 hex
      'wz0123456789abcdef',
      'ww0123456789abcdeg',
      '1000002', // an agent ID
      'wwdemo00000000001',
    ]) {
      expect(await detailOf(() => save({ ...base, corpid })), corpid).toBe('corpid:corpid-format');
    }
    // The bundled stand-in's corps (main reads them from its corpus) and the demo corp main marks.
    expect(
      await detailOf(() =>
        save({ ...base, corpid: 'wwdemo00000000001' }, { standinCorpids: new Set(['wwdemo00000000001']) }),
      ),
    ).toBe('accepted');
    expect(
      await detailOf(() =>
        store.save(
          { ...base, corpid: 'wwtestmain0000001', libraryPath: null, apiBaseUrl: 'http://127.0.0.1:4100' },
          { isDemo: true },
        ),
      ),
    ).toBe('accepted');
    expect(await detailOf(() => save({ ...base, corpid: 'wx0123456789abcdef', name: 'again' }))).toBe(
      'corpid:corpid-duplicate',
    );
  });

  it('checks the library on every save that names one, and says which rule it broke', async () => {
    await save(base);
    expect(checked).toEqual([base.libraryPath]);
    const real = new CorpStore(
      dir,
      createFileSecretStore({ file: path.join(dir, 'secrets.json'), kind: 'file-0600' }),
    );
    const saveWith = (libraryPath: string) =>
      real.save(
        { ...base, corpid: 'ww00000000000000aa', libraryPath },
        { confirmedLibrary: { libraryPath, sha256: SHA } },
      );
    expect(await detailOf(() => saveWith(path.join(dir, 'absent.so')))).toBe('libraryPath:library-missing');
    expect(await detailOf(() => saveWith(dir))).toBe('libraryPath:library-not-file');
    const text = path.join(dir, 'notes.so');
    await writeFile(text, 'not a library');
    expect(await detailOf(() => saveWith(text))).toBe('libraryPath:library-not-elf');
    const arm = path.join(dir, 'arm64.so');
    await writeFile(arm, elfHeader(183));
    expect(await detailOf(() => saveWith(arm))).toBe('libraryPath:library-wrong-arch');
    // A real x86-64 shared library that is not the SDK (the C library): its missing exports are named.
    const libc = [
      '/lib/x86_64-linux-gnu/libc.so.6',
      '/usr/lib/x86_64-linux-gnu/libc.so.6',
      '/lib64/libc.so.6',
    ].find((file) => existsSync(file));
    expect(libc).toBeDefined();
    await expect(checkSdkLibrary(libc ?? '')).rejects.toSatisfy(
      (error) =>
        error instanceof LibraryProblem &&
        error.kind === 'library-exports' &&
        /DecryptData/.test(error.message) &&
        /IsMediaDataFinish/.test(error.message),
    );
    expect(await detailOf(() => saveWith(libc ?? ''))).toBe('libraryPath:library-exports');
    // Nothing refused was saved.
    expect((await real.list()).map((corp) => corp.corpid)).toEqual([base.corpid]);
  });

  it('reads the dynamic symbol table of an ELF file', async () => {
    const names = dynamicExports(await readFile(process.execPath));
    expect(names?.has('napi_create_string_utf8')).toBe(true);
    expect(names?.has('DecryptData')).toBe(false);
    expect(dynamicExports(Buffer.from('short'))).toBeNull();
  });
});

/** The first 64 bytes of a little-endian ELF64 shared object for `machine`, without sections. */
function elfHeader(machine: number): Buffer {
  const header = Buffer.alloc(64);
  header.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1], 0);
  header.writeUInt16LE(3, 16); // ET_DYN
  header.writeUInt16LE(machine, 18);
  return header;
}
