import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prepareDataDir } from '../../../../../main/services/config/dataDirHygiene';
import {
  CONFIRMATION_TTL_MS,
  inspectLibrary,
  LibraryConfirmations,
  LibraryTrustError,
  LibraryVerifier,
} from '../../../../../main/services/config/libraryTrust';
import { MEDIA_TOKEN_IDLE_MS, MediaTokens } from '../../../../../main/services/media/mediaTokens';
import {
  classifyForOpen,
  decontrolName,
  fileTypeOf,
  OPEN_NONCE_TTL_MS,
  OpenNonces,
} from '../../../../../main/services/media/openWithGate';
import { minimalHostEnvironment } from '../../../../../main/services/sdkHost/hostEnvironment';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'gates-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const trustCode = (run: () => unknown): Promise<string> =>
  Promise.resolve()
    .then(run)
    .then(
      () => 'accepted',
      (error: unknown) =>
        error instanceof LibraryTrustError ? `${error.code}/${error.detail ?? ''}` : String(error),
    );

function syncCode(run: () => unknown): string {
  try {
    run();
    return 'accepted';
  } catch (error) {
    return error instanceof LibraryTrustError ? `${error.code}/${error.detail ?? ''}` : String(error);
  }
}

describe('library trust', () => {
  it('hashes the chosen file and checks it again before use', async () => {
    const lib = path.join(dir, 'lib.so');
    await writeFile(lib, 'first bytes');
    const library = await inspectLibrary(lib);
    expect(library.sha256).toBe(createHash('sha256').update('first bytes').digest('hex'));

    const verifier = new LibraryVerifier();
    await verifier.verify({ libraryPath: lib, librarySha256: library.sha256 });
    expect(await trustCode(() => verifier.verify({ libraryPath: lib, librarySha256: null }))).toBe(
      'library-unconfirmed/',
    );
    // Same size, other bytes, same mtime: the ctime still changes, so the cache is not fooled.
    const { mtime } = await stat(lib);
    await writeFile(lib, 'other bytes');
    await utimes(lib, mtime, mtime);
    expect(await trustCode(() => verifier.verify({ libraryPath: lib, librarySha256: library.sha256 }))).toBe(
      'library-changed/',
    );
    await rm(lib);
    expect(await trustCode(() => verifier.verify({ libraryPath: lib, librarySha256: library.sha256 }))).toBe(
      'library-changed/',
    );
    // The bundled stand-in (no path) is main's own choice.
    await verifier.verify({ libraryPath: null, librarySha256: null });
    expect(await trustCode(() => inspectLibrary('relative.so'))).toBe('library-unconfirmed/');
    expect(await trustCode(() => inspectLibrary(dir))).toBe('library-unconfirmed/');
  });

  it('accepts a terminal code once, refuses wrong, reused and expired ones', () => {
    let now = 1_000;
    const choices = new LibraryConfirmations({ now: () => now });
    const library = { libraryPath: '/opt/lib.so', sha256: 'ab'.repeat(32) };
    const { challengeId, code } = choices.issueCode(library);
    expect(code).toMatch(/^[A-HJKMNP-Z2-9]{10}$/);
    expect(choices.take(library.libraryPath)).toBeNull(); // not confirmed before the code
    expect(syncCode(() => choices.redeemCode(challengeId, 'WRONGWRONG'))).toBe(
      'confirmation-invalid/wrong-code',
    );
    // Dashes, spaces and case do not matter.
    const typed = `${code.slice(0, 5).toLowerCase()}- ${code.slice(5)}`;
    expect(choices.redeemCode(challengeId, typed)).toEqual(library);
    expect(syncCode(() => choices.redeemCode(challengeId, code))).toBe('confirmation-invalid/unknown');
    expect(choices.take(library.libraryPath)).toEqual(library);
    expect(choices.take(library.libraryPath)).toBeNull(); // single use

    const second = choices.issueCode(library);
    for (let i = 0; i < 2; i += 1)
      expect(syncCode(() => choices.redeemCode(second.challengeId, 'X'))).toBe(
        'confirmation-invalid/wrong-code',
      );
    expect(syncCode(() => choices.redeemCode(second.challengeId, 'X'))).toBe(
      'confirmation-invalid/too-many-attempts',
    );
    // Guessing ended the challenge: the right code no longer works either.
    expect(syncCode(() => choices.redeemCode(second.challengeId, second.code))).toBe(
      'confirmation-invalid/unknown',
    );

    const third = choices.issueCode(library);
    now += CONFIRMATION_TTL_MS + 1;
    expect(syncCode(() => choices.redeemCode(third.challengeId, third.code))).toBe(
      'confirmation-invalid/expired',
    );
    choices.confirm(library);
    now += CONFIRMATION_TTL_MS + 1;
    expect(choices.take(library.libraryPath)).toBeNull();
  });
});

describe('open-with gate', () => {
  it('writes out bidi and invisible characters and takes the type after the last dot', () => {
    expect(decontrolName('photo\u202Egpj.exe')).toBe('photo<U+202E>gpj.exe');
    expect(decontrolName('a\u200B\u2066b\u0007.pdf')).toBe('a<U+200B><U+2066>b<U+0007>.pdf');
    expect(decontrolName('报告.docx')).toBe('报告.docx');
    expect(fileTypeOf(decontrolName('invoice\u202Efdp.sh'))).toBe('sh');
    expect(fileTypeOf('README')).toBe('');
    expect(fileTypeOf('.bashrc')).toBe('');
    expect(fileTypeOf('Archive.TAR.GZ')).toBe('gz');
  });

  it('flags executable and script types, and ELF or #! files without an extension', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    const elf = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1]);
    for (const type of ['desktop', 'sh', 'jar', 'exe', 'html', 'svg', 'py', 'js', 'AppImage', 'deb']) {
      expect(classifyForOpen(`x.${type}`, png), type).toEqual({
        fileType: type.toLowerCase(),
        dangerous: true,
      });
    }
    expect(classifyForOpen('photo.jpg', png)).toEqual({ fileType: 'jpg', dangerous: false });
    expect(classifyForOpen('tool', elf)).toEqual({ fileType: 'ELF', dangerous: true });
    expect(classifyForOpen('tool', new TextEncoder().encode('#!/bin/sh'))).toEqual({
      fileType: 'script (#!)',
      dangerous: true,
    });
    expect(classifyForOpen('photo.jpg', elf).dangerous).toBe(true);
    expect(classifyForOpen('notes', new TextEncoder().encode('hello'))).toEqual({
      fileType: '',
      dangerous: false,
    });
  });

  it('honours a nonce once and only before it expires', () => {
    let now = 0;
    const nonces = new OpenNonces(() => now);
    const pending = {
      corpId: 'c',
      sdkfileid: 's',
      fileName: 'a.sh',
      displayName: 'a.sh',
      fileType: 'sh',
      dangerous: true,
    };
    const { nonce } = nonces.issue(pending);
    expect(nonces.take(nonce)).toMatchObject(pending);
    expect(nonces.take(nonce)).toBeNull();
    const late = nonces.issue(pending);
    now += OPEN_NONCE_TTL_MS + 1;
    expect(nonces.take(late.nonce)).toBeNull();
  });
});

describe('media tokens', () => {
  it('expire after ten idle minutes, refreshed on every use', async () => {
    let now = 0;
    const tokens = new MediaTokens(dir, () => now);
    const file = path.join(dir, 'inside');
    await writeFile(file, 'x');
    const token = tokens.issue({ file, mime: 'image/png' });
    now += MEDIA_TOKEN_IDLE_MS - 1;
    expect(await tokens.resolve(token)).not.toBeNull();
    now += MEDIA_TOKEN_IDLE_MS - 1; // still alive: the resolve above refreshed it
    expect(await tokens.resolve(token)).not.toBeNull();
    now += MEDIA_TOKEN_IDLE_MS + 1;
    expect(await tokens.resolve(token)).toBeNull();
    now = 0;
    expect(await tokens.resolve(token)).toBeNull(); // forgotten, not merely late
  });
});

describe('data directory at start', () => {
  it('tightens a loose mode to 0700 and removes stale secret temp files only', async () => {
    const data = path.join(dir, 'data');
    await mkdir(data);
    await chmod(data, 0o755);
    const stale = ['secrets.json.0123456789ab.tmp', 'config.json.abcdefabcdef.tmp'];
    const kept = ['secrets.json', 'secrets.json.bak', 'notes.json.0123456789ab.tmp'];
    for (const name of [...stale, ...kept]) await writeFile(path.join(data, name), 'x');
    const report = await prepareDataDir(data);
    expect(report).toEqual({
      previousMode: 0o755,
      removedTempFiles: expect.arrayContaining(stale) as unknown,
    });
    expect((await stat(data)).mode & 0o777).toBe(0o700);
    expect((await readdir(data)).sort()).toEqual([...kept].sort());

    const fresh = path.join(dir, 'new', 'nested');
    expect(await prepareDataDir(fresh)).toEqual({ previousMode: null, removedTempFiles: [] });
    expect((await stat(fresh)).mode & 0o777).toBe(0o700);
  });
});

describe('SDK host environment', () => {
  it('passes locale, time zone, PATH and stand-in controls, nothing else', () => {
    const env = minimalHostEnvironment(
      {
        PATH: '/usr/bin',
        LANG: 'zh_CN.UTF-8',
        LC_ALL: 'C',
        TZ: 'Asia/Shanghai',
        HOME: '/home/u',
        GITHUB_TOKEN: 'ghp_secret',
        AWS_SECRET_ACCESS_KEY: 'k',
        SSH_AUTH_SOCK: '/tmp/agent',
        WECOM_ARCHIVE_TOKEN: 't',
        http_proxy: 'http://u:p@proxy:3128',
        WEWORK_STANDIN_DATA: '/d',
        NODE_OPTIONS: '--require /tmp/evil.js',
      },
      { WEWORK_STANDIN_FAULTS: 'x' },
    );
    expect(env).toEqual({
      PATH: '/usr/bin',
      LANG: 'zh_CN.UTF-8',
      LC_ALL: 'C',
      TZ: 'Asia/Shanghai',
      WEWORK_STANDIN_DATA: '/d',
      WEWORK_STANDIN_FAULTS: 'x',
    });
  });
});
