import { vi } from 'vitest';
import type { Mock } from 'vitest';
import type {
  ArchiveApi,
  ArchiveEvent,
  CorpDto,
  MethodName,
  PullStatusDto,
  Result,
} from '../../../main/contract';

export function pullStatus(
  corpId: string,
  state: PullStatusDto['state'],
  overrides: Partial<PullStatusDto> = {},
): PullStatusDto {
  return {
    corpId,
    state,
    pulled: 0,
    ratePerSec: 0,
    committedSeq: '0',
    lastSuccessAt: null,
    limit: 500,
    errors: [],
    fatal: null,
    nextScheduledAt: null,
    ...overrides,
  };
}

export function corp(id: string, overrides: Partial<CorpDto> = {}): CorpDto {
  return {
    id,
    corpid: `ww${id}`,
    name: `Corp ${id}`,
    hasSecret: true,
    hasContactSecret: false,
    keys: [],
    libraryPath: '/opt/wecom/libWeWorkFinanceSdk_C.so',
    librarySha256: 'ab'.repeat(32),
    proxyUrl: null,
    hasProxyCredentials: false,
    timeoutSec: 30,
    batchLimit: 500,
    apiBaseUrl: 'https://qyapi.weixin.qq.com',
    scheduleMinutes: 60,
    isDemo: false,
    lastSuccessAt: null,
    ...overrides,
  };
}

/**
 * main as the renderer sees it: every verb recorded, answers overridable per verb, events emitted
 * by the test. Default answers are what a healthy main would say.
 */
export function createFakeArchive(options: { corps?: CorpDto[]; statuses?: PullStatusDto[] } = {}) {
  const listeners = new Set<(event: ArchiveEvent) => void>();
  const calls: Array<{ method: MethodName; params: unknown }> = [];
  const corps = options.corps ?? [corp('c1')];
  let statuses = options.statuses ?? corps.map((c) => pullStatus(c.id, 'idle'));

  const answer = <T>(value: T): Promise<Result<T>> => Promise.resolve({ ok: true, value });
  const dataKeyBytes = crypto.getRandomValues(new Uint8Array(32));
  const record =
    <M extends MethodName>(method: M, handler: (params: never) => Promise<Result<unknown>>) =>
    (params: unknown) => {
      calls.push({ method, params });
      return handler(params as never);
    };

  const archive = {
    getAppInfo: record('getAppInfo', () =>
      answer({
        shell: 'web',
        version: '0.1.0',
        secretStorage: { kind: 'file-0600', location: '/tmp/secrets.json' },
        demoAvailable: true,
        rsaBackend: null,
        dataDir: '/tmp',
      }),
    ),
    listCorps: record('listCorps', () => answer(corps)),
    saveCorp: record('saveCorp', () => answer(corps[0])),
    removeCorp: record('removeCorp', () => answer(null)),
    importPrivateKey: record('importPrivateKey', () =>
      answer({ version: 1, fingerprint: '0123456789abcdef', verified: true, importedAt: 0 }),
    ),
    removePrivateKey: record('removePrivateKey', () => answer(null)),
    enableDemo: record('enableDemo', () => answer(corp('demo', { isDemo: true }))),
    startPull: vi.fn(
      record('startPull', (params: { corpId: string }) => answer(pullStatus(params.corpId, 'pulling'))),
    ),
    stopPull: vi.fn(
      record('stopPull', (params: { corpId: string }) => answer(pullStatus(params.corpId, 'stopped'))),
    ),
    ackBatch: vi.fn(record('ackBatch', () => answer(null))),
    getPullStatuses: record('getPullStatuses', () => answer(statuses)),
    decryptEnvelopes: record('decryptEnvelopes', () => answer([])),
    // A fresh data key per fake main, as main creates one per installation.
    getDataKey: record('getDataKey', () => answer({ key: Buffer.from(dataKeyBytes).toString('base64') })),
    subscribe(listener: (event: ArchiveEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as ArchiveApi & {
    startPull: Mock<ArchiveApi['startPull']>;
    stopPull: Mock<ArchiveApi['stopPull']>;
    ackBatch: Mock<ArchiveApi['ackBatch']>;
  };

  return {
    archive,
    calls,
    callsOf: (method: MethodName) =>
      calls.filter((call) => call.method === method).map((call) => call.params),
    emit: (event: ArchiveEvent) => listeners.forEach((listener) => listener(event)),
    setStatuses: (next: PullStatusDto[]) => (statuses = next),
  };
}

/** A sessionStorage stand-in. */
export function memoryStorage(initial: Record<string, string> = {}) {
  const map = new Map(Object.entries(initial));
  return {
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
    map,
  };
}

/** A connection whose reconnect the test triggers. */
export function fakeConnection() {
  const listeners = new Set<() => void>();
  return {
    onReconnect(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    reconnect: () => listeners.forEach((listener) => listener()),
  };
}
