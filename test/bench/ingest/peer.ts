import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PeerWorkerData } from './peerWorker';

/**
 * bench:ingest's peer (`--peer`): the same corpus pulled by the kind of script the issue compares the app
 * with — no browser, no IPC, SQLite on disk in WAL with synchronous=FULL, one transaction per page with the
 * cursor — in worker threads that split the pages between them. Two ways:
 *
 * - plain: the message's text stored as it came (what such a script does);
 * - with the app's duties: each message also sealed at rest, its header columns indexed (chat and time,
 *   type), its visible text in an FTS5 trigram index, a summary row per chat and a row per media item —
 *   the work the app may not skip (issue 16 keeps the search index and derived tables; docs/security.md
 *   §8 seals the archive).
 *
 * What the peer reaches with the duties, against RSA-only on all cores in the same run, is what storage
 * as cheap as SQLite's would allow the app (docs/ARCHITECTURE.md §9.1).
 */
export interface PeerRun {
  msgsPerSec: number;
  seconds: number;
  bytesPerMessage: number;
}

export async function runPeer(options: {
  library: string;
  corpid: string;
  secret: string;
  keys: Record<number, string>;
  messages: number;
  workers: number;
  duties: boolean;
}): Promise<PeerRun> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ingest-peer-'));
  const file = path.join(dir, 'archive.sqlite');
  try {
    createSchema(file, options.duties);
    const pages = Math.ceil(options.messages / 1000);
    const shares: string[][] = Array.from({ length: options.workers }, () => []);
    for (let page = 0; page < pages; page += 1) shares[page % options.workers]?.push(String(page * 1000));
    const started = performance.now();
    const counts = await Promise.all(
      shares.map((cursors) => {
        const data: PeerWorkerData = {
          library: options.library,
          corpid: options.corpid,
          secret: options.secret,
          keys: options.keys,
          cursors,
          file,
          duties: options.duties,
        };
        return new Promise<number>((resolve, reject) => {
          // The worker is TypeScript: it registers tsx in its own thread, then loads the module.
          const entry = new URL('./peerWorker.ts', import.meta.url).href;
          const worker = new Worker(
            `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`,
            { eval: true, workerData: data },
          );
          worker.once('message', (stored: number) => resolve(stored));
          worker.once('error', reject);
          worker.once('exit', (code) => {
            if (code !== 0) reject(new Error(`peer worker exited with ${code}`));
          });
        });
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const stored = counts.reduce((sum, count) => sum + count, 0);
    if (stored !== options.messages) throw new Error(`the peer stored ${stored} of ${options.messages}`);
    const bytes = ['', '-wal'].reduce((sum, suffix) => {
      try {
        return sum + statSync(file + suffix).size;
      } catch {
        return sum;
      }
    }, 0);
    return { msgsPerSec: stored / seconds, seconds, bytesPerMessage: bytes / stored };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function createSchema(file: string, duties: boolean): void {
  const require = createRequire(import.meta.url);
  const Sqlite = require('better-sqlite3') as new (file: string) => {
    exec(sql: string): void;
    pragma(sql: string): unknown;
    close(): void;
  };
  const db = new Sqlite(file);
  db.pragma('journal_mode = WAL');
  db.exec(
    duties
      ? `CREATE TABLE messages (seq INTEGER PRIMARY KEY, msgid TEXT NOT NULL UNIQUE, publickey_ver INTEGER,
           sealed BLOB, msgtype TEXT, sender TEXT, conv_id TEXT, msgtime INTEGER);
         CREATE INDEX messages_chat ON messages (conv_id, msgtime);
         CREATE INDEX messages_type ON messages (msgtype);
         CREATE VIRTUAL TABLE texts USING fts5 (text, tokenize = 'trigram');
         CREATE TABLE chats (conv_id TEXT PRIMARY KEY, count INTEGER, first_msgtime INTEGER,
           last_msgtime INTEGER, last_msgid TEXT);
         CREATE TABLE media (sdkfileid TEXT PRIMARY KEY, msgid TEXT, kind TEXT, state TEXT);
         CREATE INDEX media_state ON media (state);`
      : `CREATE TABLE messages (seq INTEGER PRIMARY KEY, msgid TEXT NOT NULL UNIQUE, publickey_ver INTEGER, raw TEXT);`,
  );
  db.exec('CREATE TABLE cursor (id INTEGER PRIMARY KEY, seq INTEGER); INSERT INTO cursor VALUES (1, 0);');
  db.close();
}
