import { parseArgs } from 'node:util';
import type {} from '../../../renderer/features/pull/testHook';
import type {} from '../../../renderer/features/reading/readingTestHook';
import { openDemoFromWelcome, startAppSession, waitPullIdle } from '../../e2e/support/demo';
import { seedBenchChat } from '../seed/seedChat';

/**
 * `npm run bench:timeline [-- --chat-messages N]`: a single chat of N messages (default 100 000) stored
 * through the app's data layer (sealed, derived indexes kept; ../seed/seedChat.ts), then opened in the
 * reader in Chromium. Measures the time from "open" to the first painted message, frame times while
 * scrolling through it, and long tasks (> 50 ms) during the scroll; reports the profile's IndexedDB
 * usage per stored message (the browser's storage estimate over every message row, the demo
 * archive's included). The last line is one JSON object.
 */
const { values } = parseArgs({
  options: { 'chat-messages': { type: 'string', default: '100000' } },
  strict: true,
});
const MESSAGES = Number(values['chat-messages']);
if (!Number.isSafeInteger(MESSAGES) || MESSAGES < 1000)
  throw new Error('--chat-messages must be an integer ≥ 1000');
const PORT = 47960;

async function main(): Promise<void> {
  const progress = (step: string) => console.log(`[bench:timeline] ${step}`);
  const session = await startAppSession({ port: PORT, profileOnDisk: true });
  progress('app open');
  try {
    const { page } = session;
    const corpId = await openDemoFromWelcome(page);
    await waitPullIdle(page, corpId);
    progress('demo pulled; seeding');

    const started = Date.now();
    const { convId: CONV_ID } = await seedBenchChat(page, corpId, MESSAGES, progress);
    const seeded = Date.now() - started;
    progress(`seeded in ${seeded} ms`);

    await page.reload();
    await page.waitForFunction(() => window.__archiveTest !== undefined);
    await page.evaluate(() => window.__archiveTest?.ready);
    await page.getByRole('button', { name: /^(存档|Archive)$/ }).click();
    await page.locator(`.conv-item[data-conv="${CONV_ID}"]`).waitFor();
    await page.waitForFunction(() => window.__archiveReading !== undefined);
    // tsx (esbuild keepNames) wraps named functions in __name(); the page has no such helper.
    await page.evaluate('window.__name = (fn) => fn');

    const openFirstPaintMs = await page.evaluate(
      (convId) =>
        new Promise<number>((resolve) => {
          const t0 = performance.now();
          const check = () => {
            if (
              document.querySelector(`[data-testid="timeline"][data-conv="${convId}"] .tl-item[data-msgid]`)
            ) {
              // The frame after the rows are in the DOM is the one that paints them.
              requestAnimationFrame(() => resolve(performance.now() - t0));
            } else requestAnimationFrame(check);
          };
          window.__archiveReading?.open(convId);
          requestAnimationFrame(check);
        }),
      CONV_ID,
    );

    // The chat opens at its newest message, however long it is (a canvas taller than Chromium lays
    // out would strand it: renderer/features/reading/timeline/scrollScale.ts).
    const newest = `bench_${String(MESSAGES - 1).padStart(7, '0')}`;
    const shownAtOpen = await page
      .locator(`[data-testid="timeline"][data-conv="${CONV_ID}"] .tl-item[data-msgid]`)
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-msgid') ?? ''));
    if (!shownAtOpen.includes(newest))
      throw new Error(
        `the chat opened without its newest message ${newest}: ${shownAtOpen.slice(-3).join(', ')}`,
      );

    const scroll = await page.evaluate(
      () =>
        new Promise<{ frames: number[]; longTasks: number[] }>((resolve) => {
          const scroller = document.querySelector<HTMLElement>('[data-testid="timeline-scroll"]');
          const longTasks: number[] = [];
          const observer = new PerformanceObserver((list) => {
            for (const entry of list.getEntries()) if (entry.duration > 50) longTasks.push(entry.duration);
          });
          observer.observe({ type: 'longtask', buffered: false });
          const frames: number[] = [];
          let last = performance.now();
          let n = 0;
          const step = (now: number) => {
            frames.push(now - last);
            last = now;
            if (scroller) scroller.scrollTop -= n < 300 ? 500 : -2500; // up through the chat, then a fast fling down
            n += 1;
            if (n < 400) requestAnimationFrame(step);
            else {
              observer.disconnect();
              resolve({ frames: frames.slice(1), longTasks });
            }
          };
          requestAnimationFrame(step);
        }),
    );
    const sorted = [...scroll.frames].sort((x, y) => x - y);
    const p95 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? 0;
    const rendered = await page.locator('.tl-item[data-msgid]').count();
    if (rendered === 0) throw new Error('the timeline rendered no message after scrolling');
    const storage = await page.evaluate(async (corp) => {
      const estimate = await navigator.storage.estimate();
      const counts = await window.__archiveTest?.counts(corp);
      return { usage: estimate.usage ?? 0, rows: counts?.total ?? null };
    }, corpId);
    const stored = storage.rows ?? MESSAGES;
    console.log(
      `seeded ${MESSAGES} messages in ${seeded} ms; ${rendered} rows in the DOM after scrolling; ` +
        `IndexedDB ${(storage.usage / 2 ** 20).toFixed(1)} MiB for ${stored} messages; ` +
        `long tasks ${scroll.longTasks.map((ms) => Math.round(ms)).join(', ') || 'none'}`,
    );
    if (session.problems.length > 0) console.log('page problems:', session.problems.slice(0, 5));
    console.log(
      JSON.stringify({
        bench: 'timeline',
        messages: MESSAGES,
        openFirstPaintMs: Math.round(openFirstPaintMs * 10) / 10,
        scrollP95FrameMs: Math.round(p95 * 10) / 10,
        longTasksOver50ms: scroll.longTasks.length,
        idbBytesPerMessage: Math.round(storage.usage / stored),
      }),
    );
  } finally {
    await session.close();
  }
}

await main();
