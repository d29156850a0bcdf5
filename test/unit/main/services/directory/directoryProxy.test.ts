import { createHash } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectoryService } from '../../../../../main/services/directory/directoryService';
import type { ProxySettings } from '../../../../../main/services/directory/proxiedRequest';
import { WecomApiClient, WecomApiError } from '../../../../../main/services/directory/wecomApiClient';
import { startApiEmulator, type ApiEmulator } from '../../../../../native/standin/emulator/server';
import type { ApiJson } from '../../../../../native/standin/corpus/apiJson';
import { onRequestHead } from './proxyHead';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Name look-ups go through the corp's proxy, like its SDK (docs/wecom-sdk.md §3.1): an HTTP CONNECT proxy and
 * a SOCKS5 proxy, each written here in a few lines with user/password checks, in front of the real
 * API emulator. A network that only lets the proxy out still resolves names.
 */
const CORPID = 'wwproxytest00001';
const SECRET = 'archive-secret-for-proxy-tests-0123456789';
const USER = 'auditor';
const PASSWORD = 'p@ss:word';

const api: ApiJson = {
  version: 1,
  corps: {
    [CORPID]: {
      name: 'Proxy test corp',
      contactSecretSha256: null,
      users: [{ userid: 'zhangwei', name: '张伟', position: '' }],
      externalContacts: [],
      robots: [{ robot_id: 'wbRobot0001', name: '发货助手', creator_userid: 'zhangwei' }],
      internalGroups: [],
      externalGroups: [],
      unresolvableGroups: [],
      permitUsers: [],
      singleAgree: [],
      roomAgree: {},
    },
  },
};

interface TestProxy {
  url: string;
  /** Tunnels opened, as host:port. */
  tunnels: string[];
  close(): Promise<void>;
}

function pipe(client: Socket, host: string, port: number, ready: () => void): void {
  const upstream = connect({ host, port }, ready);
  upstream.on('error', () => client.destroy());
  client.on('error', () => upstream.destroy());
  client.pipe(upstream).pipe(client);
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
}

/** A proxy at `scheme`://127.0.0.1:port whose `onClient` serves each connection and records tunnels. */
async function testProxy(
  scheme: 'http' | 'socks5',
  onClient: (client: Socket, tunnels: string[]) => void,
): Promise<TestProxy> {
  const tunnels: string[] = [];
  const server = createServer((client) => onClient(client, tunnels));
  const port = await listen(server);
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    tunnels,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

const httpConnectProxy = () =>
  testProxy('http', (client, tunnels) =>
    onRequestHead(client, (head) => {
      const [, authority = ''] = /^CONNECT (\S+) HTTP/.exec(head) ?? [];
      const auth = /proxy-authorization: basic (\S+)/i.exec(head)?.[1];
      if (!auth || Buffer.from(auth, 'base64').toString() !== `${USER}:${PASSWORD}`) {
        client.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n');
        return;
      }
      const [host = '', port = '0'] = authority.split(':');
      tunnels.push(authority);
      pipe(client, host, Number(port), () => client.write('HTTP/1.1 200 Connection established\r\n\r\n'));
    }),
  );

const socks5Proxy = () =>
  testProxy('socks5', (client, tunnels) => {
    let buffered = Buffer.alloc(0);
    let stage: 'greeting' | 'auth' | 'request' = 'greeting';
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (stage === 'greeting' && buffered.length >= 2 && buffered.length >= 2 + (buffered[1] ?? 0)) {
        const methods = [...buffered.subarray(2, 2 + (buffered[1] ?? 0))];
        buffered = buffered.subarray(2 + (buffered[1] ?? 0));
        if (!methods.includes(2)) return void client.end(Buffer.from([5, 0xff]));
        client.write(Buffer.from([5, 2]));
        stage = 'auth';
      }
      if (stage === 'auth' && buffered.length >= 2) {
        const userLength = buffered[1] ?? 0;
        const passwordLength = buffered[2 + userLength];
        if (passwordLength === undefined || buffered.length < 3 + userLength + passwordLength) return;
        const user = buffered.subarray(2, 2 + userLength).toString();
        const password = buffered.subarray(3 + userLength, 3 + userLength + passwordLength).toString();
        buffered = buffered.subarray(3 + userLength + passwordLength);
        if (user !== USER || password !== PASSWORD) return void client.end(Buffer.from([1, 1]));
        client.write(Buffer.from([1, 0]));
        stage = 'request';
      }
      if (stage === 'request' && buffered.length >= 5) {
        const type = buffered[3];
        let host: string;
        let at: number;
        if (type === 1) {
          host = [...buffered.subarray(4, 8)].join('.');
          at = 8;
        } else {
          const length = buffered[4] ?? 0;
          host = buffered.subarray(5, 5 + length).toString();
          at = 5 + length;
        }
        if (buffered.length < at + 2) return;
        const port = ((buffered[at] ?? 0) << 8) | (buffered[at + 1] ?? 0);
        client.off('data', onData);
        tunnels.push(`${host}:${port}`);
        pipe(client, host, port, () => client.write(Buffer.from([5, 0, 0, 1, 127, 0, 0, 1, 0, 0])));
      }
    };
    client.on('data', onData);
  });

describe('directory look-ups through the corp proxy', () => {
  let dir: string;
  let emulator: ApiEmulator;
  const proxies: TestProxy[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'directory-proxy-'));
    await writeFile(path.join(dir, 'api.json'), JSON.stringify(api));
    const secretSha = createHash('sha256').update(SECRET).digest('hex');
    await writeFile(path.join(dir, 'corps.tsv'), `# test\n${CORPID}\t${secretSha}\t-\n`);
    emulator = await startApiEmulator({ root: dir });
    proxies.push(await httpConnectProxy(), await socks5Proxy());
  });

  afterAll(async () => {
    for (const proxy of proxies) await proxy.close();
    await emulator?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const corp = (proxy: ProxySettings | null) => ({
    corpid: CORPID,
    apiBaseUrl: emulator.url,
    secret: SECRET,
    contactSecret: null,
    proxy,
  });

  it.each([
    ['an HTTP CONNECT', 0],
    ['a SOCKS5', 1],
  ])('resolves names through %s proxy with user and password', async (_kind, index) => {
    const proxy = proxies[index];
    if (!proxy) throw new Error('no proxy');
    const before = proxy.tunnels.length;
    const service = new DirectoryService(new WecomApiClient());
    const result = await service.resolve(corp({ url: proxy.url, credentials: `${USER}:${PASSWORD}` }), {
      roomids: [],
      robotIds: ['wbRobot0001'],
      singlePairs: [],
    });
    expect(result.robots[0]).toMatchObject({ robotId: 'wbRobot0001', name: '发货助手', error: null });
    // gettoken and get_robot_info, each through its own tunnel to the emulator.
    const emulatorAuthority = new URL(emulator.url).host;
    expect(proxy.tunnels.slice(before)).toEqual([emulatorAuthority, emulatorAuthority]);
  });

  it.each([
    ['an HTTP CONNECT', 0, /refused the credentials \(HTTP 407\)/],
    ['a SOCKS5', 1, /refused the credentials/],
  ])('says %s proxy refused wrong credentials, without repeating them', async (_kind, index, pattern) => {
    const proxy = proxies[index];
    if (!proxy) throw new Error('no proxy');
    const client = new WecomApiClient();
    const failure = await client
      .call(
        {
          baseUrl: emulator.url,
          corpid: CORPID,
          secret: SECRET,
          proxy: { url: proxy.url, credentials: `${USER}:wrong-secret` },
        },
        '/cgi-bin/msgaudit/get_robot_info',
        { method: 'POST', body: { robot_id: 'wbRobot0001' } },
      )
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WecomApiError);
    expect((failure as Error).message).toMatch(pattern);
    expect((failure as Error).message).toContain(new URL(proxy.url).host);
    expect((failure as Error).message).not.toContain('wrong-secret');
  });

  it('names the proxy when it cannot be reached', async () => {
    const server = createServer();
    const port = await listen(server);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const client = new WecomApiClient({ timeoutMs: 2_000 });
    const failure = await client
      .call(
        {
          baseUrl: emulator.url,
          corpid: CORPID,
          secret: SECRET,
          proxy: { url: `socks5://127.0.0.1:${port}`, credentials: null },
        },
        '/cgi-bin/msgaudit/get_robot_info',
        { method: 'POST', body: { robot_id: 'wbRobot0001' } },
      )
      .catch((error: unknown) => error);
    expect((failure as Error).message).toMatch(
      new RegExp(`the proxy 127\\.0\\.0\\.1:${port}: connection refused`),
    );
  });
});
