import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { ArchiveEvent } from '../../../main/contract';
import { methodNames } from '../../../main/contract';
import { startWebShellServer } from '../../../main/shell-web/server';
import type { WebShellServer } from '../../../main/shell-web/server';
import type { ServerFrame } from '../../../main/contract';
import { RENDERER_CSP } from '../../../main/shell-common/rendererFiles';
import { createFakeArchiveService, silentLog } from './fakeArchiveService';

let workDir: string;
let rendererDir: string;

beforeAll(() => {
  // The renderer root sits next to a package.json, so a traversal bug would find a real file.
  workDir = mkdtempSync(path.join(tmpdir(), 'web-shell-'));
  rendererDir = path.join(workDir, 'renderer');
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(path.join(workDir, 'package.json'), '{"name":"outside-the-root"}');
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>archive</title>');
  writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log("app");');
  writeFileSync(path.join(rendererDir, 'assets', 'font.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
});

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

let fake: ReturnType<typeof createFakeArchiveService>;
let server: WebShellServer;
const openSockets: WebSocket[] = [];

beforeEach(async () => {
  fake = createFakeArchiveService();
  server = await startWebShellServer({ service: fake.service, rendererDir, port: 0, log: silentLog });
});

afterEach(async () => {
  for (const socket of openSockets.splice(0)) socket.terminate();
  await server.close();
});

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** node:http keeps the path byte-for-byte (fetch would normalise `/../` away before sending). */
function rawGet(
  pathAndQuery: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, path: pathAndQuery, method, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function ipcUrl(token = server.token): string {
  return `ws://127.0.0.1:${server.port}/ipc?token=${encodeURIComponent(token)}`;
}

/** Resolves with the open socket, or rejects with the HTTP status of the refused handshake. */
function connect(options: { token?: string; origin?: string | null } = {}): Promise<WebSocket> {
  const origin = options.origin === undefined ? server.origin : options.origin;
  const socket = new WebSocket(ipcUrl(options.token), origin === null ? {} : { origin });
  openSockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode ?? 0}`)));
    socket.once('error', reject);
  });
}

/** Collects parsed frames as they arrive. */
function frames(socket: WebSocket): ServerFrame[] {
  const received: ServerFrame[] = [];
  socket.on('message', (data) => received.push(JSON.parse(String(data)) as ServerFrame));
  return received;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 2_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('browser shell: static renderer', () => {
  it('serves index.html at / with the CSP and no-store/nosniff headers', async () => {
    const response = await rawGet('/', { host: `127.0.0.1:${server.port}` });
    expect(response.status).toBe(200);
    expect(response.body).toContain('<title>archive</title>');
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toBe(RENDERER_CSP);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('serves assets with their MIME type', async () => {
    const host = { host: `127.0.0.1:${server.port}` };
    expect((await rawGet('/assets/app.js', host)).headers['content-type']).toBe(
      'text/javascript; charset=utf-8',
    );
    expect((await rawGet('/assets/font.woff2', host)).headers['content-type']).toBe('font/woff2');
  });

  it('the CSP starts from default-src none and allows no inline script', () => {
    expect(RENDERER_CSP.startsWith("default-src 'none'")).toBe(true);
    expect(RENDERER_CSP).toContain("script-src 'self';");
    expect(RENDERER_CSP).not.toContain('unsafe-inline');
    expect(RENDERER_CSP).toContain("frame-ancestors 'none'");
  });

  it.each([
    '/../package.json',
    '/%2e%2e/package.json',
    '/assets/../../package.json',
    '/..%2fpackage.json',
    '/%00',
  ])('refuses %s with 404 (path containment)', async (requestPath) => {
    const response = await rawGet(requestPath, { host: `127.0.0.1:${server.port}` });
    expect(response.status).toBe(404);
    expect(response.body).not.toContain('outside-the-root');
    expect(response.headers['content-security-policy']).toBe(RENDERER_CSP);
  });

  it('answers 404 for missing files and directories, 405 for other methods', async () => {
    const host = { host: `127.0.0.1:${server.port}` };
    expect((await rawGet('/missing.js', host)).status).toBe(404);
    expect((await rawGet('/assets', host)).status).toBe(404);
    expect((await rawGet('/', host, 'POST')).status).toBe(405);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const response = await rawGet('/', { host: `evil.example:${server.port}` });
    expect(response.status).toBe(421);
    expect(response.body).not.toContain('<title>');
  });

  it('puts the token in the URL fragment, which browsers do not send', () => {
    expect(server.appUrl).toBe(`${server.origin}/#token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(40);
  });
});

describe('browser shell: /ipc WebSocket', () => {
  it('refuses a wrong token', async () => {
    await expect(connect({ token: 'not-the-token' })).rejects.toThrow('HTTP 403');
    await expect(connect({ token: '' })).rejects.toThrow('HTTP 403');
  });

  it('refuses a wrong or missing Origin even with the right token', async () => {
    await expect(connect({ origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    await expect(connect({ origin: `http://localhost:${server.port}` })).rejects.toThrow('HTTP 403');
    await expect(connect({ origin: null })).rejects.toThrow('HTTP 403');
  });

  it('answers calls with the service envelope under the same id', async () => {
    const socket = await connect();
    const received = frames(socket);
    socket.send(JSON.stringify({ kind: 'call', id: 7, method: 'listCorps', params: {} }));
    socket.send(JSON.stringify({ kind: 'call', id: 8, method: 'stopPull', params: { corpId: 'c1' } }));
    await until(() => received.length === 2, 'two results');
    expect(received).toContainEqual({
      kind: 'result',
      id: 7,
      result: { ok: true, value: { echo: 'listCorps', params: {} } },
    });
    expect(received).toContainEqual({
      kind: 'result',
      id: 8,
      result: { ok: true, value: { echo: 'stopPull', params: { corpId: 'c1' } } },
    });
  });

  it('answers unknown methods (including prototype keys) with invalid-request, without calling the service', async () => {
    const socket = await connect();
    const received = frames(socket);
    for (const [id, method] of ['deleteEverything', '__proto__', 'constructor'].entries()) {
      socket.send(JSON.stringify({ kind: 'call', id, method, params: {} }));
    }
    await until(() => received.length === 3, 'three results');
    for (const frame of received) {
      expect(frame).toMatchObject({
        kind: 'result',
        result: { ok: false, error: { code: 'invalid-request' } },
      });
    }
    expect(fake.handle).not.toHaveBeenCalled();
  });

  it('answers internal when the service throws instead of answering', async () => {
    fake.handle.mockRejectedValueOnce(new Error('boom'));
    const socket = await connect();
    const received = frames(socket);
    socket.send(JSON.stringify({ kind: 'call', id: 1, method: 'getAppInfo', params: {} }));
    await until(() => received.length === 1, 'a result');
    expect(received[0]).toMatchObject({
      kind: 'result',
      id: 1,
      result: { ok: false, error: { code: 'internal' } },
    });
  });

  it('closes the socket on a malformed frame', async () => {
    const socket = await connect();
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send('{"kind":"call","id":"seven","method":"listCorps"}');
    expect(await closed).toBe(1008);
  });

  it('broadcasts service events to every connected socket', async () => {
    const first = await connect();
    const second = await connect();
    const firstFrames = frames(first);
    const secondFrames = frames(second);
    const event: ArchiveEvent = { type: 'corps-changed' };
    fake.emit(event);
    await until(() => firstFrames.length === 1 && secondFrames.length === 1, 'the event on both sockets');
    expect(firstFrames[0]).toEqual({ kind: 'event', event });
    expect(secondFrames[0]).toEqual({ kind: 'event', event });
  });

  it('calls rendererReset when a socket connects after another one (page reload), not on the first', async () => {
    const first = await connect();
    expect(fake.rendererReset).not.toHaveBeenCalled();
    first.close();
    await connect();
    expect(fake.rendererReset).toHaveBeenCalledTimes(1);
  });

  it('every contract verb is reachable', async () => {
    const socket = await connect();
    const received = frames(socket);
    methodNames.forEach((method, id) =>
      socket.send(JSON.stringify({ kind: 'call', id, method, params: {} })),
    );
    await until(() => received.length === methodNames.length, 'all results');
    expect(fake.handle.mock.calls.map(([method]) => method).sort()).toEqual([...methodNames].sort());
  });

  it('stops forwarding events once closed', async () => {
    expect(fake.listenerCount()).toBe(1);
    await server.close();
    expect(fake.listenerCount()).toBe(0);
    server = await startWebShellServer({ service: fake.service, rendererDir, port: 0, log: silentLog });
  });
});
