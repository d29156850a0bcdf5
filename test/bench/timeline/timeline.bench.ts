import type {} from '../../../renderer/features/pull/testHook';
import type {} from '../../../renderer/features/reading/readingTestHook';
import { openDemoFromWelcome, startAppSession, waitPullIdle } from '../../e2e/support/demo';

/**
 * `npm run bench:timeline`: a 100 000-message single chat written straight into the app's IndexedDB
 * (rows and conversation summary in the stored shapes), then opened in the reader in Chromium.
 * Measures the time from "open" to the first painted message, frame times while scrolling through
 * it, and long tasks (> 50 ms) during the scroll. The last line is one JSON object.
 */
const MESSAGES = 100_000;
const PORT = 47960;
const CONV_A = 'bench-staff';
const CONV_B = 'wmBenchCustomer000000000000001';
const CONV_ID = `s:${[CONV_A, CONV_B].sort().join('|')}`;

async function main(): Promise<void> {
  const progress = (step: string) => console.log(`[bench:timeline] ${step}`);
  const session = await startAppSession({ port: PORT });
  progress('app open');
  try {
    const { page } = session;
    const corpId = await openDemoFromWelcome(page);
    await waitPullIdle(page, corpId);
    progress('demo pulled; seeding');

    // Write the chat in chunks, generated inside the page (same shapes as db/rows.ts + the summary row).
    const started = Date.now();
    for (let start = 0; start < MESSAGES; start += 10_000) {
      await page.evaluate(
        ({ corpId, start, count, a, b, convId }) =>
          new Promise<void>((resolve, reject) => {
            const open = indexedDB.open('wecom-archive');
            open.onerror = () => reject(new Error(String(open.error)));
            open.onsuccess = () => {
              const db = open.result;
              const tx = db.transaction(['messages', 'conversations'], 'readwrite');
              const store = tx.objectStore('messages');
              const base = 1_717_200_000_000;
              const lines = [
                '好的，收到[微笑]',
                '这个报价能再优惠一点吗？我们这边预算比较紧张，老板让我再问问',
                '明天上午十点电话沟通',
                '合同已经寄出，顺丰单号 SF1403927765512，请注意查收。如有问题随时联系我。\n谢谢！',
              ];
              for (let i = start; i < start + count; i++) {
                const from = i % 3 === 0 ? b : a;
                const to = from === a ? b : a;
                const msgtime = base + i * 17_000;
                const msgid = `bench_${String(i).padStart(7, '0')}`;
                const kind = i % 10;
                const body =
                  kind === 7
                    ? { msgtype: 'image', image: { md5sum: 'abc', filesize: 1000 + i, sdkfileid: `f${i}` } }
                    : kind === 8
                      ? {
                          msgtype: 'link',
                          link: {
                            title: `链接 ${i}`,
                            description: '说明',
                            link_url: 'https://example.com/x',
                            image_url: '',
                          },
                        }
                      : { msgtype: 'text', text: { content: `${lines[i % lines.length] ?? ''} #${i}` } };
                const raw = JSON.stringify({
                  msgid,
                  action: 'send',
                  from,
                  tolist: [to],
                  roomid: '',
                  msgtime,
                  ...body,
                });
                const seq = String(10_000_000 + i);
                store.put({
                  corpId,
                  msgid,
                  seq,
                  seqKey: seq.padStart(20, '0'),
                  publickeyVer: 1,
                  status: 'ok',
                  raw,
                  action: 'send',
                  msgtype: body.msgtype,
                  from,
                  tolist: [to],
                  roomid: '',
                  msgtime,
                  convId,
                  ingestedAt: Date.now(),
                });
              }
              if (start + count >= 100_000) {
                tx.objectStore('conversations').put({
                  corpId,
                  convId,
                  kind: 'external',
                  roomid: null,
                  count: 100_000,
                  firstMsgtime: base,
                  lastMsgtime: base + 99_999 * 17_000,
                  lastMsgid: 'bench_0099999',
                  lastFrom: a,
                  lastMsgtype: 'text',
                  lastText: 'bench',
                  participants: [a, b].sort(),
                  senders: { [a]: 66_666, [b]: 33_334 },
                  flags: { external: true, robot: false, externalMsgid: false, updownStream: false },
                  recalls: {},
                });
              }
              tx.oncomplete = () => {
                db.close();
                resolve();
              };
              tx.onerror = () => reject(new Error(String(tx.error)));
            };
          }),
        { corpId, start, count: 10_000, a: CONV_A, b: CONV_B, convId: CONV_ID },
      );
    }
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
    console.log(`seeded ${MESSAGES} messages in ${seeded} ms; ${rendered} rows in the DOM after scrolling`);
    if (session.problems.length > 0) console.log('page problems:', session.problems.slice(0, 5));
    console.log(
      JSON.stringify({
        bench: 'timeline',
        messages: MESSAGES,
        openFirstPaintMs: Math.round(openFirstPaintMs * 10) / 10,
        scrollP95FrameMs: Math.round(p95 * 10) / 10,
        longTasksOver50ms: scroll.longTasks.length,
      }),
    );
  } finally {
    await session.close();
  }
}

await main();
