import { existsSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { outDir } from '../../../build/paths';
import type { MediaRequestDto } from '../../../main/contract';
import {
  distinctMediaCorpus,
  type DistinctMediaCorpus,
  type DistinctMediaKind,
} from '../../../native/standin/corpus/mediaBench';
import { demoCorpRecord, demoHostPool } from '../../integration/demoHostPool';
import { cpuSpent, describeCpu, processCpu, type ProcessCpu } from '../processCpu';
import { appMediaConcurrency, median, queueRound, rawChunkLoop, round2, storeChunkLoop } from './mediaRounds';

/**
 * `npm run bench:media -- --distinct [--mb N] [--latency-ms N]` (issue 16, "Media on a realistic
 * corpus"). The default bench downloads the test corpus, whose 365 items are 16 distinct files, so
 * most items are compared with a stored copy instead of stored. Here every item is its own file, in
 * a real archive's mix (native/standin/corpus/mediaBench.ts: voice 2–60 s AMR/SILK, images
 * 30 KB–3 MB, videos 1–40 MB, files up to 100 MB; about 1.3 GB at the default `--mb 1200`), generated
 * once under os.tmpdir() per seed and size and reused.
 *
 * Two phases, each alternating the bare chunk loop and the media queue round after round (as the
 * default bench does), both at the queue's concurrency as the app chooses it (MediaService's default;
 * BENCH_MEDIA_CONCURRENCY overrides it for both):
 *   1. no latency: WARMUP (1) rounds shown, not counted, then ROUNDS (3) counted; distinctRatio is
 *      the queue's median MB/s over the raw loop's median MB/s. Fewer rounds than the default mode's
 *      8 + 31: a round moves the whole corpus three times and takes tens of seconds. Each round also
 *      runs a store loop (mediaRounds.storeChunkLoop: the raw loop plus md5, sha256 and a file write
 *      per chunk, a script's downloader), as a peer: what storing and verifying alone costs on this
 *      machine, reported as storeLoopMBps.
 *   2. `latency_ms` on the stand-in (FAULTS.md; GetMediaData sleeps it in network_prologue before
 *      anything else), default 30 ms per call: LATENCY_ROUNDS (3) rounds, counted from the first (the
 *      code is warm by then). latencyRatio = (chunk calls × latency ÷ concurrency) ÷ the queue's median
 *      time; rawLatencyRatio is the same for the bare loop, to tell the queue's cost from the SDK
 *      host's.
 * This process's RSS (the main side: queue, downloader, records) is sampled every 50 ms; the start
 * (host running, before the first round) and the peak are reported so "memory flat" can be judged.
 * The last line is one JSON object.
 */
const argValue = (name: string): string | undefined => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
};
const SEED = Number(process.env.BENCH_MEDIA_SEED ?? 20_240_606);
const TARGET_MB = Number(argValue('--mb') ?? 1200);
const LATENCY_MS = Number(argValue('--latency-ms') ?? 30);
const WARMUP = Number(process.env.BENCH_MEDIA_WARMUP ?? 1);
const ROUNDS = Number(process.env.BENCH_MEDIA_ROUNDS ?? 3);
const LATENCY_ROUNDS = Number(process.env.BENCH_MEDIA_LATENCY_ROUNDS ?? 3);
const CHUNK = 512 * 1024;
const hostBundle = path.join(outDir, 'host', 'sdk-host.cjs');
const library = path.join(outDir, 'native', 'libWeWorkFinanceSdk_C.so');

const chunkCalls = (size: number) => Math.max(1, Math.ceil(size / CHUNK));
const mb = (bytes: number) => bytes / 1e6;

function describeMix(corpus: DistinctMediaCorpus): void {
  const kinds: DistinctMediaKind[] = ['voice', 'image', 'video', 'file'];
  for (const kind of kinds) {
    const items = corpus.items.filter((item) => item.kind === kind);
    const sizes = items.map((item) => item.size).sort((a, b) => a - b);
    const formats = new Map<string, number>();
    for (const item of items) formats.set(item.ext, (formats.get(item.ext) ?? 0) + 1);
    const durations = items.flatMap((item) => (item.durationMs === undefined ? [] : [item.durationMs]));
    console.log(
      `  ${kind.padEnd(5)} ${String(items.length).padStart(4)} items ` +
        `(${[...formats].map(([ext, n]) => `${n} ${ext}`).join(', ')}), ` +
        `${mb(sizes.reduce((a, b) => a + b, 0)).toFixed(1)} MB, ` +
        `size ${kb(sizes[0] ?? 0)} / median ${kb(median(sizes))} / max ${kb(sizes.at(-1) ?? 0)}, ` +
        `${items.reduce((n, item) => n + chunkCalls(item.size), 0)} chunk calls` +
        (kind === 'voice' && durations.length > 0
          ? `, ${Math.min(...durations) / 1000}–${Math.max(...durations) / 1000} s`
          : ''),
    );
  }
}

function kb(bytes: number): string {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(0)} KB`;
}

export async function runDistinct(): Promise<void> {
  for (const file of [hostBundle, library]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run npm run build first`);
  }
  const generating = performance.now();
  const corpus = distinctMediaCorpus({ seed: SEED, targetMB: TARGET_MB });
  const items: MediaRequestDto[] = corpus.items.map((item) => ({
    sdkfileid: item.sdkfileid,
    msgid: 'bench',
    kind: item.kind,
    md5sum: item.md5,
    size: item.size,
  }));
  const totalBytes = corpus.items.reduce((sum, item) => sum + item.size, 0);
  const calls = corpus.items.reduce((sum, item) => sum + chunkCalls(item.size), 0);
  const distinct = new Set(corpus.items.map((item) => item.md5)).size;
  const concurrency =
    process.env.BENCH_MEDIA_CONCURRENCY === undefined
      ? await appMediaConcurrency()
      : Number(process.env.BENCH_MEDIA_CONCURRENCY);
  console.log(
    `distinct corpus ${corpus.root} (seed ${SEED}, --mb ${TARGET_MB}; ready in ` +
      `${((performance.now() - generating) / 1000).toFixed(1)} s): ${items.length} items, ` +
      `${distinct} distinct files, ${mb(totalBytes).toFixed(1)} MB, ${calls} chunk calls`,
  );
  describeMix(corpus);
  console.log(
    `concurrency ${concurrency} (${process.env.BENCH_MEDIA_CONCURRENCY === undefined ? "the app's default" : 'BENCH_MEDIA_CONCURRENCY'}); ` +
      `${ROUNDS} rounds after ${WARMUP} warm-up, then ${LATENCY_ROUNDS} rounds with ${LATENCY_MS} ms per GetMediaData`,
  );

  const controlDir = await mkdtemp(path.join(tmpdir(), 'media-bench-faults-'));
  const faults = path.join(controlDir, 'faults.conf');
  writeFileSync(faults, '');
  const pool = demoHostPool({
    hostBundle,
    library,
    corpusDir: corpus.root,
    secret: corpus.secret,
    env: { ...process.env, WEWORK_STANDIN_FAULTS: `@${faults}` },
    // One media handle per request in flight, as the app opens them (MEDIA_CONCURRENCY).
    mediaHandles: concurrency,
  });
  const corpRecord = demoCorpRecord({
    id: 'bench-distinct',
    corpid: corpus.corpid,
    name: 'bench',
    timeoutSec: 10,
  });
  const source = pool.mediaSourceFor(corpRecord);

  let peakRss = 0;
  const sampleRss = () => {
    const rss = process.memoryUsage().rss;
    if (rss > peakRss) peakRss = rss;
    return rss;
  };
  const sampler = setInterval(sampleRss, 50);
  const rssNote = () => `rss ${mb(sampleRss()).toFixed(0)} MB (peak ${mb(peakRss).toFixed(0)})`;

  const raw: number[] = [];
  const store: number[] = [];
  const queue: number[] = [];
  const rawCpuMsPerMB: number[] = [];
  const queueCpuMsPerMB: number[] = [];
  const rawLatency: number[] = [];
  const queueLatency: number[] = [];
  let startRss: number;
  try {
    await rawChunkLoop(source, items.slice(0, concurrency), concurrency); // start the host
    startRss = sampleRss();
    peakRss = startRss;
    console.log(`start: ${rssNote()}`);
    for (let round = 0; round < WARMUP + ROUNDS; round += 1) {
      let cpu = benchCpu();
      const started = performance.now();
      const bytes = await rawChunkLoop(source, items, concurrency);
      const rawSeconds = (performance.now() - started) / 1000;
      const rawMBps = mb(bytes) / rawSeconds;
      const rawCpu = cpuSince(cpu);
      if (bytes !== totalBytes) throw new Error(`the raw loop read ${bytes} bytes, not ${totalBytes}`);
      const storing = performance.now();
      if ((await storeChunkLoop(source, items, concurrency)) !== totalBytes)
        throw new Error('the store loop did not store every byte');
      const storeMBps = mb(totalBytes) / ((performance.now() - storing) / 1000);
      cpu = benchCpu();
      const queueSeconds = await queueRound(source, corpRecord, items, concurrency);
      const queueMBps = mb(totalBytes) / queueSeconds;
      const queueCpu = cpuSince(cpu);
      if (round >= WARMUP) {
        raw.push(rawMBps);
        store.push(storeMBps);
        queue.push(queueMBps);
        rawCpuMsPerMB.push((rawCpu.total * 1000) / mb(totalBytes));
        queueCpuMsPerMB.push((queueCpu.total * 1000) / mb(totalBytes));
      }
      const label = round >= WARMUP ? `round ${round - WARMUP + 1}` : `warm-up ${round + 1}`;
      console.log(
        `${label}: raw ${rawMBps.toFixed(1)} MB/s, store loop ${storeMBps.toFixed(1)} MB/s, ` +
          `queue ${queueMBps.toFixed(1)} MB/s; ${rssNote()}\n` +
          `  CPU: raw ${rawCpu.describe} (${(rawCpu.total / rawSeconds).toFixed(2)} cores), ` +
          `queue ${queueCpu.describe} (${(queueCpu.total / queueSeconds).toFixed(2)} cores)`,
      );
    }
    const cores = availableParallelism();
    console.log(
      `CPU per MB (medians): raw loop ${median(rawCpuMsPerMB).toFixed(2)} ms, queue ${median(queueCpuMsPerMB).toFixed(2)} ms; ` +
        `with all ${cores} cores busy the queue could reach ${((cores * 1000) / median(queueCpuMsPerMB)).toFixed(0)} MB/s ` +
        `(docs/ARCHITECTURE.md §7.1)`,
    );

    writeFileSync(faults, `latency_ms=${LATENCY_MS}\n`);
    const ideal = (calls * LATENCY_MS) / 1000 / concurrency;
    console.log(`latency ${LATENCY_MS} ms per call: ideal ${ideal.toFixed(1)} s`);
    for (let round = 0; round < LATENCY_ROUNDS; round += 1) {
      const started = performance.now();
      await rawChunkLoop(source, items, concurrency);
      const rawSeconds = (performance.now() - started) / 1000;
      const queueSeconds = await queueRound(source, corpRecord, items, concurrency);
      rawLatency.push(rawSeconds);
      queueLatency.push(queueSeconds);
      console.log(
        `latency round ${round + 1}: raw ${rawSeconds.toFixed(1)} s (${(ideal / rawSeconds).toFixed(2)} of ideal), ` +
          `queue ${queueSeconds.toFixed(1)} s (${(ideal / queueSeconds).toFixed(2)}); ${rssNote()}`,
      );
    }
  } finally {
    clearInterval(sampler);
    await pool.closeAll();
    await rm(controlDir, { recursive: true, force: true });
  }

  const ideal = (calls * LATENCY_MS) / 1000 / concurrency;
  const rawMBps = median(raw);
  const downloadMBps = median(queue);
  console.log(
    `medians: raw chunk loop ${rawMBps.toFixed(1)} MB/s, store loop ${median(store).toFixed(1)} MB/s ` +
      `(queue ÷ store loop ${(downloadMBps / median(store)).toFixed(2)}), media queue ${downloadMBps.toFixed(1)} MB/s; ` +
      `with ${LATENCY_MS} ms: raw ${median(rawLatency).toFixed(1)} s, queue ${median(queueLatency).toFixed(1)} s, ideal ${ideal.toFixed(1)} s`,
  );
  console.log(
    JSON.stringify({
      bench: 'media',
      mode: 'distinct',
      items: items.length,
      totalMB: round2(mb(totalBytes)),
      chunkCalls: calls,
      concurrency,
      downloadMBps: round2(downloadMBps),
      rawChunkMBps: round2(rawMBps),
      distinctRatio: round2(downloadMBps / rawMBps),
      latencyMs: LATENCY_MS,
      latencyRatio: round2(ideal / median(queueLatency)),
      rawLatencyRatio: round2(ideal / median(rawLatency)),
      storeLoopMBps: round2(median(store)),
      startRssMB: Math.round(mb(startRss)),
      peakRssMB: Math.round(mb(peakRss)),
    }),
  );
}

/** CPU seconds so far of this process (the queue, main's side) and of its SDK hosts. */
function benchCpu(): { self: NodeJS.CpuUsage; hosts: Map<number, ProcessCpu> } {
  return {
    self: process.cpuUsage(),
    hosts: processCpu((argv, ppid) =>
      ppid === process.pid && argv.some((arg) => arg.endsWith('sdk-host.cjs')) ? 'SDK host' : null,
    ),
  };
}

function cpuSince(start: ReturnType<typeof benchCpu>): { total: number; describe: string } {
  const self = process.cpuUsage(start.self);
  const spent: Array<[string, number]> = [
    ['main', (self.user + self.system) / 1e6],
    ...cpuSpent(start.hosts, benchCpu().hosts),
  ];
  return {
    total: spent.reduce((sum, [, seconds]) => sum + seconds, 0),
    describe: describeCpu(spent),
  };
}
