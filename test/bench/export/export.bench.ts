import type {} from '../../../renderer/features/pull/testHook';
import type {} from '../../../renderer/features/reading/readingTestHook';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { verifyBundle } from '../../../main/services/evidence/verifyBundle';
import { openApp } from '../../e2e/support/chromium';
import { openDemoFromWelcome, startAppSession, waitPullIdle } from '../../e2e/support/demo';
import { seedBenchChat } from '../seed/seedChat';

/**
 * `npm run bench:export [-- --messages N]`: evidence export of one N-message chat (default 100 000)
 * through the app's dialog in Chromium, with media (the seed's mix: images, voice, stickers, files and
 * video of the demo archive, downloaded on first use and copied once per content), HTML, CSV, JSONL,
 * hashing and the signature; no PDF (printing 100 000 messages is a separate, optional step). The chat
 * is stored through the app's own data layer (../seed/seedChat.ts: sealed at rest, derived indexes
 * kept), so the export opens every row as it would on a pulled archive; the export then runs in a
 * fresh tab of the app. Measures messages per second from Export to the finished bundle, the
 * renderer's peak JS heap (CDP Runtime.getHeapUsage, sampled every 100 ms; the heap at Export is
 * printed too) and long tasks over 200 ms. The last line is one JSON object.
 */
const argAt = process.argv.indexOf('--messages');
const MESSAGES = argAt > 0 ? Number(process.argv[argAt + 1]) : 100_000;
const PORT = 47973; // its own: e2e files use 47991
/** `--profile`: also samples the renderer's CPU during the export and prints the heaviest functions. */
const PROFILE = process.argv.includes('--profile');
/**
 * `--same-tab`: export in the tab that seeded the chat, after a reload (as the bench did before this
 * flag existed, docs/evidence.md §7's earlier rows): the seed's garbage is then still on the heap.
 */
const SAME_TAB = process.argv.includes('--same-tab');
/**
 * `--heap-profile`: V8's sampling heap profiler over the export, counting only what a scavenge did not
 * free (objects that lived long enough to be promoted and were collected by a full GC, or are still
 * live): the allocations that make the renderer's heap peak. `--heap-profile=all` counts every
 * allocation. Also prints the heap's size second by second.
 */
const HEAP_PROFILE = process.argv.find((arg) => arg.startsWith('--heap-profile'));
const MAIN_PROFILE_DIR = path.join(os.tmpdir(), 'bench-export-main-profile');

async function main(): Promise<void> {
  const progress = (step: string) => console.log(`[bench:export] ${step}`);
  // --profile: main's side too (mainProfiler.mjs writes a .cpuprofile when the shell exits).
  const session = await startAppSession({
    port: PORT,
    language: 'zh-CN',
    ...(PROFILE
      ? {
          env: {
            NODE_OPTIONS: `--import ${path.join(path.dirname(new URL(import.meta.url).pathname), 'mainProfiler.mjs')}`,
            BENCH_MAIN_PROFILE_DIR: MAIN_PROFILE_DIR,
          },
        }
      : {}),
  });
  const out = await mkdtemp(path.join(os.tmpdir(), 'bench-export-'));
  try {
    let { page } = session;
    const problemLists = [session.problems];
    const corpId = await openDemoFromWelcome(page);
    await waitPullIdle(page, corpId);
    progress(`demo pulled; seeding ${MESSAGES} sealed messages through the app's data layer`);
    const started = Date.now();
    const chat = await seedBenchChat(page, corpId, MESSAGES, progress);
    progress(`seeded in ${Date.now() - started} ms: ${JSON.stringify(chat.kinds)}`);
    const CONV_ID = chat.convId;

    if (SAME_TAB) await page.reload();
    else {
      // The export runs in a fresh tab (its own renderer process), as after starting the app: the seeding
      // above sealed and stored N messages in this page's process, and a reload keeps that process and
      // its V8 heap, so ~235 MB of the seed's garbage (at 100 000) was counted as the export's.
      await page.close();
      const { page: fresh, problems } = await openApp(session.context, await session.shell.bootstrapUrl());
      problemLists.push(problems);
      page = fresh;
    }
    await page.waitForFunction(() => window.__archiveTest !== undefined);
    await page.evaluate(() => window.__archiveTest?.ready);
    await page.getByRole('button', { name: /^(存档|Archive)$/ }).click();
    await page.waitForFunction(() => window.__archiveReading !== undefined);
    await page.evaluate((convId) => window.__archiveReading?.open(convId), CONV_ID);
    await page.getByTestId('conversation-detail').getByTestId('export-conversation').click();
    const dialog = page.getByTestId('export-dialog');
    await dialog.waitFor();
    await dialog.getByTestId('export-folder').fill(out);
    await dialog.getByText(/生成 PDF 报告|Make the PDF report/).click(); // off: no PDF in the bench

    // tsx (esbuild keepNames) wraps named functions in __name(); the page has no such helper.
    await page.evaluate('window.__name = (fn) => fn');
    await page.evaluate(() => {
      const w = window as unknown as { __longTasks: number[] };
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) w.__longTasks.push(entry.duration);
      }).observe({ type: 'longtask', buffered: false });
    });
    const cdp = await page.context().newCDPSession(page);
    let peakHeap = 0;
    let sampling = true;
    const series: number[] = [];
    const sampler = (async () => {
      while (sampling) {
        const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
        peakHeap = Math.max(peakHeap, usedSize);
        series.push(usedSize);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();

    if (PROFILE) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    if (HEAP_PROFILE) {
      await cdp.send('HeapProfiler.enable');
      await cdp.send('HeapProfiler.startSampling', {
        samplingInterval: 16384,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: HEAP_PROFILE === '--heap-profile=all',
      });
    }
    const atStart = ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
    const t0 = performance.now();
    await dialog.getByTestId('export-start').click();
    await dialog.getByTestId('export-done').waitFor({ timeout: 30 * 60_000 });
    const seconds = (performance.now() - t0) / 1000;
    sampling = false;
    await sampler;
    if (PROFILE) printHeaviest(((await cdp.send('Profiler.stop')) as { profile: CpuProfile }).profile);
    if (HEAP_PROFILE) {
      printAllocations(((await cdp.send('HeapProfiler.stopSampling')) as { profile: HeapProfile }).profile);
      // The heap second by second (the highest of each second's samples), in MB.
      const perSecond: number[] = [];
      for (let at = 0; at < series.length; at += 10)
        perSecond.push(Math.round(Math.max(...series.slice(at, at + 10)) / 1024 / 1024));
      console.log(`[heap] MB per second: ${perSecond.join(' ')}`);
    }
    const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
    // What of the peak is still reachable once the export is over (garbage or kept): a full collection.
    await cdp.send('HeapProfiler.collectGarbage');
    const afterGc = ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
    const folder = (await dialog.getByTestId('export-folder-path').textContent()) ?? '';

    const verifyStarted = performance.now();
    const report = await verifyBundle(folder);
    const verifyMs = performance.now() - verifyStarted;
    if (!report.ok)
      throw new Error(`the bundle does not verify: ${JSON.stringify(report.problems.slice(0, 3))}`);
    const manifest = JSON.parse(await readFile(path.join(folder, 'manifest.json'), 'utf8')) as {
      counts: { messages: number };
    };
    if (manifest.counts.messages !== MESSAGES)
      throw new Error(`the bundle holds ${manifest.counts.messages} messages, not ${MESSAGES}`);
    const html = await stat(path.join(folder, 'index.html'));
    console.log(
      `exported ${MESSAGES} messages in ${seconds.toFixed(1)} s to ${folder}; index.html ${(html.size / 1e6).toFixed(1)} MB; ` +
        `${report.checked} files verified in ${(verifyMs / 1000).toFixed(1)} s; longest task ${Math.round(Math.max(0, ...longTasks))} ms; ` +
        `renderer heap at Export ${(atStart / 1024 / 1024).toFixed(1)} MB, after a full collection at the end ${(afterGc / 1024 / 1024).toFixed(1)} MB`,
    );
    const pageProblems = problemLists.flat();
    if (pageProblems.length > 0) console.log('page problems:', pageProblems.slice(0, 5));
    console.log(
      JSON.stringify({
        bench: 'export',
        messages: MESSAGES,
        msgsPerSec: Math.round(MESSAGES / seconds),
        peakRendererHeapMB: Math.round((peakHeap / 1024 / 1024) * 10) / 10,
        longTasksOver200ms: longTasks.filter((duration) => duration > 200).length,
      }),
    );
  } finally {
    await rm(out, { recursive: true, force: true });
    await session.close();
  }
  if (PROFILE)
    for (const name of await readdir(MAIN_PROFILE_DIR).catch(() => [] as string[])) {
      console.log(`[profile] main (${name}):`);
      printHeaviest(JSON.parse(await readFile(path.join(MAIN_PROFILE_DIR, name), 'utf8')) as CpuProfile);
      await rm(path.join(MAIN_PROFILE_DIR, name));
    }
}

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function over the export (the renderer's share of the work), heaviest first. */
function printHeaviest(profile: CpuProfile): void {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, index) => {
    const frame = byNode.get(id);
    const name = frame
      ? `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop() ?? ''}:${frame.lineNumber}`
      : '?';
    self.set(name, (self.get(name) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
  });
  for (const [name, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25))
    console.log(`[profile] ${ms.toFixed(0).padStart(7)} ms  ${name}`);
}

interface HeapProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: HeapProfileNode[];
}
interface HeapProfile {
  head: HeapProfileNode;
}

/** Bytes allocated per function (self), and per call path of the heaviest, heaviest first. */
function printAllocations(profile: HeapProfile): void {
  const self = new Map<string, number>();
  const paths = new Map<string, number>();
  const nameOf = (node: HeapProfileNode) =>
    `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').pop() ?? ''}:${node.callFrame.lineNumber}`;
  let total = 0;
  const walk = (node: HeapProfileNode, stack: string[]) => {
    const name = nameOf(node);
    const here = [...stack, name];
    if (node.selfSize > 0) {
      total += node.selfSize;
      self.set(name, (self.get(name) ?? 0) + node.selfSize);
      const key = here.slice(-6).join(' < ');
      paths.set(key, (paths.get(key) ?? 0) + node.selfSize);
    }
    for (const child of node.children) walk(child, here);
  };
  walk(profile.head, []);
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1).padStart(7);
  console.log(`[heap-profile] ${mb(total)} MB sampled in all`);
  for (const [name, bytes] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 20))
    console.log(`[heap-profile] ${mb(bytes)} MB  ${name}`);
  for (const [key, bytes] of [...paths].sort((a, b) => b[1] - a[1]).slice(0, 15))
    console.log(`[heap-path] ${mb(bytes)} MB  ${key.split(' < ').reverse().join(' < ')}`);
}

await main();
