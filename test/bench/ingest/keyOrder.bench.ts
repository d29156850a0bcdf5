import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromiumProfile } from '../../e2e/support/chromium';
import { cpuSpent, processCpu, programOf } from '../processCpu';
import { APP_MESSAGE_INDEXES } from './appIndexes';

/**
 * `npm run bench:key-order -- [--messages 1000000] [--step 100000]` (issue 16, docs/ARCHITECTURE.md
 * §9.2): why IndexedDB's cost per message grows as the archive fills, measured on bare IndexedDB.
 *
 * The same rows — shaped like the app's messages: a ~700-byte sealed body (random bytes, as
 * ciphertext is) and the header columns, in chats and times like a pull's — are written 1,000 per
 * strict transaction into a fresh Chromium profile on disk, in up to seven ways, each in a Chromium of
 * its own:
 *   msgid — keyed [corpId, msgid] as the app's `messages` store is, with the app's secondary indexes;
 *   seq   — keyed [corpId, seqKey] (the pull's order, so every row lands after the last), the same
 *           indexes with [corpId+seqKey] traded for a unique [corpId+msgid];
 *   seq-loose — the same with a non-unique [corpId+msgid] (no uniqueness check on write);
 *   append — keyed [corpId, seqKey] with no secondary index at all: every write lands after the
 *           last, nothing else is kept; the least any store of these rows can cost IndexedDB;
 *   pages — the page store's records (docs/ARCHITECTURE.md §9.3): a record per chat per transaction,
 *           ≤ 64 messages, keyed [corpId, convId, seqKey] of its first, with a multiEntry index of
 *           its msgids;
 *   pages-seq — the same pages keyed in pull order ([corpId, seqKey] of the first message, so each lands
 *           after the last), with a chat index of one entry per page and the msgid multiEntry index;
 *   pages-seq-bare — pages-seq without the msgid index: what finding by msgid costs as the store fills.
 * `--ways msgid,seq,seq-loose,append,pages,pages-seq,pages-seq-bare` picks which (default msgid,seq).
 * msgids are random, as WeCom's are, so the first way scatters every row's body over the whole key
 * range and the backing store's compactions rewrite old bodies again and again as it grows.
 * After every `--step` rows it prints Chromium's CPU per message for that step; the last line is one
 * JSON object with the first and last step of each way.
 */

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '1000000' },
    step: { type: 'string', default: '100000' },
    port: { type: 'string', default: '47995' },
    ways: { type: 'string', default: 'msgid,seq' },
  },
});
const MESSAGES = Number(values.messages);
const STEP = Math.min(MESSAGES, Number(values.step));
if (!Number.isInteger(MESSAGES) || !Number.isInteger(STEP) || STEP < 1000 || STEP % 1000 !== 0)
  throw new Error('--messages and --step must be whole numbers of thousands');

const WAYS = ['msgid', 'seq', 'seq-loose', 'append', 'pages', 'pages-seq', 'pages-seq-bare'] as const;
type Way = (typeof WAYS)[number];
const ways = values.ways.split(',').map((way) => {
  if (!(WAYS as readonly string[]).includes(way))
    throw new Error(`--ways: ${way} is not one of ${WAYS.join(', ')}`);
  return way as Way;
});

function chromiumCpu(): number {
  const spent = cpuSpent(
    new Map(),
    processCpu((argv) => (programOf(argv).startsWith('chromium') ? 'chromium' : null)),
  );
  return spent.reduce((sum, [, seconds]) => sum + seconds, 0);
}

/** Until Chromium uses under 5 % of a core for a second (its compactions done), at most 2 minutes. */
async function settled(): Promise<void> {
  let last = chromiumCpu();
  for (let waited = 0; waited < 120; waited += 1) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const now = chromiumCpu();
    if (now - last < 0.05) return;
    last = now;
  }
}

async function runWay(way: Way, url: string): Promise<number[]> {
  const profile = mkdtempSync(path.join(tmpdir(), `key-order-${way}-`));
  const context = await launchChromiumProfile(profile);
  const perStep: number[] = [];
  try {
    const page = await context.newPage();
    await page.goto(url);
    // tsx (esbuild keepNames) wraps named functions in __name(); the page has no such helper.
    await page.evaluate('window.__name = (fn) => fn');
    await page.evaluate(
      async ([keyedBy, indexes]) => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const request = indexedDB.open('key-order', 1);
          request.onupgradeneeded = () => {
            if (keyedBy.startsWith('pages-seq')) {
              // Pages in pull order: keyed by their first message's seqKey (above every earlier page, so
              // each lands after the last; the message count in the key, for counting by keys), a
              // chat's pages found through one index entry per page, and (not in -bare) a message by
              // its msgid through a multiEntry index.
              const store = request.result.createObjectStore('messages', {
                keyPath: ['corpId', 'seqKey', 'n'],
              });
              store.createIndex('chat', ['corpId', 'convId', 'seqKey']);
              if (keyedBy === 'pages-seq') store.createIndex('msgids', 'msgids', { multiEntry: true });
              return;
            }
            if (keyedBy === 'pages') {
              // The page store's shape (docs/ARCHITECTURE.md §9.3): one record per chat per transaction,
              // at most 64 messages, in pull order within the chat; a message found by its msgid
              // through a multiEntry index of the page's msgids.
              request.result
                .createObjectStore('messages', { keyPath: ['corpId', 'convId', 'seqKey'] })
                .createIndex('msgids', 'msgids', { multiEntry: true });
              return;
            }
            const inPullOrder = keyedBy.startsWith('seq') || keyedBy === 'append';
            const store = request.result.createObjectStore('messages', {
              keyPath: inPullOrder ? ['corpId', 'seqKey'] : ['corpId', 'msgid'],
            });
            if (keyedBy === 'append') return;
            for (const [name, keyPath] of indexes) {
              if (keyedBy.startsWith('seq') && name === '[corpId+seqKey]') continue;
              store.createIndex(name, keyPath);
            }
            if (keyedBy.startsWith('seq'))
              store.createIndex('[corpId+msgid]', ['corpId', 'msgid'], { unique: keyedBy === 'seq' });
          };
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        let state = 20_240_606;
        const random = () => (state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0) / 4_294_967_296;
        const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
        const types = ['text', 'text', 'text', 'text', 'image', 'voice', 'file', 'video', 'emotion', 'link'];
        // Chats come in bursts, as in a pull: a message stays in the previous one's chat 89 % of the
        // time, else goes to any of 716 — about 105 chats per 1,000 messages, as in bench:ingest's corpus.
        let chat = 0;
        const row = (i: number) => {
          if (random() >= 0.89) chat = Math.floor(random() * 716);
          let msgid = '';
          for (let k = 0; k < 28; k += 1) msgid += letters[Math.floor(random() * letters.length)];
          const body = new Uint8Array(700);
          crypto.getRandomValues(body);
          return {
            corpId: 'bench',
            msgid,
            seq: String(i + 1),
            seqKey: String(i + 1).padStart(20, '0'),
            status: 'ok',
            publickeyVer: 1,
            msgtype: types[Math.floor(random() * types.length)],
            msgtime: 1_700_000_000_000 + i * 900 + Math.floor(random() * 500),
            convId: `chat${chat}`,
            body: body.buffer,
          };
        };
        const target = window as unknown as { keyOrderWrite: (from: number, count: number) => Promise<void> };
        target.keyOrderWrite = async (from, count) => {
          for (let start = from; start < from + count; start += 1000) {
            await new Promise<void>((resolve, reject) => {
              const tx = db.transaction('messages', 'readwrite', { durability: 'strict' });
              const store = tx.objectStore('messages');
              if (keyedBy.startsWith('pages')) {
                const byChat = new Map<string, Array<ReturnType<typeof row>>>();
                for (let i = start; i < start + 1000; i += 1) {
                  const next = row(i);
                  const list = byChat.get(next.convId) ?? [];
                  list.push(next);
                  byChat.set(next.convId, list);
                }
                for (const [convId, list] of byChat)
                  for (let at = 0; at < list.length; at += 64) {
                    const part = list.slice(at, at + 64);
                    store.put({
                      corpId: 'bench',
                      convId,
                      seqKey: part[0]?.seqKey,
                      n: part.length,
                      msgids: part.map((message) => message.msgid),
                      rows: part,
                    });
                  }
              } else for (let i = start; i < start + 1000; i += 1) store.put(row(i));
              tx.oncomplete = () => resolve();
              tx.onerror = () => reject(tx.error ?? new Error('the transaction failed'));
            });
          }
        };
      },
      [way, APP_MESSAGE_INDEXES] as const,
    );
    await settled();
    let cpu = chromiumCpu();
    for (let done = 0; done < MESSAGES; done += STEP) {
      const started = performance.now();
      await page.evaluate(
        ([from, count]) =>
          (window as unknown as { keyOrderWrite: (f: number, c: number) => Promise<void> }).keyOrderWrite(
            from,
            count,
          ),
        [done, STEP] as const,
      );
      const now = chromiumCpu();
      const usPerMessage = ((now - cpu) * 1e6) / STEP;
      cpu = now;
      perStep.push(usPerMessage);
      console.log(
        `${way}: ${done + STEP} rows, last ${STEP} in ${((performance.now() - started) / 1000).toFixed(1)} s, ` +
          `${usPerMessage.toFixed(0)} µs of Chromium CPU per message`,
      );
    }
    // Messages stored: the rows, or for pages the msgid index's entries (one per message).
    const count = await page.evaluate(
      (keyedBy) =>
        new Promise<number>((resolve, reject) => {
          const request = indexedDB.open('key-order');
          request.onsuccess = () => {
            const store = request.result.transaction('messages').objectStore('messages');
            if (keyedBy === 'pages-seq-bare') {
              const keys = store.getAllKeys();
              keys.onsuccess = () =>
                resolve((keys.result as [string, string, number][]).reduce((sum, key) => sum + key[2], 0));
              keys.onerror = () => reject(keys.error);
              return;
            }
            const counting = keyedBy.startsWith('pages') ? store.index('msgids').count() : store.count();
            counting.onsuccess = () => resolve(counting.result);
            counting.onerror = () => reject(counting.error);
          };
          request.onerror = () => reject(request.error);
        }),
      way,
    );
    if (count !== MESSAGES) throw new Error(`${way}: ${count} rows stored, not ${MESSAGES}`);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
  return perStep;
}

const server = createServer((_request, response) => {
  response
    .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    .end('<!doctype html><title>keys</title>');
});
await new Promise<void>((resolve) => server.listen(Number(values.port), '127.0.0.1', resolve));
try {
  const url = `http://127.0.0.1:${values.port}/`;
  const result: Record<string, number | string> = { bench: 'key-order', messages: MESSAGES, step: STEP };
  for (const way of ways) {
    const perStep = await runWay(way, url);
    const first = perStep[0] ?? 0;
    const last = perStep.at(-1) ?? 0;
    Object.assign(result, {
      [`${way}FirstUs`]: Math.round(first),
      [`${way}LastUs`]: Math.round(last),
      [`${way}Growth`]: Math.round((last / first) * 100) / 100,
    });
  }
  console.log(JSON.stringify(result));
} finally {
  server.close();
}
