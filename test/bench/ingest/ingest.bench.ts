/**
 * `npm run bench:ingest -- --messages N` (default 200,000): the whole pull path, end to end — the
 * stand-in SDK in the SDK host process → RSA + DecryptData → IPC (the browser shell's WebSocket) →
 * Dexie/IndexedDB in Chromium, one transaction per batch, acknowledged — against a baseline measured
 * in the same run: RSA-only decryption of the same corpus's random keys on all cores (node:crypto in
 * worker threads, nothing else). The last line is one JSON object (other tooling reads it):
 * {"bench":"ingest","messages":N,"msgsPerSec":…,"rsaOnlyMsgsPerSec":…,"ratio":…,"peakRendererHeapMB":…}
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CDPSession, Page } from 'playwright-core';
import { outDir, standinLibrary } from '../../../build/paths';
import { loadFinanceSdk } from '../../../native/bindings/financeSdk';
import { BENCH_CORP, generateCorpus } from '../../../native/standin/corpus/index';
import { startAppSession } from '../../e2e/support/demo';
import { addCorpFromSettings, goTo, importKeyFromSettings } from '../../e2e/support/settingsUi';
import { rsaOnlyThroughput, type RsaItem } from './rsaBaseline';

const { values } = parseArgs({
  options: { messages: { type: 'string', default: '200000' }, port: { type: 'string', default: '47910' } },
  strict: true,
});
const messages = Number(values.messages);
if (!Number.isSafeInteger(messages) || messages < 1000)
  throw new Error('--messages must be an integer ≥ 1000');
const log = (line: string) => process.stderr.write(`bench:ingest: ${line}\n`);

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
const baseline = await rsaOnlyThroughput(items, keys);
log(`RSA only: ${baseline.msgsPerSec.toFixed(0)} msgs/s on ${baseline.threads} threads`);

// 3. The app: browser shell + Chromium, the corp configured through the Settings screen.
const session = await startAppSession({
  port: Number(values.port),
  language: 'en',
  env: { WEWORK_STANDIN_DATA: corpusDir },
});
let peakHeapBytes = 0;
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
  };
  sampler = setInterval(() => void sampleHeap().catch(() => undefined), 250);

  const caughtUp = await armCaughtUp(page, corpId);
  const started = performance.now();
  await page.getByRole('button', { name: 'Start pull' }).click();
  await caughtUp();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  await sampleHeap();

  const counts = await page.evaluate((id) => window.__archiveTest?.counts(id), corpId);
  if (counts?.ok !== messages)
    throw new Error(`stored ${JSON.stringify(counts)}, expected ${messages} decrypted`);
  const msgsPerSec = messages / seconds;
  log(`end to end: ${messages} messages in ${seconds.toFixed(1)} s = ${msgsPerSec.toFixed(0)} msgs/s`);
  const result = {
    bench: 'ingest',
    messages,
    msgsPerSec: Math.round(msgsPerSec),
    rsaOnlyMsgsPerSec: Math.round(baseline.msgsPerSec),
    ratio: Number((msgsPerSec / baseline.msgsPerSec).toFixed(3)),
    peakRendererHeapMB: Number((peakHeapBytes / 1024 / 1024).toFixed(1)),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  if (sampler) clearInterval(sampler);
  await session.close();
}

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
