import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';

/**
 * Is the program on our fixed port this app? (docs/security.md, "A fixed loopback origin".)
 *
 * The archive's origin is `http://127.0.0.1:47821`; whoever listens there while the app is down
 * serves pages in that origin and can read what the browser keeps for it. So when the port is busy
 * the shell does not assume the listener is an earlier instance of itself: every running shell keeps
 * a per-run secret in a 0600 file in its data dir and answers a challenge (HMAC of a fresh nonce)
 * on a loopback endpoint. Only a process that can read that file can answer.
 */
export const OWNER_PATH = '/.well-known/wecom-archive-owner';
const SECRET_FILE = 'shell-owner.secret';

export function ownerSecretFile(dataDir: string): string {
  return path.join(dataDir, SECRET_FILE);
}

/** A fresh secret for this run; the server answers with it, the file is written once the port is ours. */
export function newOwnerSecret(): Buffer {
  return randomBytes(32);
}

/** Written 0600 (tightened even when the file already existed). */
export function writeOwnerSecret(dataDir: string, secret: Buffer): void {
  const file = ownerSecretFile(dataDir);
  writeFileSync(file, secret.toString('hex'), { mode: 0o600 });
  chmodSync(file, 0o600);
}

export function removeOwnerSecret(dataDir: string): void {
  rmSync(ownerSecretFile(dataDir), { force: true });
}

/** The answer to `nonce` on `port`; the port is bound in so an answer cannot be replayed elsewhere. */
export function ownerProof(secret: Buffer, port: number, nonce: string): string {
  return createHmac('sha256', secret).update(`wecom-archive-owner\0${port}\0${nonce}`).digest('hex');
}

export type PortOwner = 'this-app' | 'another-program';

/**
 * Challenges the listener on `port` with the secret in `dataDir`. Anything but a correct answer
 * within `timeoutMs` (no secret file, refused, wrong answer, not HTTP at all) is another program.
 */
export async function checkPortOwner(options: {
  port: number;
  dataDir: string;
  timeoutMs?: number;
}): Promise<PortOwner> {
  let secret: Buffer;
  try {
    secret = Buffer.from(readFileSync(ownerSecretFile(options.dataDir), 'utf8').trim(), 'hex');
  } catch {
    return 'another-program';
  }
  if (secret.length !== 32) return 'another-program';
  const nonce = randomBytes(16).toString('hex');
  const answer = await getText(options.port, `${OWNER_PATH}?nonce=${nonce}`, options.timeoutMs ?? 2_000);
  if (answer === null) return 'another-program';
  const expected = Buffer.from(ownerProof(secret, options.port, nonce), 'utf8');
  const given = Buffer.from(answer.trim(), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected)
    ? 'this-app'
    : 'another-program';
}

function getText(port: number, pathAndQuery: string, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: pathAndQuery,
        headers: { host: `127.0.0.1:${port}` },
        timeout: timeoutMs,
      },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          resolve(null);
          return;
        }
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
          if (body.length > 1_000) req.destroy();
        });
        res.on('end', () => resolve(body));
        res.on('error', () => resolve(null));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
    req.end();
  });
}

/** What the terminal says when the port is busy, by who holds it. */
export function portBusyMessage(owner: PortOwner, port: number): string {
  const url = `http://127.0.0.1:${port}/`;
  if (owner === 'this-app') {
    return [
      `The app is already running on ${url} with this data folder.`,
      'Use its window, or press Enter in its terminal for a one-time link.',
    ].join('\n');
  }
  return [
    `Port ${port} is held by another program, which could not prove it is this app.`,
    `Do not open ${url}: the archive must not be opened there (that program would see what the browser keeps for it).`,
    'Stop that program, then start the app again.',
  ].join('\n');
}
