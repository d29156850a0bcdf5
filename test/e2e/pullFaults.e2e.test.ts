import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  demoCorpus,
  openDemoFromWelcome,
  screenshot,
  storedRows,
  storedTotal,
  useAppSession,
  waitForStored,
  waitPullIdle,
} from './support/demo';
import { useStandinFaults } from './support/standinFaults';

/**
 * Issue 3, must show: with 10% transient SDK errors, one SIGSEGV of the SDK process, a page reload
 * mid-pull and a SIGKILL of the shell between batches followed by a restart, the stored msgid set
 * equals the corpus exactly (nothing lost, nothing twice), every message decrypted.
 */

// Before the session: the faults file is written before the shell starts and removed after it stops.
const faults = useStandinFaults((dir) => [
  'seed=7',
  // 10% transient SDK failures, plus the JSON-level "busy" answers WeCom gives.
  'p10001=0.04',
  'p10002=0.03',
  'p10003=0.03',
  'perr45009=0.03',
  // Every call takes a while, so the reload and the kill land mid-pull.
  'latency_ms=80',
  // Pages above 100 messages are refused with 301058: the pull must halve its limit (500→62).
  'max_limit_301058=100',
  // The 12th network call of the first SDK host process dies with a real SIGSEGV; once only.
  'segv_after=12',
  `segv_once_file=${path.join(dir, 'segv-done')}`,
]);

const session = useAppSession(() => ({ port: 47902, language: 'en', env: faults.env }));

describe('lossless pull under faults (browser shell, Chromium)', () => {
  it('survives transient errors, an SDK crash, a reload and a shell kill with the exact corpus stored', async () => {
    const corpus = await demoCorpus();
    const { page } = session;
    const corpId = await openDemoFromWelcome(page);

    // A reload while batches are in flight: unacknowledged batches are re-pulled from the cursor.
    const beforeReload = await waitForStored(page, corpId, 300);
    expect(beforeReload).toBeLessThan(corpus.length);
    await page.reload();
    await page.waitForFunction(() => window.__archiveTest !== undefined);
    await page.evaluate(() => window.__archiveTest?.ready);

    // Kill the shell right after a batch was stored, i.e. between batches, then start it again.
    const seen = await waitForStored(page, corpId, beforeReload + 200);
    await waitForStored(page, corpId, seen + 1);
    expect(await storedTotal(page, corpId)).toBeLessThan(corpus.length);
    await session.restartShell('SIGKILL');

    // The restarted app resumes the interrupted pull by itself.
    await waitForStored(page, corpId, corpus.length);
    await waitPullIdle(page, corpId);

    const rows = await storedRows(page, corpId);
    const stored = rows.map((row) => row.msgid).sort();
    const expected = corpus.map((record) => record.msgid).sort();
    expect(stored.length).toBe(expected.length);
    expect(stored).toEqual(expected);
    const seqByMsgid = new Map(corpus.map((record) => [record.msgid, record.seq]));
    expect(rows.filter((row) => row.seq !== seqByMsgid.get(row.msgid))).toEqual([]);
    expect(rows.filter((row) => row.status !== 'ok')).toEqual([]);
    const counts = await page.evaluate((id) => window.__archiveTest?.counts(id), corpId);
    expect(counts?.cursor).toBe(corpus.at(-1)?.seq);

    // The faults really happened (the SIGSEGV leaves its once-file), and nothing secret was logged.
    expect(existsSync(path.join(faults.dir, 'segv-done'))).toBe(true);
    const log = session.shell.output();
    expect(log).toMatch(/retry|10001|10002|10003|45009|301058/i);
    expect(log).not.toMatch(/BEGIN (RSA )?PRIVATE KEY|demo-secret/i);
    await page
      .getByRole('button', { name: 'Pull' })
      .or(page.getByRole('link', { name: 'Pull' }))
      .first()
      .click();
    await screenshot(page, 'pull-after-faults-en');
  });
});
