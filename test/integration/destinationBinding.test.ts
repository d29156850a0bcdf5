import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ArchiveError, CorpDto, CorpInputDto, MethodName, Result } from '../../main/contract';
import { createArchiveService } from '../../main/services/archiveService';
import type { ArchiveService } from '../../main/services/archiveService.types';
import { createFileSecretStore } from '../../main/services/config/secretStore';
import { createNodeHostLauncher } from '../../main/services/sdkHost/nodeHostLauncher';
import { TEST_CORPS } from '../../native/standin/corpus/index';
import { buildMarkerLibrary } from '../e2e/support/markerLibrary';
import { mediaFiles, paths } from './support';

/**
 * Issue 17, findings 1 and 2 as probes against the real service and SDK host:
 * - a capture server on another loopback port must receive nothing when saveCorp tries to move a
 *   corp's API base URL or proxy there without the secret being entered again;
 * - a hostile library (its constructor writes a marker file) must not be loaded unless the user
 *   confirmed that very file in main — and a confirmed file swapped on disk is refused too.
 */

/** Hand-configured corps use another corp than the demo's (a corp ID is configured once). */
const corp = TEST_CORPS.bigseq;

interface Harness {
  service: ArchiveService;
  dataDir: string;
  terminal: string[];
  logs: string[];
  /** Files handed to "the desktop" (openPath). */
  opened: string[];
  call<M extends MethodName>(method: M, params: unknown): Promise<Result<unknown>>;
}

const harnesses: Harness[] = [];

async function harness(): Promise<Harness> {
  const dataDir = await mkdtemp(path.join(paths.scratchDir, 'destination-'));
  const terminal: string[] = [];
  const logs: string[] = [];
  const opened: string[] = [];
  const service = createArchiveService({
    shell: 'web',
    version: 'test',
    dataDir,
    secretStore: createFileSecretStore({ kind: 'file-0600', file: path.join(dataDir, 'secrets.json') }),
    hostLauncher: createNodeHostLauncher({
      hostBundle: paths.hostBundle,
      // The stand-in finds its corpus through this variable, for hand-configured corps too.
      env: { ...process.env, WEWORK_STANDIN_DATA: paths.corpusDir, WEWORK_STANDIN_FAULTS: '' },
      output: (stream, line) => logs.push(`${stream}: ${line}`),
    }),
    demo: { libraryPath: paths.library, corpusDir: paths.corpusDir },
    log: (level, message, fields) => logs.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`),
    confirmations: { kind: 'terminal', print: (line) => terminal.push(line) },
    openPath: async (file) => {
      opened.push(file);
    },
  });
  const h: Harness = {
    service,
    dataDir,
    terminal,
    logs,
    opened,
    call: (method, params) => service.handle(method, params),
  };
  harnesses.push(h);
  return h;
}

afterEach(async () => {
  for (const h of harnesses.splice(0)) {
    await h.service.close();
    await rm(h.dataDir, { recursive: true, force: true });
  }
});

function value<T>(answer: Result<unknown>): T {
  if (!answer.ok) throw new Error(`expected ok, got ${JSON.stringify(answer.error)}`);
  return answer.value as T;
}

function error(answer: Result<unknown>): ArchiveError {
  if (answer.ok) throw new Error(`expected a refusal, got ${JSON.stringify(answer.value)}`);
  return answer.error;
}

/** The code the shell printed in its terminal for the last library confirmation. */
function printedCode(h: Harness): string {
  const line = [...h.terminal].reverse().find((l) => l.includes('Code / 确认码'));
  const code = /([A-Z0-9]{5}-[A-Z0-9]{5})/.exec(line ?? '')?.[1];
  if (!code) throw new Error(`no code in the terminal: ${h.terminal.join('\n')}`);
  return code;
}

/** What a user of the browser shell does: type the path, read the code in the terminal, type it. */
async function confirmLibrary(h: Harness, libraryPath: string): Promise<string> {
  const choice = value<{ state: string; challengeId: string; sha256: string }>(
    await h.call('chooseLibrary', { libraryPath }),
  );
  expect(choice.state).toBe('code-required');
  expect(h.terminal.join('\n')).toContain(choice.sha256);
  const confirmed = value<{ state: string; sha256: string }>(
    await h.call('confirmLibraryCode', { challengeId: choice.challengeId, code: printedCode(h) }),
  );
  expect(confirmed.state).toBe('confirmed');
  return confirmed.sha256;
}

function handInput(libraryPath: string, overrides: Partial<CorpInputDto> = {}): CorpInputDto {
  return {
    corpid: corp.corpid,
    name: 'hand-configured',
    secret: corp.secret,
    libraryPath,
    proxyUrl: null,
    timeoutSec: 5,
    batchLimit: 100,
    apiBaseUrl: 'https://qyapi.weixin.qq.com',
    scheduleMinutes: null,
    ...overrides,
  };
}

function editOf(dto: CorpDto, overrides: Partial<CorpInputDto>): CorpInputDto {
  return {
    id: dto.id,
    corpid: dto.corpid,
    name: dto.name,
    libraryPath: dto.libraryPath,
    proxyUrl: dto.proxyUrl,
    timeoutSec: dto.timeoutSec,
    batchLimit: dto.batchLimit,
    apiBaseUrl: dto.apiBaseUrl,
    scheduleMinutes: dto.scheduleMinutes,
    ...overrides,
  };
}

describe('secrets bound to their destination (capture server)', () => {
  let capture: Server;
  let captureUrl: string;
  const received: Buffer[] = [];
  let connections = 0;

  beforeAll(async () => {
    capture = createServer((socket) => {
      connections += 1;
      socket.on('data', (chunk: Buffer) => received.push(chunk));
      socket.on('error', () => undefined);
      // Answer like a proxy that refuses, so a client that did come here fails fast.
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
    });
    await new Promise<void>((resolve) => capture.listen(0, '127.0.0.1', resolve));
    const address = capture.address();
    if (!address || typeof address === 'string') throw new Error('no capture address');
    captureUrl = `http://127.0.0.1:${address.port}`;
  });
  afterAll(() => new Promise<void>((resolve) => capture.close(() => resolve())));

  it('refuses to move a stored secret to another API host or proxy; the capture server hears nothing', async () => {
    const h = await harness();
    const demo = value<CorpDto>(await h.call('enableDemo', {}));
    const emulatorUrl = demo.apiBaseUrl;
    expect(emulatorUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    // The renderer cannot point the demo (main's emulator) elsewhere: the URL stays main's.
    const moved = value<CorpDto>(await h.call('saveCorp', editOf(demo, { apiBaseUrl: captureUrl })));
    expect(moved.apiBaseUrl).toBe(emulatorUrl);
    // A new proxy without the secret typed again is refused with a specific error.
    const viaProxy = error(await h.call('saveCorp', editOf(demo, { proxyUrl: captureUrl })));
    expect(viaProxy).toMatchObject({ code: 'secret-required', field: 'secret' });

    // The directory look-up still goes to the emulator only.
    const lookup = await h.call('resolveDirectory', {
      corpId: demo.id,
      roomids: ['wrTestRoom'],
      robotIds: [],
      singlePairs: [],
    });
    expect(lookup.ok).toBe(true);

    // A hand-configured corp: only the official host, with or without the secret.
    const sha = await confirmLibrary(h, paths.library);
    const hand = value<CorpDto>(
      await h.call(
        'saveCorp',
        handInput(paths.library, { proxyUrl: 'http://10.0.0.1:8080', proxyCredentials: 'u:pw' }),
      ),
    );
    expect(hand.librarySha256).toBe(sha);
    for (const secret of [undefined, corp.secret]) {
      const input = editOf(hand, { apiBaseUrl: captureUrl, ...(secret ? { secret } : {}) });
      expect(error(await h.call('saveCorp', input))).toMatchObject({
        code: 'corp-invalid',
        field: 'apiBaseUrl',
      });
    }
    expect(error(await h.call('saveCorp', editOf(hand, { proxyUrl: captureUrl })))).toMatchObject({
      code: 'secret-required',
      field: 'secret',
    });
    // The secret alone is not enough: the stored proxy password would follow the new proxy.
    expect(
      error(await h.call('saveCorp', editOf(hand, { proxyUrl: captureUrl, secret: corp.secret }))),
    ).toMatchObject({ code: 'secret-required', field: 'proxyCredentials' });
    const stored = value<CorpDto[]>(await h.call('listCorps', {})).find((c) => c.id === hand.id);
    expect(stored).toMatchObject({
      apiBaseUrl: 'https://qyapi.weixin.qq.com',
      proxyUrl: 'http://10.0.0.1:8080',
    });

    expect(connections).toBe(0);
    expect(Buffer.concat(received).toString('latin1')).not.toContain(corp.secret);

    // Control: entered again, the user's own choice is honoured — the capture server is reachable
    // and does hear the look-up, so the zero above means something.
    const demoSecret = JSON.parse(await readFile(path.join(paths.corpusDir, 'manifest.json'), 'utf8')) as {
      corps: Array<{ corpid: string; secret: string; contactSecret?: string }>;
    };
    const entry = demoSecret.corps.find((c) => c.corpid === demo.corpid);
    value(
      await h.call(
        'saveCorp',
        editOf(demo, {
          proxyUrl: captureUrl,
          secret: entry?.secret ?? '',
          ...(entry?.contactSecret ? { contactSecret: entry.contactSecret } : {}),
        }),
      ),
    );
    await h.call('resolveDirectory', {
      corpId: demo.id,
      roomids: ['wrTestRoom'],
      robotIds: [],
      singlePairs: [],
    });
    expect(connections).toBeGreaterThan(0);
  });
});

describe('the SDK library is loaded only after the user confirmed it in main', () => {
  let dir: string;
  let marker: string;
  let hostile: string;
  /** The same constructor in a library that also exports the SDK's 17 names (stubs), so it can be saved. */
  let hostileSdk: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(paths.scratchDir, 'hostile-'));
    marker = path.join(dir, 'constructor-ran');
    hostile = path.join(dir, 'libWeWorkFinanceSdk_C.so');
    await buildMarkerLibrary(hostile, marker, { sdkExports: false });
    hostileSdk = path.join(dir, 'sdk', 'libWeWorkFinanceSdk_C.so');
    await mkdir(path.dirname(hostileSdk));
    await buildMarkerLibrary(hostileSdk, marker, { sdkExports: true });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  afterEach(() => rm(marker, { force: true }));

  it('refuses an unconfirmed path, a wrong code, and a confirmed file replaced on disk', async () => {
    const h = await harness();
    // Unconfirmed: saveCorp refuses it, nothing is started.
    expect(error(await h.call('saveCorp', handInput(hostile)))).toMatchObject({
      code: 'library-unconfirmed',
      field: 'libraryPath',
    });
    // A code is printed in the shell's terminal; a guessed code does not confirm.
    const choice = value<{ challengeId: string; sha256: string }>(
      await h.call('chooseLibrary', { libraryPath: hostile }),
    );
    expect(
      error(await h.call('confirmLibraryCode', { challengeId: choice.challengeId, code: 'AAAAA-AAAAA' })),
    ).toMatchObject({ code: 'confirmation-invalid', detail: 'wrong-code' });
    expect(error(await h.call('saveCorp', handInput(hostile)))).toMatchObject({
      code: 'library-unconfirmed',
    });
    // Confirmed, it is still refused when saved: it is no SDK (read from its symbol table, not loaded).
    await confirmLibrary(h, hostile);
    expect(error(await h.call('saveCorp', handInput(hostile)))).toMatchObject({
      code: 'corp-invalid',
      field: 'libraryPath',
      detail: 'library-exports',
    });
    expect(existsSync(marker)).toBe(false);

    // The stand-in, confirmed, then swapped for the hostile file at the same path.
    const library = path.join(dir, 'swapped', 'libWeWorkFinanceSdk_C.so');
    await mkdir(path.dirname(library));
    await copyFile(paths.library, library);
    await confirmLibrary(h, library);
    const saved = value<CorpDto>(await h.call('saveCorp', handInput(library)));
    await copyFile(hostile, library);
    const pull = error(await h.call('startPull', { corpId: saved.id, cursor: '0' }));
    expect(pull.code).toBe('library-changed');
    expect(pull.message).toContain('changed on disk');
    expect(existsSync(marker)).toBe(false);
    // No secret in what the renderer or the log got.
    expect(JSON.stringify(pull) + h.logs.join('\n')).not.toContain(corp.secret);
  });

  it('control: the same hostile code, in a file with the SDK exports and confirmed with the terminal code, is loaded', async () => {
    const h = await harness();
    await confirmLibrary(h, hostileSdk);
    const saved = value<CorpDto>(await h.call('saveCorp', handInput(hostileSdk)));
    const pull = error(await h.call('startPull', { corpId: saved.id, cursor: '0' }));
    // It ran (the marker proves the probe works) and then failed as an SDK (its stubs answer nothing).
    expect(pull.code).toBe('sdk-error');
    expect((await stat(marker)).isFile()).toBe(true);
  });

  it('starts the SDK host with a minimal environment', async () => {
    process.env.ISSUE17_CANARY_TOKEN = 'canary-value';
    try {
      const h = await harness();
      const demo = value<CorpDto>(await h.call('enableDemo', {}));
      value(await h.call('startPull', { corpId: demo.id, cursor: '0' }));
      await h.call('stopPull', { corpId: demo.id });
      const hostPid = await findHostPid();
      const environ = (await readFile(`/proc/${hostPid}/environ`, 'latin1')).split('\0');
      const names = environ.map((entry) => entry.slice(0, entry.indexOf('='))).filter(Boolean);
      expect(names).not.toContain('ISSUE17_CANARY_TOKEN');
      expect(names).not.toContain('HOME');
      expect(
        names.filter(
          (n) =>
            !/^(PATH|LANG|LANGUAGE|TZ|TMPDIR|LD_LIBRARY_PATH|SSL_CERT_(FILE|DIR)|LC_.*|WEWORK_STANDIN_.*|NODE_CHANNEL_.*)$/.test(
              n,
            ),
        ),
      ).toEqual([]);
    } finally {
      delete process.env.ISSUE17_CANARY_TOKEN;
    }
  });
});

/** The SDK host child of this test process (node … sdk-host.cjs). */
async function findHostPid(): Promise<number> {
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = await readFile(`/proc/${entry}/status`, 'utf8');
      const ppid = Number(/PPid:\s+(\d+)/.exec(status)?.[1]);
      if (ppid !== process.pid) continue;
      const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes('sdk-host')) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  throw new Error('no SDK host child found');
}

describe('open with the system application (browser shell: a nonce bound to the file and its name)', () => {
  it('shows the de-controlled name and real type, needs a second confirmation for scripts, removes copies', async () => {
    const h = await harness();
    const demo = value<CorpDto>(await h.call('enableDemo', {}));
    const [file] = await mediaFiles(demo.corpid);
    if (!file) throw new Error('no media in the corpus');
    value(
      await h.call('mediaEnqueue', {
        corpId: demo.id,
        items: [{ sdkfileid: file.sdkfileid, msgid: 'm1', kind: 'file', md5sum: file.md5, size: file.size }],
        mode: 'demand',
      }),
    );
    await expect
      .poll(
        async () =>
          value<Array<{ state: string }>>(
            await h.call('getMediaStates', { corpId: demo.id, sdkfileids: [file.sdkfileid] }),
          )[0]?.state,
        { timeout: 20_000 },
      )
      .toBe('done');

    // "invoice<RLO>fdp.sh" looks like "invoicehs.pdf"; main shows what it is.
    const ask = await h.call('openMediaExternally', {
      corpId: demo.id,
      sdkfileid: file.sdkfileid,
      fileName: 'invoice\u202Efdp.sh',
    });
    const pending = value<{
      state: string;
      nonce: string;
      displayName: string;
      fileType: string;
      dangerous: boolean;
    }>(ask);
    expect(pending).toMatchObject({
      state: 'confirm-required',
      displayName: 'invoice<U+202E>fdp.sh',
      fileType: 'sh',
      dangerous: true,
    });
    expect(h.opened).toEqual([]);
    // One confirmation is not enough for a script; the nonce is then spent.
    expect(
      error(await h.call('confirmOpenMedia', { nonce: pending.nonce, allowDangerous: false })),
    ).toMatchObject({
      code: 'open-refused-type',
      detail: 'sh',
    });
    expect(
      error(await h.call('confirmOpenMedia', { nonce: pending.nonce, allowDangerous: true })),
    ).toMatchObject({
      code: 'confirmation-invalid',
    });
    expect(
      error(await h.call('confirmOpenMedia', { nonce: 'forged-nonce', allowDangerous: true })),
    ).toMatchObject({
      code: 'confirmation-invalid',
    });
    expect(h.opened).toEqual([]);

    const again = value<{ nonce: string }>(
      await h.call('openMediaExternally', {
        corpId: demo.id,
        sdkfileid: file.sdkfileid,
        fileName: 'invoice\u202Efdp.sh',
      }),
    );
    expect(
      value(await h.call('confirmOpenMedia', { nonce: again.nonce, allowDangerous: true })),
    ).toMatchObject({
      state: 'opened',
      displayName: 'invoice<U+202E>fdp.sh',
    });
    // The copy carries the name the user saw (`<`/`>` are not kept in file names), so its real
    // extension is the type shown.
    expect(path.basename(h.opened[0] ?? '')).toBe('invoice_U+202E_fdp.sh');
    expect(await readFile(h.opened[0] ?? '')).toEqual(await readFile(file.path));

    const plain = value<{ nonce: string; dangerous: boolean; fileType: string }>(
      await h.call('openMediaExternally', {
        corpId: demo.id,
        sdkfileid: file.sdkfileid,
        fileName: 'report.pdf',
      }),
    );
    expect(plain).toMatchObject({ dangerous: false, fileType: 'pdf' });
    value(await h.call('confirmOpenMedia', { nonce: plain.nonce, allowDangerous: false }));
    expect(h.opened).toHaveLength(2);

    // Copies are removed when the app closes.
    await h.service.close();
    for (const copy of h.opened) expect(existsSync(copy), copy).toBe(false);
  });
});
