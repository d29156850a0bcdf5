import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, openSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FINANCE_SDK_SYMBOLS, loadFinanceSdk, type FinanceSdk } from '../../native/bindings/financeSdk';
import { SdkLoadError, type SdkLoadErrorKind } from '../../native/bindings/sdkErrors';
import { TEST_CORPS } from '../../native/standin/corpus/index';
import { HostRequestError } from '../../main/services/sdkHost/hostErrors';
import type { SdkHostClient } from '../../main/services/sdkHost/sdkHostClient';
import { corpusMessages, mediaFiles, md5, paths, privateKeysOf, startHost } from './support';

/** The built stand-in's ABI, the in-process bindings over all 17 exports, and classified load failures. */

const brokenDir = path.join(paths.scratchDir, 'broken-libraries');

function gccSharedLibrary(name: string, source: string): string {
  mkdirSync(brokenDir, { recursive: true });
  const sourcePath = path.join(brokenDir, `${name}.c`);
  const libraryPath = path.join(brokenDir, `${name}.so`);
  writeFileSync(sourcePath, source);
  execFileSync('gcc', ['-shared', '-fPIC', '-o', libraryPath, sourcePath]);
  return libraryPath;
}

const brokenLibraries: Array<{ name: string; kind: SdkLoadErrorKind; make: () => string; detail: RegExp }> = [
  {
    name: 'missing file',
    kind: 'missing-file',
    make: () => path.join(brokenDir, 'does-not-exist.so'),
    detail: /ENOENT/,
  },
  {
    name: 'a directory',
    kind: 'missing-file',
    make: () => brokenDir,
    detail: /not a regular file/,
  },
  {
    name: 'a text file',
    kind: 'not-elf',
    make: () => {
      const file = path.join(brokenDir, 'readme.so');
      writeFileSync(file, 'This is not a shared library.\n');
      return file;
    },
    detail: /no ELF magic/,
  },
  {
    name: 'an aarch64 build',
    kind: 'wrong-arch',
    make: () => {
      const file = path.join(brokenDir, 'aarch64.so');
      copyFileSync(paths.library, file);
      const fd = openSync(file, 'r+');
      writeSync(fd, Buffer.from([183, 0]), 0, 2, 18); // e_machine = EM_AARCH64
      closeSync(fd);
      return file;
    },
    detail: /AArch64.*183/,
  },
  {
    name: 'an unresolved symbol',
    kind: 'dlopen-failed',
    make: () =>
      gccSharedLibrary(
        'unresolved',
        'extern int wework_symbol_nobody_defines(void);\nint NewSdk(void) { return wework_symbol_nobody_defines(); }\n',
      ),
    detail: /undefined symbol: wework_symbol_nobody_defines/,
  },
  {
    name: 'only three of the 17 exports',
    kind: 'missing-exports',
    make: () =>
      gccSharedLibrary(
        'partial',
        'void *NewSdk(void) { return 0; }\nint Init(void *s, const char *c, const char *k) { return 0; }\nvoid DestroySdk(void *s) {}\n',
      ),
    detail: /missing 14 of 17: GetChatData, DecryptData, GetMediaData/,
  },
];

describe('the built stand-in library', () => {
  it('exports exactly the 17 functions of the header, all as code', () => {
    const listing = execFileSync('nm', ['-D', '--defined-only', paths.library], { encoding: 'utf8' });
    const defined = listing
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => fields.length === 3)
      .map(([, type, name]) => ({ type, name }));
    expect(defined.map(({ name }) => name).sort()).toEqual([...FINANCE_SDK_SYMBOLS].sort());
    expect(defined.every(({ type }) => type === 'T')).toBe(true);
  });
});

describe('load failures are classified before and during dlopen', () => {
  beforeAll(() => mkdirSync(brokenDir, { recursive: true }));

  for (const broken of brokenLibraries) {
    it(`in process: ${broken.name} → ${broken.kind}`, () => {
      const libraryPath = broken.make();
      let caught: unknown;
      try {
        loadFinanceSdk(libraryPath);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(SdkLoadError);
      const error = caught as SdkLoadError;
      expect(error.kind).toBe(broken.kind);
      expect(error.message).toContain(libraryPath);
      expect(error.message).toMatch(broken.detail);
      if (broken.kind === 'missing-exports') expect(error.missingSymbols).toHaveLength(14);
    });
  }

  it('through the host: load-failed with the kind, and the host stays usable', async () => {
    const { client } = startHost();
    try {
      for (const broken of brokenLibraries) {
        const libraryPath = broken.make();
        const error = await client.load({ libraryPath }).catch((caught: unknown) => caught);
        expect(error, broken.name).toBeInstanceOf(HostRequestError);
        expect(error).toMatchObject({ code: 'load-failed', loadKind: broken.kind });
        expect((error as Error).message).toMatch(broken.detail);
      }
      const partial = await client
        .load({ libraryPath: path.join(brokenDir, 'partial.so') })
        .catch((caught: unknown) => caught as HostRequestError);
      expect(partial).toMatchObject({
        missingSymbols: expect.arrayContaining(['GetChatData', 'IsMediaDataFinish']),
      });
      const loaded = await client.load({ libraryPath: paths.library });
      expect(loaded.symbols).toEqual([...FINANCE_SDK_SYMBOLS]);
    } finally {
      await client.close();
    }
  });
});

describe('in-process bindings over all 17 exports', () => {
  let sdk: FinanceSdk;
  const corp = TEST_CORPS.main;

  beforeAll(() => {
    // The stand-in reads its corpus root once, on first use, from this process's environment.
    process.env.WEWORK_STANDIN_DATA = paths.corpusDir;
    delete process.env.WEWORK_STANDIN_FAULTS;
    sdk = loadFinanceSdk(paths.library);
  });

  afterAll(() => {
    expect(sdk.openSlices).toBe(0);
    expect(sdk.openMediaData).toBe(0);
  });

  it('runs a pull, a decryption and a chunked download with every export, freeing each struct', async () => {
    const { fn } = sdk;
    const handle = fn.NewSdk();
    expect(handle).not.toBeNull();
    if (handle === null) return;
    try {
      expect(fn.Init(handle, corp.corpid, corp.secret)).toBe(0);

      const slice = fn.NewSlice();
      expect(slice).not.toBeNull();
      if (slice === null) return;
      let raw: string;
      try {
        expect(await fn.GetChatData(handle, 0n, 3, '', '', 5, slice)).toBe(0);
        const length = fn.GetSliceLen(slice);
        expect(length).toBeGreaterThan(0);
        expect(fn.GetContentFromSlice(slice)).not.toBeNull();
        raw = await sdk.getChatData(handle, { seq: 0n, limit: 3, proxy: '', passwd: '', timeout: 5 });
        expect(Buffer.byteLength(raw)).toBe(length);
      } finally {
        fn.FreeSlice(slice);
      }

      const [first] = (await corpusMessages(corp.corpid)).slice(0, 1);
      const envelope = JSON.parse(raw.replace(/"seq":(\d+)/g, '"seq":"$1"')).chatdata[0] as {
        seq: string;
        publickey_ver: number;
        encrypt_random_key: string;
        encrypt_chat_msg: string;
      };
      expect(envelope.seq).toBe(first?.seq.toString());
      const { createRandomKeyDecryptor } = await import('../../native/bindings/rsa');
      const rsa = createRandomKeyDecryptor('auto');
      const keys = await privateKeysOf(corp);
      const randomKey = rsa.decrypt(keys[envelope.publickey_ver] ?? '', envelope.encrypt_random_key);
      rsa.dispose();
      const decrypted = sdk.decryptData(randomKey, envelope.encrypt_chat_msg);
      expect(decrypted.ok && Buffer.from(decrypted.plaintext).equals(first?.body ?? Buffer.alloc(0))).toBe(
        true,
      );

      const media = (await mediaFiles(corp.corpid)).find((file) => file.size > 512 * 1024);
      expect(media).toBeDefined();
      if (!media) return;
      const mediaData = fn.NewMediaData();
      expect(mediaData).not.toBeNull();
      if (mediaData === null) return;
      try {
        expect(await fn.GetMediaData(handle, '', media.sdkfileid, '', '', 5, mediaData)).toBe(0);
        expect(fn.GetDataLen(mediaData)).toBe(512 * 1024);
        expect(fn.GetData(mediaData)).not.toBeNull();
        expect(fn.IsMediaDataFinish(mediaData)).toBe(0);
        expect(fn.GetIndexLen(mediaData)).toBe(
          `Range:bytes=524288-${Math.min(media.size, 1048576) - 1}`.length,
        );
        expect(fn.GetOutIndexBuf(mediaData)).not.toBeNull();
      } finally {
        fn.FreeMediaData(mediaData);
      }
      const parts: Buffer[] = [];
      let indexbuf = '';
      for (;;) {
        const chunk = await sdk.getMediaChunk(handle, {
          sdkfileid: media.sdkfileid,
          indexbuf,
          proxy: '',
          passwd: '',
          timeout: 5,
        });
        parts.push(chunk.data);
        if (chunk.isFinish) break;
        indexbuf = chunk.outIndexBuf;
      }
      expect(md5(Buffer.concat(parts))).toBe(media.md5);
    } finally {
      fn.DestroySdk(handle);
    }
    for (const symbol of FINANCE_SDK_SYMBOLS) expect(sdk.calls[symbol], symbol).toBeGreaterThan(0);
  });

  it('returns SDK codes for bad arguments instead of crashing', async () => {
    const handle = sdk.createHandle(TEST_CORPS.main.corpid, TEST_CORPS.main.secret);
    try {
      await expect(
        sdk.getChatData(handle, { seq: 0n, limit: 0, proxy: '', passwd: '', timeout: 5 }),
      ).rejects.toMatchObject({ sdkCode: 10000 });
      await expect(
        sdk.getMediaChunk(handle, { sdkfileid: '', indexbuf: '', proxy: '', passwd: '', timeout: 5 }),
      ).rejects.toMatchObject({ sdkCode: 10000 });
      expect(sdk.decryptData('not-a-valid-key', 'AAAA')).toEqual({ ok: false, sdkCode: 10008 });
    } finally {
      sdk.destroyHandle(handle);
    }
  });
});

describe('every export is used by the host', () => {
  let client: SdkHostClient;

  afterAll(async () => {
    await client.close();
  });

  it('counts calls of all 17 functions and leaves no Slice/MediaData open', async () => {
    ({ client } = startHost());
    const corp = TEST_CORPS.main;
    await client.load({ libraryPath: paths.library });
    await client.init({ corpid: corp.corpid, secret: corp.secret, mediaHandles: 1 });
    const raw = (await client.getChatData({ seq: '0', limit: 2, proxy: '', passwd: '', timeout: 5 })).raw;
    const envelope = JSON.parse(raw.replace(/"seq":(\d+)/g, '"seq":"$1"')).chatdata[0] as {
      msgid: string;
      publickey_ver: number;
      encrypt_random_key: string;
      encrypt_chat_msg: string;
    };
    const keys = await privateKeysOf(corp);
    const { randomKey } = await client.decryptRandomKey({
      privateKeyPem: keys[envelope.publickey_ver] ?? '',
      encryptRandomKey: envelope.encrypt_random_key,
    });
    await client.decryptData({ encryptKey: randomKey, encryptMsg: envelope.encrypt_chat_msg });
    const [media] = await mediaFiles(corp.corpid);
    if (!media) throw new Error('the test corpus has no media');
    await client.getMediaChunk({
      sdkfileid: media.sdkfileid,
      indexbuf: '',
      proxy: '',
      passwd: '',
      timeout: 5,
    });
    // A second init replaces the handles; the old ones are destroyed (DestroySdk) once idle.
    await client.init({ corpid: corp.corpid, secret: corp.secret, mediaHandles: 1 });
    const stats = await client.stats();
    for (const symbol of FINANCE_SDK_SYMBOLS) expect(stats.calls[symbol], symbol).toBeGreaterThan(0);
    expect(stats.calls.DestroySdk).toBe(2);
    expect(stats.calls.NewSlice).toBe(stats.calls.FreeSlice);
    expect(stats.calls.NewMediaData).toBe(stats.calls.FreeMediaData);
    expect(stats).toMatchObject({ openSlices: 0, openMediaData: 0, handles: 2 });
  });
});
