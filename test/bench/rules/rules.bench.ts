/**
 * `npm run bench:rules -- --messages N` (default 1,000,000): lexicon rules (issue 12) in Debian's
 * Chromium, real IndexedDB and workers. 50 rules of 500 terms (benchRules.ts) over the bench corpus
 * (the generator's `bench` profile, shared with bench:search):
 *
 * - ingest A/B: every batch of the first `--ab-messages` is committed on two origins, both with the
 *   search index and its worker, one also running the rules worker that checks each stored block
 *   against the 50 rules; alternating which goes first. ingestWithRulesRatio = with / without.
 * - retroactive: all 50 rules over every stored message in the rules worker (index candidates, then
 *   only candidate texts matched), alerts written; against a naive scan in the same page over the
 *   same texts — fold each text, try every term with a substring search.
 *
 * Last line: {"bench":"rules","messages":N,"rules":50,"terms":500,"retroactiveMsgsPerSec":…,
 * "naiveScanMsgsPerSec":…,"speedupVsNaive":…,"ingestWithRulesRatio":…}
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import type { BrowserContext, Page } from 'playwright-core';
import type { IngestMessageDto } from '../../../main/contract';
import { extractHeader } from '../../../main/services/archive/messageHeader';
import { generateCorpus, readCorpusRecords } from '../../../native/standin/corpus/index';
import { COMPACT_AT } from '../../../renderer/search/compaction';
import { CHROMIUM_PATH, launchChromiumProfile } from '../../e2e/support/chromium';
import type { RulesBenchApi } from './benchPage';
import { benchRules, benchTerms } from './benchRules';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '1000000' },
    'ab-messages': { type: 'string', default: '200000' },
    // Keeps Chromium's profile (the ingested archive) in this folder and reuses it on the next run:
    // ingest and its A/B are skipped (ingestWithRulesRatio null), for iterating on the retroactive run.
    'profile-dir': { type: 'string' },
    // The two origins' ports (this and the next).
    port: { type: 'string', default: '47997' },
  },
  strict: true,
});
const MESSAGES = Number(values.messages);
const AB_MESSAGES = Number(values['ab-messages']);
if (!Number.isSafeInteger(MESSAGES) || MESSAGES < 1000)
  throw new Error('--messages must be an integer ≥ 1000');
const PORT_RULES = Number(values.port);
const PORT_PLAIN = PORT_RULES + 1;
const BATCH = 1000;
const here = path.dirname(new URL(import.meta.url).pathname);
const log = (line: string) => process.stderr.write(`bench:rules: ${line}\n`);
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** The bench corpus, cached under the same name bench:search uses (the generator is deterministic). */
async function corpusDir(): Promise<string> {
  const dir = path.join(tmpdir(), `search-bench-corpus-${MESSAGES}`);
  if (existsSync(path.join(dir, 'manifest.json'))) {
    log(`corpus: reusing ${dir}`);
    return dir;
  }
  const started = performance.now();
  await generateCorpus({ outDir: dir, seed: 6, profile: 'bench', messages: MESSAGES });
  log(`corpus: ${MESSAGES} messages generated in ${round((performance.now() - started) / 1000)} s at ${dir}`);
  return dir;
}

/** Ingest batches as main delivers them: decrypted messages with their parsed header, BATCH at a time. */
async function* ingestBatches(
  root: string,
): AsyncIterable<{ corpId: string; cursor: string; messages: IngestMessageDto[] }> {
  const { corps } = JSON.parse(readFileSync(path.join(root, 'manifest.json'), 'utf8')) as {
    corps: { corpid: string }[];
  };
  for (const { corpid } of corps) {
    let pending: IngestMessageDto[] = [];
    for await (const record of readCorpusRecords(root, corpid)) {
      const raw = record.body.toString('utf8');
      const header = extractHeader(raw);
      const seq = record.seq.toString();
      const base = { seq, msgid: record.msgid, publickeyVer: record.publickeyVer };
      pending.push(
        header.ok
          ? { ...base, status: 'ok', raw, header: header.header }
          : { ...base, status: 'decrypt-failed', failure: { stage: 'parse', message: header.message } },
      );
      if (pending.length < BATCH) continue;
      yield { corpId: corpid, cursor: seq, messages: pending };
      pending = [];
    }
    if (pending.length) yield { corpId: corpid, cursor: pending.at(-1)?.seq ?? '0', messages: pending };
  }
}

async function bundle(): Promise<string> {
  const out = mkdtempSync(path.join(tmpdir(), 'rules-bench-www-'));
  const entries: [string, string][] = [
    [path.join(here, 'benchPage.ts'), 'page.js'],
    [path.join(here, '../../../renderer/search/search.worker.ts'), 'search-worker.js'],
    [path.join(here, '../../../renderer/rules/rules.worker.ts'), 'rules-worker.js'],
  ];
  for (const [entry, file] of entries) {
    await build({
      entryPoints: [entry],
      outfile: path.join(out, file),
      bundle: true,
      format: 'esm',
      target: 'es2023',
      minify: true,
      logLevel: 'warning',
    });
  }
  return out;
}

function serve(dir: string, port: number): Promise<Server> {
  const body = (file: string) => readFileSync(path.join(dir, file), 'utf8');
  const routes = new Map<string, [string, string]>([
    [
      '/',
      ['<!doctype html><meta charset="utf-8"><script type="module" src="page.js"></script>', 'text/html'],
    ],
    ...['page.js', 'search-worker.js', 'rules-worker.js'].map((file): [string, [string, string]] => [
      `/${file}`,
      [body(file), 'text/javascript'],
    ]),
  ]);
  const server = createServer((req, res) => {
    const url = (req.url ?? '/').split('?')[0] as string;
    // The browser asks for a favicon: answered empty, so a 404 in the log means a missing bench file.
    if (url === '/favicon.ico') return void res.writeHead(204).end();
    const route = routes.get(url);
    if (!route) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': `${route[1]}; charset=utf-8` }).end(route[0]);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

async function openBench(context: BrowserContext, url: string): Promise<RulesBenchApi> {
  const page: Page = await context.newPage();
  page.on('pageerror', (error) => log(`pageerror: ${error.message}`));
  page.on('worker', (worker) => {
    worker.on('close', () => log(`worker closed: ${worker.url()}`));
    void worker
      .evaluate(() => 1)
      .then(
        () => log(`worker up: ${worker.url()}`),
        (error: unknown) => log(`worker failed: ${String(error)}`),
      );
  });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') log(`console: ${m.text()}`);
  });
  await page.goto(url);
  await page.waitForFunction(() => document.title === 'ready');
  const call =
    <K extends keyof RulesBenchApi>(name: K) =>
    (...args: Parameters<RulesBenchApi[K]>) =>
      page.evaluate(
        ([n, a]) => {
          const api = (window as unknown as { bench: Record<string, (...x: unknown[]) => unknown> }).bench;
          return api[n as string]?.(...(a as unknown[]));
        },
        [name, args] as const,
      ) as ReturnType<RulesBenchApi[K]>;
  return {
    saveRules: call('saveRules'),
    ingest: call('ingest'),
    status: call('status'),
    checked: call('checked'),
    retroactive: call('retroactive'),
    naive: call('naive'),
    floor: call('floor'),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const rules = benchRules(Date.now());
  const terms = benchTerms(rules);
  log(`${MESSAGES} messages, ${rules.length} rules, ${terms.length} terms; Chromium ${CHROMIUM_PATH}`);
  const root = await corpusDir();
  const www = await bundle();
  const servers = [await serve(www, PORT_RULES), await serve(www, PORT_PLAIN)];
  const kept = values['profile-dir'];
  const profile = kept ?? mkdtempSync(path.join(tmpdir(), 'rules-bench-profile-'));
  mkdirSync(profile, { recursive: true });
  // The archive's data key: random per profile (kept with a kept profile, so its sealed rows still open).
  const keyFile = path.join(profile, 'bench-data-key');
  if (!existsSync(keyFile)) writeFileSync(keyFile, randomBytes(32).toString('base64url'));
  const dataKey = readFileSync(keyFile, 'utf8');
  const ingestedFile = path.join(profile, 'bench-ingested.json');
  const reuse =
    kept !== undefined &&
    existsSync(ingestedFile) &&
    (JSON.parse(readFileSync(ingestedFile, 'utf8')) as { messages: number }).messages === MESSAGES;
  const context = await launchChromiumProfile(profile);
  try {
    const withRules = await openBench(context, `http://127.0.0.1:${PORT_RULES}/?rules=1&key=${dataKey}`);
    const plain = await openBench(context, `http://127.0.0.1:${PORT_PLAIN}/?rules=0&key=${dataKey}`);
    await withRules.saveRules(rules);

    // 1. Ingest, A/B on the first AB_MESSAGES (alternating which origin goes first), the rest with rules only.
    let pairedCount = 0;
    let pairedWithMs = 0;
    let pairedPlainMs = 0;
    let total = 0;
    let batchNo = 0;
    const started = performance.now();
    let recordedRatio: number | null = null;
    if (reuse) {
      const ingested = JSON.parse(readFileSync(ingestedFile, 'utf8')) as {
        total: number;
        ratio: number | null;
      };
      total = ingested.total;
      recordedRatio = ingested.ratio;
      log(
        `reusing the archive ingested in ${profile} (${total} messages): no ingest this run; ingestWithRulesRatio is the one measured when it was ingested (${recordedRatio})`,
      );
    }
    for await (const batch of reuse ? [] : ingestBatches(root)) {
      batchNo += 1;
      if (pairedCount < AB_MESSAGES) {
        const plainFirst = batchNo % 2 === 0;
        if (plainFirst) pairedPlainMs += await plain.ingest(batch.corpId, batch.cursor, batch.messages);
        pairedWithMs += await withRules.ingest(batch.corpId, batch.cursor, batch.messages);
        if (!plainFirst) pairedPlainMs += await plain.ingest(batch.corpId, batch.cursor, batch.messages);
        pairedCount += batch.messages.length;
      } else {
        await withRules.ingest(batch.corpId, batch.cursor, batch.messages);
      }
      total += batch.messages.length;
      if (total % 100_000 < BATCH)
        log(`  … ${total} stored (${round((performance.now() - started) / 1000)} s)`);
    }
    const withRate = pairedCount / (pairedWithMs / 1000);
    const plainRate = pairedCount / (pairedPlainMs / 1000);
    const ingestRatio = reuse ? recordedRatio : pairedCount > 0 ? withRate / plainRate : null;
    if (kept !== undefined && !reuse)
      writeFileSync(ingestedFile, JSON.stringify({ messages: MESSAGES, total, ratio: ingestRatio }));
    if (!reuse && ingestRatio !== null)
      log(
        `ingest on ${pairedCount} paired messages: ${round(withRate, 0)} msgs/s with 50 rules checked by the rules worker vs ${round(plainRate, 0)} without → ratio ${round(ingestRatio, 3)}`,
      );

    // 2. Settle: segments merged by the search worker, every block checked by the rules worker.
    const settle = performance.now();
    for (;;) {
      const [status, checked] = await Promise.all([withRules.status(), withRules.checked()]);
      if (status.segments < COMPACT_AT && !status.backfillPending && checked.checked >= checked.last) {
        log(
          `settled ${round((performance.now() - settle) / 1000)} s after ingest: ${status.segments} segments, ${checked.alerts} alerts from the incremental check`,
        );
        break;
      }
      if ((performance.now() - settle) % 10_000 < 500)
        log(
          `  settling: ${status.segments} segments, backfill ${status.backfillPending ? 'pending' : 'done'}, rules checked block ${checked.checked} of ${checked.last}`,
        );
      await sleep(500);
    }

    // 3. Retroactive run of all 50 rules, then the naive scan over the same texts.
    const retro = await withRules.retroactive(rules.map((r) => r.id));
    const retroRate = retro.messages / (retro.wallMs / 1000);
    log(
      `retroactive: ${retro.messages} messages in ${round(retro.wallMs / 1000, 2)} s (${round(retroRate, 0)} msgs/s; ${round(retro.ms, 0)} ms of it in the rules worker's run), ${retro.found} messages with hits`,
    );
    if (retro.phases) {
      const p = retro.phases;
      log(
        `  retroactive phases: rules read and compiled ${round(p.setupMs, 0)} ms, candidates ${round(p.candidatesMs, 0)} ms, read ${p.pagesRead} text pages of ${p.blocks} blocks ${round(p.readMs, 0)} ms, match ${p.candidatePairs} (message, rule) candidates ${round(p.matchMs, 0)} ms, between stretches ${round(p.yieldMs, 0)} ms, write ${round(p.writeMs, 0)} ms (dropping stale reasons ${round(p.dropMs, 0)} ms); rules' alert digests read in ${round(p.storedMs, 0)} ms`,
      );
    }
    const floor = await withRules.floor(rules);
    log(
      `  floor (the index's reads alone, in the page): candidates ${round(floor.candidatesMs, 0)} ms + ${floor.pages} text pages read unopened ${round(floor.readMs, 0)} ms = ${round(floor.candidatesMs + floor.readMs, 0)} ms`,
    );
    const naive = await withRules.naive(terms);
    const naiveRate = naive.messages / (naive.ms / 1000);
    log(
      `naive scan: ${naive.messages} messages × ${terms.length} terms in ${round(naive.ms / 1000, 2)} s (${round(naiveRate, 0)} msgs/s; ${round(naive.readMs, 0)} ms of it reading the text blocks), ${naive.hitMessages} messages with a term (no exclusions or proximity)`,
    );
    const floorMs = floor.candidatesMs + floor.readMs;
    log(
      `  bound: the naive scan's ${round(naive.ms, 0)} ms ÷ the floor's ${round(floorMs, 0)} ms = ${round(naive.ms / floorMs, 2)}× at most for any run that reads these candidates from this index`,
    );
    console.log(
      JSON.stringify({
        bench: 'rules',
        messages: total,
        rules: rules.length,
        terms: terms.length,
        retroactiveMsgsPerSec: round(retroRate, 0),
        naiveScanMsgsPerSec: round(naiveRate, 0),
        speedupVsNaive: round(retroRate / naiveRate, 2),
        ingestWithRulesRatio: ingestRatio === null ? null : round(ingestRatio, 3),
      }),
    );
  } finally {
    await context.close().catch(() => undefined);
    for (const server of servers) server.close();
    if (kept === undefined) rmSync(profile, { recursive: true, force: true });
    rmSync(www, { recursive: true, force: true });
  }
}

await main();
