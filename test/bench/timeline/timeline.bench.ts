import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type {} from '../../../renderer/features/pull/testHook';
import type {} from '../../../renderer/features/reading/readingTestHook';
import { openDemoFromWelcome, startAppSession, storeRows, waitPullIdle } from '../../e2e/support/demo';
import { seedBenchChat } from '../seed/seedChat';

/**
 * `npm run bench:timeline [-- --chat-messages N]`: a single chat of N messages (default 100 000) stored
 * through the app's data layer (sealed, derived indexes kept; ../seed/seedChat.ts), then opened in the
 * reader in Chromium. Measures the time from "open" to the first painted message, frame times while
 * scrolling through it and long tasks (> 50 ms) during the scroll; logs how long a jump of the
 * scrollbar to 40 % of the chat takes to show its rows (and fails if they are not there); reports the
 * profile's IndexedDB usage per stored message (the browser's storage estimate over every message
 * row, the demo archive's included). The last line is one JSON object.
 */
const { values } = parseArgs({
  options: {
    'chat-messages': { type: 'string', default: '100000' },
    // Keep the seeded archive (shell data dir and Chromium profile) here and reuse it next time.
    keep: { type: 'string' },
    // Write a CPU profile of the renderer's main thread from "open" to the first painted row, and one
    // of the scroll beside it (FILE with .scroll before its extension).
    'cpu-profile': { type: 'string' },
  },
  strict: true,
});
const MESSAGES = Number(values['chat-messages']);
if (!Number.isSafeInteger(MESSAGES) || MESSAGES < 1000)
  throw new Error('--chat-messages must be an integer ≥ 1000');
const PORT = 47960;

async function main(): Promise<void> {
  const progress = (step: string) => console.log(`[bench:timeline] ${step}`);
  const keep = values.keep ? path.resolve(values.keep) : undefined;
  const session = await startAppSession({
    port: PORT,
    profileOnDisk: true,
    ...(keep ? { keepIn: keep } : {}),
  });
  progress('app open');
  try {
    const { page } = session;
    const seededFile = keep ? path.join(keep, 'seeded.json') : null;
    const previous =
      seededFile && existsSync(seededFile)
        ? (JSON.parse(readFileSync(seededFile, 'utf8')) as {
            messages: number;
            corpId: string;
            convId: string;
            ms: number;
          })
        : null;
    let corpId: string;
    let CONV_ID: string;
    let seeded: number;
    if (previous && previous.messages === MESSAGES) {
      ({ corpId, convId: CONV_ID, ms: seeded } = previous);
      progress(`reusing the chat seeded in ${keep} (${MESSAGES} messages, seeded in ${seeded} ms)`);
    } else {
      if (previous) throw new Error(`${keep} holds a ${previous.messages}-message chat; give another --keep`);
      corpId = await openDemoFromWelcome(page);
      await waitPullIdle(page, corpId);
      progress('demo pulled; seeding');
      const started = Date.now();
      ({ convId: CONV_ID } = await seedBenchChat(page, corpId, MESSAGES, progress));
      seeded = Date.now() - started;
      progress(`seeded in ${seeded} ms`);
      if (seededFile)
        writeFileSync(
          seededFile,
          JSON.stringify({ messages: MESSAGES, corpId, convId: CONV_ID, ms: seeded }),
        );
    }

    const reloaded = Date.now();
    await page.reload();
    await page.waitForFunction(() => window.__archiveTest !== undefined);
    await page.evaluate(() => window.__archiveTest?.ready);
    const ready = Date.now();
    await page.getByRole('button', { name: /^(存档|Archive)$/ }).click();
    // A kept archive of an older schema is upgraded on this open (v14 drops four indexes: ~65 s for a
    // million messages, docs/ARCHITECTURE.md §9.1), so the chat may take minutes to be listed.
    await page.locator(`.conv-item[data-conv="${CONV_ID}"]`).waitFor({ timeout: 15 * 60_000 });
    await page.waitForFunction(() => window.__archiveReading !== undefined);
    progress(`reload to ready ${ready - reloaded} ms, to the chat listed ${Date.now() - reloaded} ms`);
    // An archive stored before the chats' day counts existed counts them in the background after its
    // upgrade (renderer/db/chatDays.ts); the open is measured once that is done, and how long it took is logged.
    const pendingChats = async () => (await storeRows(page, 'chatDaysPending')).length;
    if ((await pendingChats()) > 0) {
      const counting = Date.now();
      while ((await pendingChats()) > 0) await new Promise((resolve) => setTimeout(resolve, 250));
      progress(`the chats' day counts were counted in the background in ${Date.now() - counting} ms`);
    }
    // tsx (esbuild keepNames) wraps named functions in __name(); the page has no such helper.
    await page.evaluate('window.__name = (fn) => fn');

    const profileOut = values['cpu-profile'] ? path.resolve(values['cpu-profile']) : undefined;
    const cdp = profileOut ? await page.context().newCDPSession(page) : undefined;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    const asked = Date.now();
    const open = await page.evaluate(
      (convId) =>
        new Promise<{ ms: number; longTasks: number[] }>((resolve) => {
          const t0 = performance.now();
          const longTasks: number[] = [];
          const observer = new PerformanceObserver((list) => {
            for (const entry of list.getEntries()) longTasks.push(Math.round(entry.duration));
          });
          observer.observe({ type: 'longtask', buffered: false });
          const check = () => {
            if (
              document.querySelector(`[data-testid="timeline"][data-conv="${convId}"] .tl-item[data-msgid]`)
            ) {
              // The frame after the rows are in the DOM is the one that paints them.
              requestAnimationFrame(() => {
                observer.disconnect();
                resolve({ ms: performance.now() - t0, longTasks });
              });
            } else requestAnimationFrame(check);
          };
          window.__archiveReading?.open(convId);
          requestAnimationFrame(check);
        }),
      CONV_ID,
    );
    const openFirstPaintMs = open.ms;
    progress(
      `open: first paint ${open.ms.toFixed(1)} ms in the page, ${Date.now() - asked} ms as seen from the bench; ` +
        `long tasks during it: ${open.longTasks.join(', ') || 'none'}`,
    );

    if (cdp && profileOut) {
      const { profile } = await cdp.send('Profiler.stop');
      mkdirSync(path.dirname(profileOut), { recursive: true });
      writeFileSync(profileOut, JSON.stringify(profile));
      progress(`CPU profile of the open in ${profileOut}`);
    }
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

    if (cdp) await cdp.send('Profiler.start');
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
    if (cdp && profileOut) {
      const { profile } = await cdp.send('Profiler.stop');
      const scrollOut = profileOut.replace(/(\.[^./]*)?$/, (ext) => `.scroll${ext}`);
      writeFileSync(scrollOut, JSON.stringify(profile));
      progress(`CPU profile of the scroll in ${scrollOut}`);
    }
    // A drag of the scrollbar to 40 % of the chat: the rows there must arrive without the reader
    // waiting on IndexedDB to walk the chat (the day counts, renderer/db/chatDays.ts).
    const jump = await page.evaluate(
      () =>
        new Promise<{ ms: number; msgids: string[] }>((resolve, reject) => {
          const scroller = document.querySelector<HTMLElement>('[data-testid="timeline-scroll"]');
          if (!scroller) return reject(new Error('no timeline scroller'));
          const t0 = performance.now();
          scroller.scrollTop = (scroller.scrollHeight - scroller.clientHeight) * 0.4;
          const shown = () => {
            const view = scroller.getBoundingClientRect();
            return [...scroller.querySelectorAll<HTMLElement>('.tl-item[data-msgid]')]
              .filter((item) => {
                const box = item.getBoundingClientRect();
                return box.bottom > view.top && box.top < view.bottom;
              })
              .map((item) => item.dataset.msgid ?? '');
          };
          const check = () => {
            const msgids = shown();
            if (msgids.length > 0) resolve({ ms: performance.now() - t0, msgids });
            else if (performance.now() - t0 > 60_000) reject(new Error('no row arrived 60 s after the jump'));
            else requestAnimationFrame(check);
          };
          requestAnimationFrame(check);
        }),
    );
    const landed = jump.msgids.map((msgid) => Number(msgid.replace(/^bench_/, '')));
    const wanted = MESSAGES * 0.4;
    if (!landed.some((at) => Math.abs(at - wanted) <= MESSAGES * 0.01))
      throw new Error(
        `the jump to 40 % showed ${jump.msgids.slice(0, 3).join(', ')}, not rows near #${wanted}`,
      );
    progress(`scrollbar jump to 40 %: rows shown after ${jump.ms.toFixed(1)} ms (${jump.msgids[0]}…)`);
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
