import type {} from '../../../renderer/features/pull/testHook';
import type {} from '../../../renderer/features/reading/readingTestHook';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { verifyBundle } from '../../../main/services/evidence/verifyBundle';
import { demoCorpus, openDemoFromWelcome, startAppSession, waitPullIdle } from '../../e2e/support/demo';

/**
 * `npm run bench:export [-- --messages N]`: evidence export of one N-message chat (default 100 000)
 * through the app's dialog in Chromium, with media (every tenth message is an image, voice or file of the
 * demo archive, downloaded on first use and copied once per content), HTML, CSV, JSONL, hashing and the
 * signature; no PDF (printing 100 000 messages is a separate, optional step). The chat is written
 * straight into IndexedDB in the stored row shapes (as bench:timeline does; its rows are not sealed at
 * rest, so the reads skip the AES-GCM opening a sealed archive pays). Measures messages per second
 * from Export to the finished bundle, the renderer's peak JS heap (CDP Runtime.getHeapUsage, sampled
 * every 100 ms) and long tasks over 200 ms. The last line is one JSON object.
 */
const argAt = process.argv.indexOf('--messages');
const MESSAGES = argAt > 0 ? Number(process.argv[argAt + 1]) : 100_000;
const PORT = 47991;
const CONV_A = 'bench-staff';
const CONV_B = 'wmBenchCustomer000000000000001';
const CONV_ID = `s:${[CONV_A, CONV_B].sort().join('|')}`;

async function main(): Promise<void> {
  if (!Number.isInteger(MESSAGES) || MESSAGES < 1) throw new Error('--messages takes a positive integer');
  const progress = (step: string) => console.log(`[bench:export] ${step}`);
  const session = await startAppSession({ port: PORT, language: 'zh-CN' });
  const out = await mkdtemp(path.join(os.tmpdir(), 'bench-export-'));
  try {
    const { page } = session;
    const corpId = await openDemoFromWelcome(page);
    await waitPullIdle(page, corpId);
    // Media payloads of the demo archive (their files are downloadable from the stand-in).
    const media = (await demoCorpus())
      .map((record) => {
        try {
          return JSON.parse(record.body) as Record<string, unknown>;
        } catch {
          return {}; // the demo's deliberately malformed samples
        }
      })
      .filter((message) => ['image', 'voice', 'file'].includes(String(message.msgtype)))
      .slice(0, 12)
      .map((message) => ({ msgtype: String(message.msgtype), payload: message[String(message.msgtype)] }));
    progress(`demo pulled; seeding ${MESSAGES} messages (${media.length} media payloads)`);

    const started = Date.now();
    for (let start = 0; start < MESSAGES; start += 10_000) {
      await page.evaluate(
        ({ corpId, start, count, total, a, b, convId, media }) =>
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
              for (let i = start; i < Math.min(total, start + count); i++) {
                const from = i % 3 === 0 ? b : a;
                const to = from === a ? b : a;
                const msgtime = base + i * 17_000;
                const msgid = `bench_${String(i).padStart(7, '0')}`;
                const pick = media[i % media.length];
                const body =
                  i % 10 === 7 && pick
                    ? { msgtype: pick.msgtype, [pick.msgtype]: pick.payload }
                    : i % 10 === 8
                      ? {
                          msgtype: 'link',
                          link: {
                            title: `链接 ${i}`,
                            description: '说明',
                            link_url: 'https://example.com/x',
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
              if (start + count >= total) {
                tx.objectStore('conversations').put({
                  corpId,
                  convId,
                  kind: 'external',
                  roomid: null,
                  count: total,
                  firstMsgtime: base,
                  lastMsgtime: base + (total - 1) * 17_000,
                  lastMsgid: `bench_${String(total - 1).padStart(7, '0')}`,
                  lastFrom: a,
                  lastMsgtype: 'text',
                  lastText: 'bench',
                  participants: [a, b].sort(),
                  senders: { [a]: Math.ceil((total * 2) / 3), [b]: Math.floor(total / 3) },
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
        { corpId, start, count: 10_000, total: MESSAGES, a: CONV_A, b: CONV_B, convId: CONV_ID, media },
      );
    }
    progress(`seeded in ${Date.now() - started} ms`);

    await page.reload();
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
    const sampler = (async () => {
      while (sampling) {
        const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
        peakHeap = Math.max(peakHeap, usedSize);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();

    const t0 = performance.now();
    await dialog.getByTestId('export-start').click();
    await dialog.getByTestId('export-done').waitFor({ timeout: 30 * 60_000 });
    const seconds = (performance.now() - t0) / 1000;
    sampling = false;
    await sampler;
    const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
    const folder = (await dialog.getByTestId('export-folder-path').textContent()) ?? '';

    const verifyStarted = performance.now();
    const report = await verifyBundle(folder);
    const verifyMs = performance.now() - verifyStarted;
    if (!report.ok)
      throw new Error(`the bundle does not verify: ${JSON.stringify(report.problems.slice(0, 3))}`);
    const html = await stat(path.join(folder, 'index.html'));
    console.log(
      `exported ${MESSAGES} messages in ${seconds.toFixed(1)} s to ${folder}; index.html ${(html.size / 1e6).toFixed(1)} MB; ` +
        `${report.checked} files verified in ${(verifyMs / 1000).toFixed(1)} s; longest task ${Math.round(Math.max(0, ...longTasks))} ms`,
    );
    if (session.problems.length > 0) console.log('page problems:', session.problems.slice(0, 5));
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
}

await main();
