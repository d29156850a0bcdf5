import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { outDir } from '../../../build/paths';
import type { MediaRequestDto } from '../../../main/contract';
import { decodeAmrNb } from '../../../main/services/media/voice/amrDecoder';
import { decodeSilk } from '../../../main/services/media/voice/silkDecoder';
import { generateCorpus, readMediaIndex, TEST_CORPS } from '../../../native/standin/corpus/index';
import { FIXTURES_DIR } from '../../../native/standin/corpus/media';
import { probeAmr, probeSilkDurationMs } from '../../../native/standin/corpus/mediaProbe';
import { demoCorpRecord, demoHostPool } from '../../integration/demoHostPool';
import { runDistinct } from './distinct';
import { median, queueRound, rawChunkLoop, round2 } from './mediaRounds';

/**
 * `npm run bench:media` (issue 5). Downloads the test corpus's media through the real SDK host,
 * alternating the two ways round after round in the same run (each round's pair under the same
 * conditions), and reports each way's median round:
 *   rawChunkMBps  — the bare GetMediaData chunk loop through the host, every chunk delivered to this
 *                   process and dropped, 3 at a time;
 *   downloadMBps  — the media queue, 3 at a time, into a fresh data folder each round: chunks
 *                   written and hashed in the host, journals, packs/objects, records, verification
 *                   (every item must end verified);
 * and times in-app voice decoding (AMR-NB with DTX, SILK) against the audio's length.
 * The first WARMUP rounds of both are run and shown but not counted: they measure V8 compiling the
 * three processes' code (it takes several rounds of ~100 ms), not the pipelines, and a download-all
 * runs for minutes. Medians, not the best round: the raw loop is the noisier of the two, and a
 * best-of would compare its luckiest round with the queue's typical one.
 * The last line is one JSON object.
 *
 * `npm run bench:media -- --distinct`: the same comparison on a corpus of distinct files in a real
 * archive's mix, plus the queue under an injected per-call latency (test/bench/media/distinct.ts).
 */
const CONCURRENCY = Number(process.env.BENCH_MEDIA_CONCURRENCY ?? 3);
const WARMUP = Number(process.env.BENCH_MEDIA_WARMUP ?? 8);
const ROUNDS = Number(process.env.BENCH_MEDIA_ROUNDS ?? 31);
const corp = TEST_CORPS.main;
const corpusDir = path.join(outDir, 'test-corpus');
const hostBundle = path.join(outDir, 'host', 'sdk-host.cjs');
const library = path.join(outDir, 'native', 'libWeWorkFinanceSdk_C.so');

const corpRecord = demoCorpRecord({ id: 'bench', corpid: corp.corpid, name: 'bench', timeoutSec: 10 });

function realtimeFactor(
  audioMs: number,
  run: () => unknown | Promise<unknown>,
  repeat: number,
): Promise<number> {
  return (async () => {
    await run(); // warm-up (wasm/asm.js compile)
    const started = performance.now();
    for (let i = 0; i < repeat; i += 1) await run();
    const elapsed = performance.now() - started;
    return (audioMs * repeat) / elapsed;
  })();
}

async function main(): Promise<void> {
  for (const file of [hostBundle, library]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run npm run build first`);
  }
  if (!existsSync(path.join(corpusDir, 'manifest.json'))) {
    await generateCorpus({ outDir: corpusDir, seed: 20_240_606, profile: 'test' });
  }
  const index = await readMediaIndex(corpusDir, corp.corpid);
  const items: MediaRequestDto[] = [...index].map(([sdkfileid, entry]) => ({
    sdkfileid,
    msgid: 'bench',
    kind: 'file',
    md5sum: entry.md5,
    size: entry.size,
  }));
  const totalBytes = items.reduce((sum, item) => sum + (item.size ?? 0), 0);
  const distinct = new Set(items.map((item) => item.md5sum)).size;
  const multiChunk = items.filter((item) => (item.size ?? 0) > 512 * 1024).length;
  console.log(
    `${items.length} media items (${distinct} distinct files, ${multiChunk} of more than one chunk), ` +
      `${(totalBytes / 1e6).toFixed(1)} MB; median of ${ROUNDS} rounds after ${WARMUP} warm-up rounds, ${CONCURRENCY} at a time`,
  );

  const pool = demoHostPool({
    hostBundle,
    library,
    corpusDir,
    secret: corp.secret,
    env: { ...process.env, WEWORK_STANDIN_FAULTS: '' },
  });
  const source = pool.mediaSourceFor(corpRecord);
  const rawRounds: number[] = [];
  const downloadRounds: number[] = [];
  try {
    await rawChunkLoop(source, items.slice(0, 3), CONCURRENCY); // start the host
    for (let round = 0; round < WARMUP + ROUNDS; round += 1) {
      const counted = round >= WARMUP;
      const started = performance.now();
      const bytes = await rawChunkLoop(source, items, CONCURRENCY);
      const raw = bytes / 1e6 / ((performance.now() - started) / 1000);
      if (counted) rawRounds.push(raw);

      const download = totalBytes / 1e6 / (await queueRound(source, corpRecord, items, CONCURRENCY));
      if (counted) downloadRounds.push(download);
      const label = counted ? `round ${round - WARMUP + 1}` : `warm-up ${round + 1}`;
      console.log(`${label}: raw ${raw.toFixed(1)} MB/s, queue ${download.toFixed(1)} MB/s`);
    }
  } finally {
    await pool.closeAll();
  }

  const amr = readFileSync(path.join(FIXTURES_DIR, 'voice-sales-dtx.amr'));
  const amrX = await realtimeFactor(probeAmr(amr).durationMs, () => decodeAmrNb(amr), 20);
  const silk = readFileSync(path.join(FIXTURES_DIR, 'voice-wechat.silk'));
  const silkX = await realtimeFactor(probeSilkDurationMs(silk), () => decodeSilk(silk), 20);

  const raw = median(rawRounds);
  const download = median(downloadRounds);
  console.log(`medians: raw chunk loop ${raw.toFixed(1)} MB/s, media queue ${download.toFixed(1)} MB/s`);
  console.log(
    JSON.stringify({
      bench: 'media',
      downloadMBps: round2(download),
      rawChunkMBps: round2(raw),
      ratio: round2(download / raw),
      amrDecodeRealtimeX: Math.round(amrX),
      silkDecodeRealtimeX: Math.round(silkX),
    }),
  );
}

(process.argv.includes('--distinct') ? runDistinct() : main()).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
