import { mkdtempSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { SESSION_ENDED_CLOSE_CODE } from '../../../../main/common/shellSession';
import {
  checkPortOwner,
  newOwnerSecret,
  ownerProof,
  ownerSecretFile,
  OWNER_PATH,
  portBusyMessage,
  writeOwnerSecret,
} from '../../../../main/shell-web/portOwner';
import { startWebShellServer } from '../../../../main/shell-web/server';
import { openShellLog, shellLogFile } from '../../../../main/shell-web/shellLog';
import type { WebShellServer } from '../../../../main/shell-web/server';
import {
  BOOTSTRAP_TTL_MS,
  createSessionAuthority,
  readSessionCookie,
  sessionCookieHeader,
} from '../../../../main/shell-web/session';
import type { RedeemRefusal } from '../../../../main/shell-web/session';
import { createFakeArchiveService, silentLog } from '../services/fakeArchiveService';

/** A clock the test moves by hand. */
function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('session authority: one-time codes and sessions', () => {
  it('a code redeems once for a session; the session is valid, unknown values are not', () => {
    const authority = createSessionAuthority();
    const { code } = authority.issueCode();
    const outcome = authority.redeem(code);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.sessionValue).not.toBe(code);
    expect(outcome.sessionValue).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authority.check(outcome.sessionValue)).toBe('valid');
    expect(authority.check(code)).toBe('none');
    expect(authority.check(undefined)).toBe('none');
    expect(authority.check('A'.repeat(43))).toBe('none');
  });

  it(`a code expires ${BOOTSTRAP_TTL_MS / 1000} s after it was issued, and an expired code stays merely expired`, () => {
    const time = clock();
    const authority = createSessionAuthority({ now: time.now });
    const { code, expiresAt } = authority.issueCode();
    expect(expiresAt).toBe(time.now() + BOOTSTRAP_TTL_MS);
    time.advance(BOOTSTRAP_TTL_MS + 1);
    expect(authority.redeem(code)).toEqual({ ok: false, reason: 'expired' });
    // Clicking a stale link twice is not evidence of a reader: nothing is ended.
    expect(authority.redeem(code)).toEqual({ ok: false, reason: 'expired' });
    expect(authority.check(undefined)).toBe('none');
  });

  it('a code just inside its lifetime still works', () => {
    const time = clock();
    const authority = createSessionAuthority({ now: time.now });
    const { code } = authority.issueCode();
    time.advance(BOOTSTRAP_TTL_MS);
    expect(authority.redeem(code).ok).toBe(true);
  });

  it('a second use is refused, ends every session and voids every outstanding code', () => {
    const time = clock();
    const authority = createSessionAuthority({ now: time.now });
    const ended: number[] = [];
    authority.onEnded(() => ended.push(time.now()));
    const other = authority.redeem(authority.issueCode().code);
    const { code } = authority.issueCode();
    const outstanding = authority.issueCode().code;
    const first = authority.redeem(code);
    if (!first.ok || !other.ok) throw new Error('the first uses must succeed');

    time.advance(2_000);
    expect(authority.redeem(code)).toEqual({ ok: false, reason: 'reused' });
    expect(ended).toEqual([time.now()]);
    expect(authority.check(first.sessionValue)).toBe('ended');
    expect(authority.check(other.sessionValue)).toBe('ended');
    expect(authority.check(undefined)).toBe('ended');
    // A code issued before the replay may have been read as well: it no longer works.
    expect(authority.redeem(outstanding)).toEqual({ ok: false, reason: 'expired' });

    // A new link starts over: a new session, and the "ended" notice is gone.
    const fresh = authority.redeem(authority.issueCode().code);
    expect(fresh.ok).toBe(true);
    if (fresh.ok) expect(authority.check(fresh.sessionValue)).toBe('valid');
    expect(authority.check(first.sessionValue)).toBe('none');
  });

  it('a replay long after expiry is still a replay (the command line shows the code all session)', () => {
    const time = clock();
    const authority = createSessionAuthority({ now: time.now });
    const { code } = authority.issueCode();
    const session = authority.redeem(code);
    time.advance(60 * 60 * 1000);
    expect(authority.redeem(code)).toEqual({ ok: false, reason: 'reused' });
    if (session.ok) expect(authority.check(session.sessionValue)).toBe('ended');
  });

  it('unknown and malformed codes are refused without ending anything', () => {
    const authority = createSessionAuthority();
    const session = authority.redeem(authority.issueCode().code);
    for (const code of ['', 'x', 'A'.repeat(43), '../../etc/passwd', 'a'.repeat(5000)]) {
      expect(authority.redeem(code)).toEqual({ ok: false, reason: 'unknown' });
    }
    if (session.ok) expect(authority.check(session.sessionValue)).toBe('valid');
  });
});

describe('session cookie', () => {
  it('is HttpOnly, SameSite=Strict, Path=/, without Max-Age, and named after the port', () => {
    const header = sessionCookieHeader(47821, 'value_123');
    const [pair, ...attributes] = header.split('; ');
    expect(pair).toBe('wecom_archive_session_47821=value_123');
    expect(attributes.sort()).toEqual(['HttpOnly', 'Path=/', 'SameSite=Strict']);
  });

  it('is read from a Cookie header among others, for its own port only', () => {
    const header = 'a=1; wecom_archive_session_5000=other; wecom_archive_session_47821=mine; b=2';
    expect(readSessionCookie(header, 47821)).toBe('mine');
    expect(readSessionCookie(header, 47822)).toBeUndefined();
    expect(readSessionCookie(undefined, 47821)).toBeUndefined();
  });
});

let workDir: string;
let rendererDir: string;
beforeAll(() => {
  workDir = mkdtempSync(path.join(tmpdir(), 'web-shell-session-'));
  rendererDir = path.join(workDir, 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>archive</title>');
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function rawGet(port: number, pathAndQuery: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<RawResponse>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: pathAndQuery,
        method,
        headers: { host: `127.0.0.1:${port}`, ...headers },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('browser shell: bootstrap over HTTP', () => {
  let server: WebShellServer;
  const outcomes: Array<{ ok: true } | { ok: false; reason: RedeemRefusal }> = [];
  const sockets: WebSocket[] = [];
  const time = clock();

  beforeAll(async () => {
    server = await startWebShellServer({
      service: createFakeArchiveService().service,
      rendererDir,
      port: 0,
      log: silentLog,
      sessions: createSessionAuthority({ now: time.now }),
      onBootstrap: (outcome) => outcomes.push(outcome),
    });
  });
  afterEach(() => sockets.splice(0).forEach((socket) => socket.terminate()));
  afterAll(() => server.close());

  const redeem = (url: string) => rawGet(server.port, new URL(url).pathname + new URL(url).search);
  const cookieOf = (response: RawResponse) =>
    (response.headers['set-cookie']?.[0] ?? '').split(';', 1)[0] ?? '';
  const standing = async (cookie?: string) =>
    JSON.parse((await rawGet(server.port, '/session/state', cookie ? { cookie } : {})).body) as unknown;

  function open(cookie: string): Promise<WebSocket> {
    const socket = new WebSocket(`ws://127.0.0.1:${server.port}/ipc`, {
      origin: server.origin,
      headers: { cookie },
    });
    sockets.push(socket);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(socket));
      socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode ?? 0}`)));
      socket.once('error', reject);
    });
  }

  it('exchanges a code for the cookie and sends the browser to / without the code', async () => {
    const response = await redeem(server.bootstrapUrl());
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    const setCookie = response.headers['set-cookie']?.[0] ?? '';
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Strict/);
    expect(setCookie).toMatch(/; Path=\//);
    expect(await standing(cookieOf(response))).toEqual({ state: 'ok' });
    expect(await standing()).toEqual({ state: 'no-session' });
    expect(outcomes.at(-1)).toEqual({ ok: true });
  });

  it('only GET redeems', async () => {
    const url = new URL(server.bootstrapUrl());
    expect((await rawGet(server.port, url.pathname + url.search, {}, 'POST')).status).toBe(405);
    expect((await redeem(url.href)).status).toBe(303); // the code was not spent by the POST
  });

  it('refuses a second use, tells the live UI with the close code and ends every session', async () => {
    const url = server.bootstrapUrl();
    const first = await redeem(url);
    const cookie = cookieOf(first);
    const live = await open(cookie);
    const closed = new Promise<number>((resolve) => live.once('close', (code) => resolve(code)));

    const second = await redeem(url);
    expect(second.status).toBe(303);
    expect(second.headers['set-cookie']?.[0]).toMatch(/=; .*Max-Age=0/);
    expect(outcomes.at(-1)).toEqual({ ok: false, reason: 'reused' });
    expect(await closed).toBe(SESSION_ENDED_CLOSE_CODE);
    expect(await standing(cookie)).toEqual({ state: 'session-ended' });
    expect(await standing()).toEqual({ state: 'session-ended' });
    await expect(open(cookie)).rejects.toThrow('HTTP 403');

    // A new link starts over.
    const fresh = cookieOf(await redeem(server.bootstrapUrl()));
    expect(await standing(fresh)).toEqual({ state: 'ok' });
    expect(await standing(cookie)).toEqual({ state: 'no-session' });
  });

  it('an expired code sets no cookie and ends nothing', async () => {
    const session = cookieOf(await redeem(server.bootstrapUrl()));
    const url = server.bootstrapUrl();
    time.advance(BOOTSTRAP_TTL_MS + 1);
    const response = await redeem(url);
    expect(response.headers['set-cookie']).toBeUndefined();
    expect(outcomes.at(-1)).toEqual({ ok: false, reason: 'expired' });
    expect(await standing(session)).toEqual({ state: 'ok' });
  });
});

describe('port ownership', () => {
  let dataDir: string;
  let server: WebShellServer;
  let foreign: Server;

  beforeAll(async () => {
    dataDir = path.join(workDir, 'data');
    mkdirSync(dataDir);
    const secret = newOwnerSecret();
    server = await startWebShellServer({
      service: createFakeArchiveService().service,
      rendererDir,
      port: 0,
      log: silentLog,
      ownerSecret: secret,
    });
    writeOwnerSecret(dataDir, secret);
    // Another program on a port: it answers everything with 200 and a plausible hex string.
    foreign = createServer((_req, res) => res.end('0'.repeat(64)));
    await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await server.close();
    await new Promise((resolve) => foreign.close(resolve));
  });

  const portOf = (s: Server) => (s.address() as { port: number }).port;

  it('writes the per-run secret 0600', () => {
    expect(statSync(ownerSecretFile(dataDir)).mode & 0o777).toBe(0o600);
  });

  it('the running shell proves it holds the secret of this data dir', async () => {
    expect(await checkPortOwner({ port: server.port, dataDir })).toBe('this-app');
    const nonce = 'ab'.repeat(16);
    const answer = await rawGet(server.port, `${OWNER_PATH}?nonce=${nonce}`);
    expect(answer.body).not.toBe(ownerProof(newOwnerSecret(), server.port, nonce));
    expect((await rawGet(server.port, `${OWNER_PATH}?nonce=zz`)).status).toBe(400);
  });

  it('another program on the port is not the app, nor a shell of another data dir, nor nobody', async () => {
    expect(await checkPortOwner({ port: portOf(foreign), dataDir })).toBe('another-program');
    const otherDir = path.join(workDir, 'other-data');
    mkdirSync(otherDir);
    expect(await checkPortOwner({ port: server.port, dataDir: otherDir })).toBe('another-program');
    writeOwnerSecret(otherDir, newOwnerSecret());
    expect(await checkPortOwner({ port: server.port, dataDir: otherDir })).toBe('another-program');
    // Nobody listening at all.
    const freed = portOf(foreign);
    await new Promise((resolve) => foreign.close(resolve));
    expect(await checkPortOwner({ port: freed, dataDir, timeoutMs: 500 })).toBe('another-program');
    foreign = createServer();
    await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
  });

  it('says plainly what to do in each case', () => {
    expect(portBusyMessage('this-app', 47821)).toMatch(/already running.*\n.*Use its window/);
    const other = portBusyMessage('another-program', 47821);
    expect(other).toContain('another program');
    expect(other).toContain('must not be opened there');
    expect(other).not.toMatch(/use its window/i);
  });
});

describe('shell log file', () => {
  it('appends JSON lines to <data dir>/logs/browser-shell.log, 0600, with secret fields redacted', () => {
    const dir = path.join(workDir, 'log-data');
    mkdirSync(dir);
    const first = openShellLog(dir);
    expect(first.file).toBe(shellLogFile(dir));
    first.log('info', 'started', { port: 47821, cookie: 'session-value-xyz' });
    first.close();
    const second = openShellLog(dir);
    second.log('warn', 'again');
    second.close();
    const lines = readFileSync(first.file, 'utf8').trimEnd().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { message: string }).message)).toEqual([
      'started',
      'again',
    ]);
    expect(lines[0]).not.toContain('session-value-xyz');
    expect(statSync(first.file).mode & 0o777).toBe(0o600);
  });
});
