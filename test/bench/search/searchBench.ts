/**
 * `npm run bench:search -- --messages N` (default 1,000,000): the search index measured in Debian's
 * Chromium (real IndexedDB on disk, the real search worker), against SQLite FTS5 trigram in Node on
 * the same normalised texts. Last line: one JSON object (see the issue).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import type { BrowserContext, Page } from 'playwright-core';
import type { IngestMessageDto } from '../../../main/contract';
import { extractHeader } from '../../../main/services/archive/messageHeader';
import { generateCorpus, readCorpusRecords } from '../../../native/standin/corpus/index';
import { conversationId } from '../../../renderer/db/convId';
import { COMPACT_AT } from '../../../renderer/search/compaction';
import { BLOCKS_PER_RUN } from '../../../renderer/search/docRuns';
import { indexedTextOf } from '../../../renderer/search/extractText';
import { normalizeText } from '../../../renderer/search/normalize';
import type { SearchFilters, SearchRequest } from '../../../renderer/search/protocol';
import { parseQuery } from '../../../renderer/search/queryParse';
import { isExternalUserId } from '../../../renderer/search/senderKind';
import { CHROMIUM_PATH, launchChromiumProfile } from '../../e2e/support/chromium';
import { benchFilters, chooseQueries, type BenchQuery } from './benchQueries';
import type { BenchApi } from './benchPage';
import { SqliteBaseline, type BaselineDoc } from './sqliteBaseline';

const argValue = (name: string): string | undefined => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
};
const MESSAGES = Number(argValue('--messages') ?? 1_000_000);
const ROUNDS = Number(argValue('--rounds') ?? 3);
/** Batches also stored without the index (A/B, alternating which goes first), for the ingest ratio. */
const AB_MESSAGES = Number(argValue('--ab-messages') ?? Infinity);
const BATCH = 1000;
/** `--unsealed`: rows stored plain (no data key), for the cost of encryption at rest (docs/security.md §8). */
const SEALED = !process.argv.includes('--unsealed');
const SEALED_PARAM = SEALED ? '' : '&sealed=0';
/**
 * `--keep DIR`: the Chromium profile, the SQLite baseline and what the seeding measured stay in DIR
 * (created; must not hold an earlier run). `--reuse DIR`: no seeding; the queries and the cold start
 * run on a kept archive (3,000,000 messages take over an hour to seed), the seeding's numbers read back.
 */
/**
 * `--drop-caches`: the cold start also after the kernel's page cache is dropped (as after a reboot; needs
 * root: writes /proc/sys/vm/drop_caches). Without it the browser restarts on files the OS still caches.
 */
const DROP_CACHES = process.argv.includes('--drop-caches');
const KEEP = argValue('--keep');
const REUSE = argValue('--reuse');
if (KEEP && REUSE) throw new Error('--keep and --reuse: one or the other');
const PORT_INDEX = 47995;
const PORT_PLAIN = 47996;
const here = path.dirname(new URL(import.meta.url).pathname);
const log = (line: string) => console.log(line);

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

async function corpus(): Promise<string> {
  const dir = path.join(tmpdir(), `search-bench-corpus-${MESSAGES}`);
  if (!existsSync(path.join(dir, 'manifest.json'))) {
    const started = performance.now();
    await generateCorpus({ outDir: dir, seed: 6, profile: 'bench', messages: MESSAGES });
    log(
      `corpus: generated ${MESSAGES} messages in ${round((performance.now() - started) / 1000)} s at ${dir}`,
    );
  } else log(`corpus: reusing ${dir}`);
  return dir;
}

async function bundle(): Promise<string> {
  const out = mkdtempSync(path.join(tmpdir(), 'search-bench-www-'));
  const common = {
    bundle: true,
    format: 'esm',
    target: 'es2023',
    logLevel: 'warning',
    minify: true,
  } as const;
  await build({
    ...common,
    entryPoints: [path.join(here, 'benchPage.ts')],
    outfile: path.join(out, 'page.js'),
  });
  await build({
    ...common,
    entryPoints: [path.join(here, '../../../renderer/search/search.worker.ts')],
    outfile: path.join(out, 'worker.js'),
  });
  return out;
}

function serve(dir: string, port: number): Promise<Server> {
  const files: Record<string, [string, string]> = {
    '/': ['<!doctype html><meta charset="utf-8"><script type="module" src="page.js"></script>', 'text/html'],
    '/page.js': [readFileSync(path.join(dir, 'page.js'), 'utf8'), 'text/javascript'],
    '/worker.js': [readFileSync(path.join(dir, 'worker.js'), 'utf8'), 'text/javascript'],
  };
  const server = createServer((req, res) => {
    const file = files[(req.url ?? '/').split('?')[0] as string];
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': `${file[1]}; charset=utf-8` }).end(file[0]);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

async function openPage(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => log(`pageerror: ${error.message}`));
  page.on('console', (m) => {
    if ((m.type() === 'error' || m.type() === 'warning') && !m.text().includes('404'))
      log(`console: ${m.text()}`);
  });
  await page.goto(url);
  await page.waitForFunction(() => document.title === 'ready');
  return page;
}

const bench = (page: Page) => ({
  ingest: (corpId: string, cursor: string, messages: IngestMessageDto[]) =>
    page.evaluate(([c, s, m]) => (window as unknown as { bench: BenchApi }).bench.ingest(c, s, m), [
      corpId,
      cursor,
      messages,
    ] as const),
  search: (request: SearchRequest) =>
    page.evaluate((r) => (window as unknown as { bench: BenchApi }).bench.search(r), request),
  status: () => page.evaluate(() => (window as unknown as { bench: BenchApi }).bench.status()),
  warm: () => page.evaluate(() => (window as unknown as { bench: BenchApi }).bench.warm()),
  blocksAfterRuns: () =>
    page.evaluate(() => (window as unknown as { bench: BenchApi }).bench.blocksAfterRuns()),
  storage: () => page.evaluate(() => (window as unknown as { bench: BenchApi }).bench.storageBytes()),
  indexBytes: () => page.evaluate(() => (window as unknown as { bench: BenchApi }).bench.indexBytes()),
  close: () => page.close(),
  coldStart: (request: SearchRequest) =>
    page.evaluate((r) => (window as unknown as { bench: BenchApi }).bench.coldStart(r), request),
});

interface CorpusBatch {
  corpId: string;
  cursor: string;
  messages: IngestMessageDto[];
}

async function* batches(root: string): AsyncIterable<CorpusBatch> {
  const manifest = JSON.parse(readFileSync(path.join(root, 'manifest.json'), 'utf8')) as {
    corps: { corpid: string }[];
  };
  for (const { corpid } of manifest.corps) {
    let messages: IngestMessageDto[] = [];
    let cursor = '0';
    for await (const record of readCorpusRecords(root, corpid)) {
      const raw = record.body.toString('utf8');
      const parsed = extractHeader(raw);
      cursor = record.seq.toString();
      messages.push(
        parsed.ok
          ? {
              seq: cursor,
              msgid: record.msgid,
              publickeyVer: record.publickeyVer,
              status: 'ok',
              raw,
              header: parsed.header,
            }
          : {
              seq: cursor,
              msgid: record.msgid,
              publickeyVer: record.publickeyVer,
              status: 'decrypt-failed',
              failure: { stage: 'parse', message: parsed.message },
            },
      );
      if (messages.length === BATCH) {
        yield { corpId: corpid, cursor, messages };
        messages = [];
      }
    }
    if (messages.length > 0) yield { corpId: corpid, cursor, messages };
  }
}

const STATE_FILE = 'seeded.json';
const DEMO_CORP = 'wwdemo00000000001';

/** What seeding measured, kept with a `--keep` archive for `--reuse`. */
interface Seeded {
  /** The corpus's corp other than the demo's (the filtered queries' corp). */
  benchCorp: string;
  total: number;
  newest: number;
  sample: string[];
  ingestRatio: number;
  bytesPerMessage: number;
  sealed: boolean;
  seededAt: string;
}

/**
 * Seeds the archive: every batch into the app with the index and (A/B, alternating which goes first, so
 * both see the same load on a shared machine) into a page without it, on its own origin. The worker
 * merges segments meanwhile. SQLite is fed the same texts alongside.
 */
async function seed(context: BrowserContext, pageUrl: string, baseline: SqliteBaseline): Promise<Seeded> {
  const root = await corpus();
  const plain = bench(await openPage(context, `http://127.0.0.1:${PORT_PLAIN}/?index=0${SEALED_PARAM}`));
  const indexed = bench(await openPage(context, pageUrl));
  let plainMs = 0;
  let plainCount = 0;
  let pairedWithMs = 0;
  let withMs = 0;
  let total = 0;
  let sqliteMs = 0;
  let newest = 0;
  let window = { plain: 0, with: 0, count: 0 };
  let batchNo = 0;
  const sample: string[] = [];
  const wallStarted = performance.now();
  for await (const batch of batches(root)) {
    batchNo += 1;
    const paired = plainCount < AB_MESSAGES;
    let ms: number;
    let plainBatchMs = 0;
    if (paired && batchNo % 2 === 0) {
      plainBatchMs = await plain.ingest(batch.corpId, batch.cursor, batch.messages);
      ms = await indexed.ingest(batch.corpId, batch.cursor, batch.messages);
    } else {
      ms = await indexed.ingest(batch.corpId, batch.cursor, batch.messages);
      if (paired) plainBatchMs = await plain.ingest(batch.corpId, batch.cursor, batch.messages);
    }
    withMs += ms;
    if (paired) {
      plainMs += plainBatchMs;
      pairedWithMs += ms;
      plainCount += batch.messages.length;
      window.plain += plainBatchMs;
    }
    window.with += ms;
    window.count += batch.messages.length;
    const docs: BaselineDoc[] = [];
    for (const m of batch.messages) {
      if (m.status !== 'ok' || !m.raw || !m.header) continue;
      const indexed = indexedTextOf(m.raw);
      const text = normalizeText(indexed.text);
      if (total % 50 === 0) sample.push(text);
      newest = Math.max(newest, m.header.msgtime);
      docs.push({
        corp: batch.corpId,
        conv: conversationId(m.header),
        external: isExternalUserId(m.header.from),
        msgtype: m.header.msgtype,
        media: indexed.hasMedia,
        msgtime: m.header.msgtime,
        text,
      });
      total += 1;
    }
    const s = performance.now();
    baseline.insert(docs);
    sqliteMs += performance.now() - s;
    if (window.count >= 100_000) {
      const rate = (ms: number) => (ms > 0 ? String(round(window.count / (ms / 1000), 0)) : '–');
      log(
        `  … ${total} stored; last ${window.count}: ${rate(window.with)} msgs/s with index, ${rate(window.plain)} without`,
      );
      window = { plain: 0, with: 0, count: 0 };
    }
  }
  const wallMs = performance.now() - wallStarted;
  const withRate = total / (withMs / 1000);
  const plainRate = plainCount / (plainMs / 1000);
  const pairedWithRate = plainCount / (pairedWithMs / 1000);
  const ingestRatio = pairedWithRate / plainRate;
  const plainBytes = await plain.storage();
  log(
    `ingest (commitBatch time in the page, ${BATCH} per batch): with index ${round(withRate, 0)} msgs/s over ${total}; on the ${plainCount} paired batches ${round(pairedWithRate, 0)} vs ${round(plainRate, 0)} msgs/s without → ratio ${round(ingestRatio, 2)}; wall ${round(wallMs / 1000)} s`,
  );
  log(`sqlite fts5 trigram ingest (Node, in-process): ${round(total / (sqliteMs / 1000), 0)} msgs/s`);

  const settleStarted = performance.now();
  while ((await indexed.status()).segments >= COMPACT_AT) await new Promise((r) => setTimeout(r, 500));
  const status = await indexed.status();
  log(
    `segments merged ${round((performance.now() - settleStarted) / 1000)} s after ingest; ${status.documents} documents, ${status.segments} segments waiting`,
  );
  const withBytes = await indexed.storage();
  const stores = await indexed.indexBytes();
  const indexTotal = Object.values(stores).reduce((n, b) => n + b, 0);
  const bytesPerMessage = indexTotal / total;
  log(
    `storage: search stores ${round(bytesPerMessage, 0)} B/msg logical (${Object.entries(stores)
      .map(([k, b]) => `${k} ${round(b / total, 0)}`)
      .join(
        ', ',
      )}); origin usage (navigator.storage.estimate, compressed by Chromium) ${round(withBytes / total, 0)} B/msg with index vs ${round(plainBytes / plainCount, 0)} B/msg without`,
  );

  await indexed.close();
  await plain.close();
  return {
    benchCorp: readManifestCorp(root, DEMO_CORP),
    total,
    newest,
    sample,
    ingestRatio: round(ingestRatio, 2),
    bytesPerMessage: round(bytesPerMessage, 0),
    sealed: SEALED,
    seededAt: new Date().toISOString(),
  };
}

async function main(): Promise<void> {
  log(
    `search bench: ${MESSAGES} messages (bench corp) + the demo corp; engine in Chromium ${CHROMIUM_PATH} (real IndexedDB, search worker); baseline SQLite FTS5 trigram (better-sqlite3) in Node`,
  );
  const kept = KEEP ?? REUSE;
  if (KEEP && existsSync(path.join(KEEP, STATE_FILE)))
    throw new Error(`--keep ${KEEP}: holds an earlier run (${STATE_FILE}); use --reuse, or another folder`);
  if (REUSE && !existsSync(path.join(REUSE, STATE_FILE)))
    throw new Error(`--reuse ${REUSE}: no ${STATE_FILE} there (seed it with --keep first)`);
  if (kept) mkdirSync(path.join(kept, 'profile'), { recursive: true });
  if (kept) mkdirSync(path.join(kept, 'sqlite'), { recursive: true });
  const profile = kept
    ? path.join(kept, 'profile')
    : mkdtempSync(path.join(tmpdir(), 'search-bench-profile-'));
  const sqliteDir = kept
    ? path.join(kept, 'sqlite')
    : mkdtempSync(path.join(tmpdir(), 'search-bench-sqlite-'));
  const www = await bundle();
  const servers = [await serve(www, PORT_INDEX), await serve(www, PORT_PLAIN)];
  const pageUrl = `http://127.0.0.1:${PORT_INDEX}/?index=1${SEALED_PARAM}`;
  let context = await launchChromiumProfile(profile);
  try {
    const baseline = new SqliteBaseline(path.join(sqliteDir, 'fts.db'));
    let seeded: Seeded;
    if (REUSE) {
      seeded = JSON.parse(readFileSync(path.join(REUSE, STATE_FILE), 'utf8')) as Seeded;
      if (seeded.sealed !== SEALED)
        throw new Error(`--reuse ${REUSE}: seeded ${seeded.sealed ? 'sealed' : 'unsealed'}`);
      log(
        `reusing ${REUSE}: ${seeded.total} messages seeded on ${seeded.seededAt}; ingest ratio ${seeded.ingestRatio}, ${seeded.bytesPerMessage} B/msg (measured then)`,
      );
    } else {
      seeded = await seed(context, pageUrl, baseline);
      if (KEEP) writeFileSync(path.join(KEEP, STATE_FILE), JSON.stringify(seeded));
    }
    const { benchCorp, total, newest, sample, ingestRatio, bytesPerMessage } = seeded;
    log(`archive: ${SEALED ? 'sealed (AES-GCM, as the app stores it)' : 'unsealed (--unsealed)'}`);
    // The queries' page: the worker warmed (filter columns in memory), segments merged and docs blocks
    // merged into runs (an archive seeded before runs existed gets them now) before timing.
    let indexed = bench(await openPage(context, pageUrl));
    await indexed.warm();
    const settling = performance.now();
    while (
      (await indexed.status()).segments >= COMPACT_AT ||
      (await indexed.blocksAfterRuns()) >= BLOCKS_PER_RUN
    )
      await new Promise((r) => setTimeout(r, 500));
    log(
      `query page warm and maintained ${round((performance.now() - settling) / 1000)} s after warming; ${await indexed.blocksAfterRuns()} docs blocks after the last run`,
    );

    // 3. Queries.
    const queries = chooseQueries(sample);
    const filtered: SearchFilters = benchFilters(benchCorp, newest);
    const ours: Record<string, number[]> = {};
    const theirs: Record<string, number[]> = {};
    const all: number[] = [];
    const allBaseline: number[] = [];
    const details: string[] = [];
    for (let r = 0; r < ROUNDS; r += 1) {
      for (const q of queries) {
        for (const [variant, filters] of [
          ['plain', {}],
          ['filtered', filtered],
        ] as [string, SearchFilters][]) {
          const key = `${q.kind}/${variant}`;
          const { page, ms } = await indexed.search({ query: q.query, filters, offset: 0, limit: 50 });
          (ours[key] ??= []).push(ms);
          all.push(ms);
          const terms = parseQuery(q.query).terms;
          const s = performance.now();
          const rows = baseline.firstPage(terms, filters);
          const bms = performance.now() - s;
          (theirs[key] ??= []).push(bms);
          allBaseline.push(bms);
          if (r === 0)
            details.push(
              `  ${key.padEnd(22)} ${JSON.stringify(q.query).padEnd(24)} sample=${String(q.sampleCount).padStart(4)} hits=${page.hits.length} total=${page.totalExact ? '' : '≈'}${page.total} ${round(ms)} ms | sqlite ${rows.length} rows ${round(bms)} ms`,
            );
        }
      }
    }
    log('queries (first round):');
    for (const line of details) log(line);
    log('latency to first page (50 hits + total), ms:           ours p50 / p95   | sqlite fts5 p50 / p95');
    for (const key of Object.keys(ours)) {
      const a = ours[key] as number[];
      const b = theirs[key] as number[];
      log(
        `  ${key.padEnd(24)} ${String(round(percentile(a, 50))).padStart(8)} / ${String(round(percentile(a, 95))).padEnd(8)} | ${String(round(percentile(b, 50))).padStart(8)} / ${round(percentile(b, 95))}`,
      );
    }

    // 4. Cold start: the browser restarted on the same profile, the app page opened, first search answered.
    const coldStart = async (dropCaches: boolean) => {
      await context.close();
      if (dropCaches) {
        execFileSync('sync');
        writeFileSync('/proc/sys/vm/drop_caches', '3');
      }
      context = await launchChromiumProfile(profile);
      const coldPage = await context.newPage();
      await coldPage.goto(pageUrl);
      await coldPage.waitForFunction(() => document.title === 'ready');
      indexed = bench(coldPage);
      const cold = await indexed.coldStart({
        query: queries[0]?.query ?? '的',
        filters: {},
        offset: 0,
        limit: 50,
      });
      log(
        `cold start (browser restarted${dropCaches ? ', page cache dropped' : ''}, ${total} stored): page ready (archive open, key imported) ${round(cold.readyMs, 0)} ms, first answer ${round(cold.firstAnswerMs, 0)} ms, first index-backed answer ${round(cold.firstIndexAnswerMs, 0)} ms after navigation start`,
      );
      return cold;
    };
    const cold = await coldStart(false);
    if (DROP_CACHES) await coldStart(true);

    const p95 = percentile(all, 95);
    const p50 = percentile(all, 50);
    const baselineP95 = percentile(allBaseline, 95);
    baseline.close();
    console.log(
      JSON.stringify({
        bench: 'search',
        messages: total,
        p95Ms: round(p95),
        p50Ms: round(p50),
        baselineP95Ms: round(baselineP95),
        ratioToBaseline: round(p95 / baselineP95, 2),
        ingestWithIndexRatio: round(ingestRatio, 2),
        bytesPerMessage: round(bytesPerMessage, 0),
        coldStartToFirstSearchMs: round(cold.firstIndexAnswerMs, 0),
      }),
    );
  } finally {
    await context.close().catch(() => undefined);
    for (const server of servers) server.close();
    if (!kept) {
      rmSync(profile, { recursive: true, force: true });
      rmSync(sqliteDir, { recursive: true, force: true });
    }
    rmSync(www, { recursive: true, force: true });
  }
}

function readManifestCorp(root: string, not: string): string {
  const manifest = JSON.parse(readFileSync(path.join(root, 'manifest.json'), 'utf8')) as {
    corps: { corpid: string }[];
  };
  return manifest.corps.find((c) => c.corpid !== not)?.corpid ?? not;
}

export type { BenchQuery };
await main();
