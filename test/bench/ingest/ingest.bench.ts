/**
 * `npm run bench:ingest -- --messages N` (default 200,000): the whole pull path, end to end — the
 * stand-in SDK in the SDK host process → RSA + DecryptData → IPC (the browser shell's WebSocket) →
 * Dexie/IndexedDB in Chromium, one transaction per batch, acknowledged — against a baseline measured
 * in the same run: RSA-only decryption of the same corpus's random keys on all cores (node:crypto in
 * worker threads, nothing else). The last line is one JSON object (other tooling reads it):
 * {"bench":"ingest","messages":N,"msgsPerSec":…,"rsaOnlyMsgsPerSec":…,"ratio":…,"peakRendererHeapMB":…}
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CDPSession, Page } from 'playwright-core';
import { outDir, standinLibrary } from '../../../build/paths';
import { loadFinanceSdk } from '../../../native/bindings/financeSdk';
import { BENCH_CORP, generateCorpus, readCorpusRecords } from '../../../native/standin/corpus/index';
import { launchChromiumProfile } from '../../e2e/support/chromium';
import { startAppSession } from '../../e2e/support/demo';
import { addCorpFromSettings, goTo, importKeyFromSettings } from '../../e2e/support/settingsUi';
import { cpuSpent, describeCpu, processCpu, programOf, type ProcessCpu } from '../processCpu';
import { APP_MESSAGE_INDEXES } from './appIndexes';
import { runPeer } from './peer';
import { rsaOnlyThroughput, type RsaItem } from './rsaBaseline';
import { toSeqKey } from '../../../main/common/seq/seq';
import { extractHeader } from '../../../main/services/archive/messageHeader';
import { conversationId } from '../../../renderer/db/convId';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '200000' },
    port: { type: 'string', default: '47910' },
    // Where to write a CPU profile of the renderer's main thread during the pull (CDP).
    'cpu-profile': { type: 'string' },
    // After the pull, the same messages written through bare IndexedDB, six ways, each in a Chromium
    // of its own: what storing them costs with nothing else done, and the ratio that would allow
    // beside RSA (storageFloor below, docs/ARCHITECTURE.md §9.1).
    'storage-floor': { type: 'boolean', default: false },
    // After the pull, the same corpus pulled by a plain SQLite script, and by one that also does the
    // app's duties for every message, in worker threads (peer.ts, docs/ARCHITECTURE.md §9.1).
    peer: { type: 'boolean', default: false },
    // Only the RSA-only baseline and the peer, no app: whether a SQLite script's rate holds as its
    // archive grows (--messages 1000000 against 200000, docs/ARCHITECTURE.md §9.2). Its last line is
    // {"bench":"ingest-peer",...}, not the app's.
    'peer-only': { type: 'boolean', default: false },
    // Which worker counts the peer runs, e.g. "2" (default: 1 and every core).
    'peer-workers': { type: 'string' },
  },
  strict: true,
});
const messages = Number(values.messages);
if (!Number.isSafeInteger(messages) || messages < 1000)
  throw new Error('--messages must be an integer ≥ 1000');
// Checked here, not when the peer starts: a typo must not cost the whole pull before it.
const peerWorkers = values['peer-workers']?.split(',').map(Number) ?? [1, availableParallelism()];
if (peerWorkers.some((count) => !Number.isInteger(count) || count < 1))
  throw new Error('--peer-workers: whole numbers ≥ 1, comma-separated');
const log = (line: string) => process.stderr.write(`bench:ingest: ${line}\n`);

type FloorVariant = 'row' | 'row+indexes' | 'row+indexes strict' | 'page' | 'chat-page' | 'chat-page+msgid';
const FLOOR_VARIANTS: readonly FloorVariant[] = [
  'row',
  'row+indexes',
  'row+indexes strict',
  'page',
  'chat-page',
  'chat-page+msgid',
];
const FLOOR_LABEL: Record<FloorVariant, string> = {
  row: 'a row per message, primary key only',
  'row+indexes': "a row per message with the app's secondary indexes",
  'row+indexes strict': 'the same with strict durability, as the app commits',
  page: '64 messages per record',
  'chat-page': 'a record per chat per transaction (≤ 64 messages), keyed [corpId, convId, seqKey]',
  'chat-page+msgid': 'the same with a multiEntry index of its msgids (a message found by msgid)',
};

// 1. The corpus (cached per size: the generator is deterministic; keys are generated once).
// Named by corp too, so a corpus cached under an earlier corp ID is not reused.
const corpusDir = path.join(outDir, 'bench-corpus', `ingest-${messages}-${BENCH_CORP.corpid}`);
if (!existsSync(path.join(corpusDir, 'manifest.json'))) {
  log(`generating a ${messages}-message corpus in ${corpusDir}`);
  await generateCorpus({ outDir: corpusDir, seed: 20_240_606, profile: 'bench', messages });
}
const keysDir = path.join(corpusDir, BENCH_CORP.corpid, 'keys');
const keys: Record<number, string> = {};
for (const file of readdirSync(keysDir)) {
  const match = /^pri_v(\d+)\.pem$/.exec(file);
  if (match?.[1]) keys[Number(match[1])] = readFileSync(path.join(keysDir, file), 'utf8');
}

// 2. Baseline: the random keys the stand-in serves for this corpus, RSA-decrypted on all cores.
process.env.WEWORK_STANDIN_DATA = corpusDir;
const sdk = loadFinanceSdk(standinLibrary);
const handle = sdk.createHandle(BENCH_CORP.corpid, BENCH_CORP.secret);
const items: RsaItem[] = [];
for (let cursor = 0n; ;) {
  const raw = await sdk.getChatData(handle, { seq: cursor, limit: 1000, proxy: '', passwd: '', timeout: 10 });
  const page = JSON.parse(raw.replace(/"seq":(\d+)/g, '"seq":"$1"')) as {
    chatdata?: Array<{ seq: string; publickey_ver: number; encrypt_random_key: string }>;
  };
  const chatdata = page.chatdata ?? [];
  if (chatdata.length === 0) break;
  for (const item of chatdata) items.push({ ver: item.publickey_ver, rk: item.encrypt_random_key });
  cursor = BigInt(chatdata.at(-1)?.seq ?? '0');
}
sdk.destroyHandle(handle);
if (items.length !== messages) throw new Error(`the stand-in served ${items.length} of ${messages} messages`);
const rsaCpuBefore = process.cpuUsage();
const baseline = await rsaOnlyThroughput(items, keys);
const rsaCpu = process.cpuUsage(rsaCpuBefore);
const rsaCpuUsPerMsg = (rsaCpu.user + rsaCpu.system) / messages;
log(
  `RSA only: ${baseline.msgsPerSec.toFixed(0)} msgs/s on ${baseline.threads} threads, ` +
    `${rsaCpuUsPerMsg.toFixed(0)} µs of CPU per message`,
);

if (values['peer-only']) {
  const runs = await peers(baseline.msgsPerSec);
  process.stdout.write(
    `${JSON.stringify({
      bench: 'ingest-peer',
      messages,
      rsaOnlyMsgsPerSec: Math.round(baseline.msgsPerSec),
      ...Object.fromEntries(runs.map((run) => [run.name, Math.round(run.msgsPerSec)])),
    })}\n`,
  );
  process.exit(0);
}

// 3. The app: browser shell + Chromium, the corp configured through the Settings screen.
const profileDir = values['cpu-profile'] ? path.resolve(values['cpu-profile']) : undefined;
if (profileDir) mkdirSync(profileDir, { recursive: true });
const session = await startAppSession({
  port: Number(values.port),
  language: 'en',
  env: { WEWORK_STANDIN_DATA: corpusDir },
  // On disk, as the installed app stores its archive (an off-the-record context keeps IndexedDB in
  // memory, which costs far less CPU than the disk: docs/ARCHITECTURE.md §9.1).
  profileOnDisk: true,
});
let peakHeapBytes = 0;
/** The renderer's JS heap at the last sample (garbage included): logged every 30 s beside the rate. */
let lastHeapBytes = 0;
let result: Record<string, string | number> | undefined;
let sampler: NodeJS.Timeout | undefined;
try {
  const { page } = session;
  const corpId = await addCorpFromSettings(
    page,
    {
      corpid: BENCH_CORP.corpid,
      name: BENCH_CORP.name,
      secret: BENCH_CORP.secret,
      libraryPath: standinLibrary,
      batchLimit: 1000,
    },
    () => session.shell.output(),
  );
  for (const [version, pem] of Object.entries(keys)) await importKeyFromSettings(page, Number(version), pem);
  await goTo(page, 'Pull');

  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const sampleHeap = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const used = metrics.find((metric) => metric.name === 'JSHeapUsedSize')?.value ?? 0;
    peakHeapBytes = Math.max(peakHeapBytes, used);
    lastHeapBytes = used;
  };
  sampler = setInterval(() => void sampleHeap().catch(() => undefined), 250);

  const caughtUp = await armCaughtUp(page, corpId);
  if (profileDir) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
  }
  const cpuBefore = appCpu();
  const started = performance.now();
  await page.getByRole('button', { name: 'Start pull' }).click();
  // The rate as the archive grows, every 30 s: a rate that falls with the stored count is work that
  // grows with it (issue 16: 1,000,000 messages within 15 % of 200,000).
  let lastStored = 0;
  let lastAt = started;
  const progress = setInterval(() => {
    void page
      .evaluate((id) => window.__archiveTest?.counts(id), corpId)
      .then((stored) => {
        const now = performance.now();
        const total = stored?.total ?? 0;
        log(
          `stored ${total} of ${messages} at ${((now - started) / 1000).toFixed(0)} s: ` +
            `${(((total - lastStored) * 1000) / (now - lastAt)).toFixed(0)} msgs/s over the last ${((now - lastAt) / 1000).toFixed(0)} s, ` +
            `renderer heap ${(lastHeapBytes / 1024 / 1024).toFixed(0)} MB`,
        );
        lastStored = total;
        lastAt = now;
      })
      .catch(() => undefined);
  }, 30_000);
  try {
    await caughtUp();
  } finally {
    clearInterval(progress);
  }
  const seconds = (performance.now() - started) / 1000;
  logCpuShares('the pull', cpuBefore, appCpu(), seconds);
  clearInterval(sampler);
  await sampleHeap();
  if (profileDir) {
    const { profile } = await cdp.send('Profiler.stop');
    writeFileSync(path.join(profileDir, 'renderer.cpuprofile'), JSON.stringify(profile));
    log(`renderer CPU profile in ${profileDir}`);
  }

  const counts = await page.evaluate((id) => window.__archiveTest?.counts(id), corpId);
  if (counts?.ok !== messages)
    throw new Error(`stored ${JSON.stringify(counts)}, expected ${messages} decrypted`);
  const msgsPerSec = messages / seconds;
  log(`end to end: ${messages} messages in ${seconds.toFixed(1)} s = ${msgsPerSec.toFixed(0)} msgs/s`);
  result = {
    bench: 'ingest',
    messages,
    msgsPerSec: Math.round(msgsPerSec),
    rsaOnlyMsgsPerSec: Math.round(baseline.msgsPerSec),
    ratio: Number((msgsPerSec / baseline.msgsPerSec).toFixed(3)),
    peakRendererHeapMB: Number((peakHeapBytes / 1024 / 1024).toFixed(1)),
  };
} finally {
  if (sampler) clearInterval(sampler);
  await session.close();
}
// After the app's Chromium has gone: the floor's browsers must not share the cores with its
// backing store still compacting.
if (values['storage-floor']) await storageFloor(rsaCpuUsPerMsg);
if (values.peer) await peers(baseline.msgsPerSec);
process.stdout.write(`${JSON.stringify(result)}\n`);

/** Resolves when the corp's pull comes to rest caught up (the app's own `archive:pull-settled` event). */
async function armCaughtUp(page: Page, corpId: string): Promise<() => Promise<void>> {
  await page.evaluate((id) => {
    const target = window as unknown as { __benchCaughtUp?: Promise<string> };
    target.__benchCaughtUp = new Promise((resolve) => {
      window.addEventListener('archive:pull-settled', (event) => {
        const detail = (event as CustomEvent<{ corpId: string; state: string }>).detail;
        if (detail.corpId === id && detail.state !== 'running') resolve(detail.state);
      });
    });
  }, corpId);
  return async () => {
    const state = await page.evaluate(
      () => (window as unknown as { __benchCaughtUp?: Promise<string> }).__benchCaughtUp,
    );
    if (state !== 'caught-up') throw new Error(`the pull settled as ${String(state)}, not caught-up`);
    await page.evaluate((id) => window.__archiveTest?.pullIdle(id), corpId);
  };
}

/**
 * CPU seconds of every Chromium and Node process of the run, by role, so the log says where the
 * pull's cores went: the SDK host (RSA, DecryptData), main (the shell), the renderer (Dexie, sealing,
 * derived tables), and Chromium's browser and utility processes (IndexedDB's backing store).
 */
function appCpu(): Map<number, ProcessCpu> {
  return processCpu((argv) => {
    const program = programOf(argv);
    if (program.startsWith('chromium')) {
      const type = argv.find((arg) => arg.startsWith('--type='))?.slice(7);
      const sub = argv.find((arg) => arg.startsWith('--utility-sub-type='))?.slice(19);
      return `chromium ${type ?? 'browser'}${sub ? ` (${sub})` : ''}`;
    }
    if (program !== 'node') return null;
    if (argv.some((arg) => arg.endsWith('shell.cjs'))) return 'node main (shell)';
    if (argv.some((arg) => arg.endsWith('sdk-host.cjs'))) return 'node SDK host';
    return null;
  });
}

function logCpuShares(
  what: string,
  before: Map<number, ProcessCpu>,
  after: Map<number, ProcessCpu>,
  wallSeconds: number,
): void {
  const spent = cpuSpent(before, after).filter(([, seconds]) => seconds >= 0.05);
  log(`CPU during ${what} (${wallSeconds.toFixed(1)} s wall): ${describeCpu(spent)}`);
}

/**
 * The peer (peer.ts): the corpus pulled by a plain SQLite script and by one that also does the app's
 * duties, on one thread and on every core, each against this run's RSA-only rate.
 */
async function peers(rsaMsgsPerSec: number): Promise<Array<{ name: string; msgsPerSec: number }>> {
  const runs: Array<{ name: string; msgsPerSec: number }> = [];
  for (const duties of [false, true])
    for (const workers of [...new Set(peerWorkers)]) {
      const run = await runPeer({
        library: standinLibrary,
        corpid: BENCH_CORP.corpid,
        secret: BENCH_CORP.secret,
        keys,
        messages,
        workers,
        duties,
      });
      log(
        `peer, ${duties ? "SQLite with the app's duties (sealed, indexed, full-text, chats, media)" : 'plain SQLite script'}, ` +
          `${workers} worker${workers === 1 ? '' : 's'}: ${messages} messages in ${run.seconds.toFixed(1)} s = ` +
          `${run.msgsPerSec.toFixed(0)} msgs/s, ratio ${(run.msgsPerSec / rsaMsgsPerSec).toFixed(3)}, ` +
          `${run.bytesPerMessage.toFixed(0)} bytes per message on disk`,
      );
      runs.push({ name: `${duties ? 'duties' : 'plain'}${workers}w`, msgsPerSec: run.msgsPerSec });
    }
  return runs;
}

/**
 * The storage floor: every message of the corpus written through bare IndexedDB after the app's pull,
 * each way in a Chromium of its own (floorVariant), with no Dexie, no sealing, no derived table and no
 * search index, six ways: a row per message `{corpId, msgid, seq, raw}` keyed [corpId, msgid]; the same
 * row with the header columns and the app's secondary indexes on them; that again with strict durability, as the app commits;
 * the rows packed 64 to a record (what a design storing pages instead of rows would pay); and two
 * shapes such a design could take: a record per chat per transaction (at most 64 messages, keyed by
 * chat and the first message's seqKey, so a timeline reads a chat's records in order), and that with
 * a multiEntry index of the record's msgids (marks and quotes find a message by msgid). 1,000
 * messages per transaction, relaxed durability unless said. The rows are in the page before the clock
 * starts, so only the writes count: the CPU of every Chromium process (the renderer serialising, the
 * browser process's backing store) per message. With RSA's CPU per message beside it,
 * `rsa ÷ (rsa + floor)` bounds the ratio such a design can reach on this machine with zero cost for
 * everything else (docs/ARCHITECTURE.md §9.1).
 */
async function storageFloor(rsaCpuUsPerMsg: number): Promise<void> {
  const rows: Array<Record<string, string | number>> = [];
  for await (const record of readCorpusRecords(corpusDir, BENCH_CORP.corpid)) {
    const raw = record.body.toString('utf8');
    const parsed = extractHeader(raw);
    const seq = record.seq.toString();
    rows.push({
      corpId: 'floor',
      msgid: record.msgid,
      seq,
      seqKey: toSeqKey(seq),
      status: parsed.ok ? 'ok' : 'decrypt-failed',
      publickeyVer: 1,
      ...(parsed.ok
        ? {
            msgtype: parsed.header.msgtype,
            msgtime: parsed.header.msgtime,
            convId: conversationId(parsed.header),
          }
        : {}),
      raw,
    });
  }
  const server = createServer((_request, response) => {
    response
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end('<!doctype html><title>floor</title>');
  });
  const port = Number(values.port) + 1;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  try {
    for (const variant of FLOOR_VARIANTS)
      await floorVariant(variant, rows, `http://127.0.0.1:${port}/`, rsaCpuUsPerMsg);
  } finally {
    server.close();
  }
}

/**
 * One variant of the floor in a Chromium of its own (a fresh profile on disk), its CPU counted from
 * a quiet browser to a quiet browser again: the backing store's compaction after the last write is
 * part of what the writes cost.
 */
async function floorVariant(
  variant: FloorVariant,
  rows: ReadonlyArray<Record<string, string | number>>,
  url: string,
  rsaCpuUsPerMsg: number,
): Promise<void> {
  const profile = mkdtempSync(path.join(tmpdir(), 'ingest-floor-'));
  const context = await launchChromiumProfile(profile, {
    viewport: { width: 800, height: 600 },
    locale: 'en',
  });
  try {
    const page = await context.newPage();
    await page.goto(url);
    await page.evaluate(() => {
      (window as unknown as { __floorRows: unknown[] }).__floorRows = [];
    });
    for (let start = 0; start < rows.length; start += 10_000) {
      const chunk =
        variant === 'row'
          ? rows.slice(start, start + 10_000).map(keyAndText)
          : rows.slice(start, start + 10_000);
      await page.evaluate((part) => {
        (window as unknown as { __floorRows: unknown[] }).__floorRows.push(...part);
      }, chunk);
    }
    await chromiumSettled();
    const cpuBefore = appCpu();
    const wallMs = await page.evaluate(
      async ([kind, indexes]) => {
        const all = (window as unknown as { __floorRows: unknown[] }).__floorRows;
        const PACK = 64;
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const request = indexedDB.open(`bench-storage-floor-${kind.replaceAll(/\W/g, '-')}`, 1);
          request.onupgradeneeded = () => {
            const store = request.result.createObjectStore(
              'messages',
              kind === 'page'
                ? {}
                : kind.startsWith('chat-page')
                  ? { keyPath: ['corpId', 'convId', 'seqKey'] }
                  : { keyPath: ['corpId', 'msgid'] },
            );
            if (kind.startsWith('row+indexes'))
              for (const [name, keyPath] of indexes) store.createIndex(name, keyPath);
            if (kind === 'chat-page+msgid') store.createIndex('msgid', 'msgids', { multiEntry: true });
          };
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        const t0 = performance.now();
        for (let start = 0; start < all.length; start += 1000) {
          await new Promise<void>((resolve, reject) => {
            const tx = db.transaction('messages', 'readwrite', {
              durability: kind.endsWith('strict') ? 'strict' : 'relaxed',
            });
            const store = tx.objectStore('messages');
            const batch = all.slice(start, start + 1000);
            if (kind === 'page') {
              for (let at = 0; at < batch.length; at += PACK)
                store.put(batch.slice(at, at + PACK), (start + at) / PACK);
            } else if (kind.startsWith('chat-page')) {
              // The transaction's messages grouped by chat, in pull order: what a timeline reads.
              const byChat = new Map<string, Array<Record<string, string | number>>>();
              for (const row of batch as Array<Record<string, string | number>>) {
                const chat = String(row.convId ?? '');
                const list = byChat.get(chat) ?? [];
                list.push(row);
                byChat.set(chat, list);
              }
              for (const [convId, list] of byChat)
                for (let at = 0; at < list.length; at += PACK) {
                  const part = list.slice(at, at + PACK);
                  store.put({
                    corpId: part[0]!.corpId,
                    convId,
                    seqKey: part[0]!.seqKey,
                    msgids: part.map((row) => row.msgid),
                    rows: part,
                  });
                }
            } else for (const row of batch) store.put(row);
            tx.oncomplete = () => resolve();
            tx.onerror = () => reject(tx.error);
          });
        }
        const ms = performance.now() - t0;
        db.close();
        (window as unknown as { __floorRows: unknown[] }).__floorRows = [];
        return ms;
      },
      [variant, APP_MESSAGE_INDEXES] as const,
    );
    await chromiumSettled();
    const cpuAfter = appCpu();
    const chromiumSeconds = cpuSpent(cpuBefore, cpuAfter)
      .filter(([role]) => role.startsWith('chromium'))
      .reduce((sum, [, seconds]) => sum + seconds, 0);
    const floorUsPerMsg = (chromiumSeconds * 1e6) / rows.length;
    log(
      `storage floor, ${FLOOR_LABEL[variant]}: ${rows.length} messages in ${(wallMs / 1000).toFixed(1)} s, ` +
        `${chromiumSeconds.toFixed(1)} s of Chromium CPU = ${floorUsPerMsg.toFixed(0)} µs per message ` +
        `(RSA ${rsaCpuUsPerMsg.toFixed(0)} µs): at most ratio ` +
        `${(rsaCpuUsPerMsg / (rsaCpuUsPerMsg + floorUsPerMsg)).toFixed(3)} with nothing else stored or computed`,
    );
    logCpuShares(`the floor (${variant})`, cpuBefore, cpuAfter, wallMs / 1000);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Waits until Chromium's processes together use under 5 % of a core for a second (at most 2 minutes). */
async function chromiumSettled(): Promise<void> {
  const chromiumSeconds = () =>
    [...appCpu().values()]
      .filter(({ role }) => role.startsWith('chromium'))
      .reduce((sum, { seconds }) => sum + seconds, 0);
  const deadline = Date.now() + 120_000;
  let last = chromiumSeconds();
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const now = chromiumSeconds();
    if (now - last < 0.05) return;
    last = now;
  }
}

/** The least a stored message row holds: its key, its seq and its text. */
function keyAndText(row: Record<string, string | number>): Record<string, string | number> {
  return { corpId: row.corpId ?? '', msgid: row.msgid ?? '', seq: row.seq ?? '', raw: row.raw ?? '' };
}
