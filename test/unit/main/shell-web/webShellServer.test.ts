import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { ArchiveEvent } from '../../../../main/contract';
import { methodNames } from '../../../../main/contract';
import { startWebShellServer } from '../../../../main/shell-web/server';
import type { WebShellServer } from '../../../../main/shell-web/server';
import type { ServerFrame } from '../../../../main/contract';
import { RENDERER_CSP } from '../../../../main/shell-common/rendererFiles';
import { createFakeArchiveService, silentLog } from '../services/fakeArchiveService';

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

/** Redeems a fresh one-time code the way a browser does and returns the `Cookie` header to send. */
async function signIn(): Promise<string> {
  const code = new URL(server.bootstrapUrl()).search;
  const response = await rawGet(`/session${code}`, { host: `127.0.0.1:${server.port}` });
  const setCookie = response.headers['set-cookie']?.[0] ?? '';
  return setCookie.split(';', 1)[0] ?? '';
}

/** Resolves with the open socket, or rejects with the HTTP status of the refused handshake. */
async function connect(options: { cookie?: string; origin?: string | null } = {}): Promise<WebSocket> {
  const origin = options.origin === undefined ? server.origin : options.origin;
  const cookie = options.cookie ?? (await signIn());
  const headers = cookie ? { cookie } : {};
  const socket = new WebSocket(
    `ws://127.0.0.1:${server.port}/ipc`,
    origin === null ? { headers } : { origin, headers },
  );
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

  it('answers /favicon.ico with no content (not a 404 the console reports)', async () => {
    const response = await rawGet('/favicon.ico', { host: `127.0.0.1:${server.port}` });
    expect(response.status).toBe(204);
    expect(response.body).toBe('');
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const response = await rawGet('/', { host: `evil.example:${server.port}` });
    expect(response.status).toBe(421);
    expect(response.body).not.toContain('<title>');
  });

  it('its address carries no credential; one-time links carry a fresh code each', () => {
    expect(server.url).toBe(`${server.origin}/`);
    const first = new URL(server.bootstrapUrl());
    const second = new URL(server.bootstrapUrl());
    expect(first.pathname).toBe('/session');
    expect(first.searchParams.get('code')?.length).toBeGreaterThanOrEqual(40);
    expect(first.searchParams.get('code')).not.toBe(second.searchParams.get('code'));
  });
});

describe('browser shell: /ipc WebSocket', () => {
  it('refuses a handshake without a session cookie, or with one the shell never issued', async () => {
    await expect(connect({ cookie: '' })).rejects.toThrow('HTTP 401');
    const forged = `wecom_archive_session_${server.port}=${'A'.repeat(43)}`;
    await expect(connect({ cookie: forged })).rejects.toThrow('HTTP 401');
    // A code is not a session: presenting it as the cookie value does not work either.
    const code = new URL(server.bootstrapUrl()).searchParams.get('code') ?? '';
    await expect(connect({ cookie: `wecom_archive_session_${server.port}=${code}` })).rejects.toThrow(
      'HTTP 401',
    );
  });

  it('refuses a wrong or missing Origin even with a valid session', async () => {
    const cookie = await signIn();
    await expect(connect({ cookie, origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    await expect(connect({ cookie, origin: `http://localhost:${server.port}` })).rejects.toThrow('HTTP 403');
    await expect(connect({ cookie, origin: null })).rejects.toThrow('HTTP 403');
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

  it('sends service events to the live socket', async () => {
    const socket = await connect();
    const received = frames(socket);
    const event: ArchiveEvent = { type: 'corps-changed' };
    fake.emit(event);
    await until(() => received.length === 1, 'the event');
    expect(received[0]).toEqual({ kind: 'event', event });
  });

  it('one live UI at a time: a second tab is refused (409) and told so, with the same session', async () => {
    const cookie = await signIn();
    const first = await connect({ cookie });
    await expect(connect({ cookie })).rejects.toThrow('HTTP 409');
    await expect(connect()).rejects.toThrow('HTTP 409'); // another browser with its own session too
    const state = await rawGet('/session/state', { host: `127.0.0.1:${server.port}`, cookie });
    expect(JSON.parse(state.body)).toEqual({ state: 'already-open' });
    // Only the live socket hears events.
    const firstFrames = frames(first);
    fake.emit({ type: 'corps-changed' });
    await until(() => firstFrames.length === 1, 'the event on the live socket');
  });

  it('calls rendererReset when a socket connects after another one closed (page reload), not on the first', async () => {
    const cookie = await signIn();
    const first = await connect({ cookie });
    expect(fake.rendererReset).not.toHaveBeenCalled();
    const closed = new Promise((resolve) => first.once('close', resolve));
    first.close();
    await closed;
    await connect({ cookie });
    expect(fake.rendererReset).toHaveBeenCalledTimes(1);
  });

  it('serves media only to a browser holding a session', async () => {
    const host = `127.0.0.1:${server.port}`;
    const refused = await rawGet('/media/anything', { host });
    expect(refused.status).toBe(403);
    const cookie = await signIn();
    // With a session the request reaches the media route (which knows no such id).
    expect((await rawGet('/media/anything', { host, cookie })).status).not.toBe(403);
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
