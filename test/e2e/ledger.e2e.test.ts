import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as demo from './support/demo';
import { useStandinFaults } from './support/standinFaults';

/**
 * Issue 14, must show: 10010 → the plain explanation with the last stored seq and its time → "Continue
 * from the oldest retained message" → the gap in the ledger and the audit trail, both with the reviewer's
 * name, nothing else lost; the risk banner on the Archive and Media screens once the
 * clock is 3 days ahead; the ledger export hashed in its manifest.
 */

/** The reviewer every e2e session starts with (test/e2e/support/demo.ts). */
const REVIEWER = 'E2E 审阅人';

// Slow calls, so the pull can be stopped part-way; retention is added later.
const faults = useStandinFaults(() => ['latency_ms=1500']);

const session = demo.useAppSession(() => ({ port: 47961, language: 'en', env: faults.env }));

describe('expired cursor, gap, ledger and risk banner (browser shell, Chromium)', () => {
  it('explains 10010, continues from the oldest retained message and records the gap', async () => {
    const corpus = await demo.demoCorpus();
    const { page } = session;
    const corpId = await demo.openDemoFromWelcome(page);

    // Stop the first pull part-way through.
    await expect
      .poll(() => demo.storedTotal(page, corpId), { timeout: 60_000, interval: 50 })
      .toBeGreaterThan(0);
    // The welcome screen's demo flow lands on the Archive screen once data arrives; go to Pull now.
    await page.getByRole('button', { name: 'Pull', exact: true }).click();
    await page.getByRole('button', { name: 'Stop' }).click();
    await demo.waitPullIdle(page, corpId);
    const cursor = (await page.evaluate((id) => window.__archiveTest?.counts(id), corpId))?.cursor ?? '';
    const cursorIndex = corpus.findIndex((record) => record.seq === cursor);
    expect(cursorIndex).toBeGreaterThan(100);
    expect(cursorIndex + 60).toBeLessThan(corpus.length);

    // WeCom deletes the next 40 messages: the cursor is now outside the retention window.
    const oldestRetained = corpus[cursorIndex + 41];
    if (!oldestRetained) throw new Error('corpus too short');
    faults.write([`retained_from=${oldestRetained.seq}`]);
    await page.getByRole('button', { name: 'Start pull' }).click();
    await demo.waitPullIdle(page, corpId);

    const panel = page.getByRole('alert').filter({ hasText: 'Data expired (10010)' });
    await expect.poll(() => panel.count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => panel.innerText()).toContain('beyond WeCom’s retention window');
    const lastStored = await page.getByTestId('expiry-last-committed').innerText();
    expect(lastStored).toContain(`Last stored seq: ${cursor}, at `);
    expect(await demo.storedTotal(page, corpId)).toBe(cursorIndex + 1);
    await demo.screenshot(page, 'ledger-expired-cursor-en');

    await panel.getByRole('button', { name: 'Continue from the oldest retained message' }).click();
    await demo.waitPullIdle(page, corpId);
    await expect.poll(() => demo.storedTotal(page, corpId), { timeout: 60_000 }).toBe(corpus.length - 40);

    // Exactly the retained messages: everything before the gap and everything from the oldest retained on.
    const expected = [...corpus.slice(0, cursorIndex + 1), ...corpus.slice(cursorIndex + 41)]
      .map((record) => record.msgid)
      .sort();
    expect((await demo.storedRows(page, corpId)).map((row) => row.msgid).sort()).toEqual(expected);

    const ledger = await page.evaluate((id) => window.__archiveTest?.ledger(id), corpId);
    expect(ledger?.gaps).toHaveLength(1);
    const [gap] = ledger?.gaps ?? [];
    expect(gap).toMatchObject({
      corpId,
      reason: 'expired-cursor-10010',
      afterSeq: cursor,
      firstSeqAfter: oldestRetained.seq,
      reviewer: REVIEWER,
      acknowledgedAt: null,
    });
    expect(gap?.afterTime).toEqual(expect.any(Number));
    expect(gap?.firstTimeAfter).toBeGreaterThanOrEqual(gap?.afterTime ?? Infinity);
    expect(ledger?.errorKinds).toContain('sdk-10010');
    expect(ledger?.runs.map((run) => [run.trigger, run.outcome])).toEqual([
      ['continue-after-expiry', 'caught-up'],
      ['user', 'failed'],
      ['demo', 'stopped'],
    ]);
    expect(ledger?.runs[0]).toMatchObject({ startSeq: cursor, endSeq: corpus.at(-1)?.seq });
    expect(ledger?.runs[0]?.errorsByCause).toEqual({});
    expect(ledger?.runs[1]?.errorsByCause).toEqual({ 'sdk-10010': 1 });

    // The Ledger screen shows the gap, and the risk banner names it until it is acknowledged.
    await page.getByRole('button', { name: 'Ledger', exact: true }).click();
    const gaps = page.getByRole('table', { name: 'Gaps' });
    await expect.poll(() => gaps.innerText()).toContain(oldestRetained.seq);
    expect(await gaps.innerText()).toContain('40 seq missing');
    expect(await gaps.innerText()).toContain(REVIEWER);
    const banner = page.getByTestId('risk-banner');
    await expect.poll(() => banner.innerText()).toContain('1 unacknowledged gap');
    await demo.screenshot(page, 'ledger-gap-en');

    // The export: CSV + JSON, each hashed in the manifest.
    const files = (await page.evaluate((id) => window.__archiveTest?.ledgerExport(id), corpId)) ?? [];
    expect(files.map((file) => file.name.replace(`ledger-${corpId}`, 'L'))).toEqual([
      'L.json',
      'L.csv',
      'L.manifest.json',
    ]);
    const manifest = JSON.parse(files[2]?.text ?? '{}') as { files: Array<{ name: string; sha256: string }> };
    for (const file of files.slice(0, 2)) {
      const sha256 = createHash('sha256').update(file.text, 'utf8').digest('hex');
      expect(manifest.files.find((entry) => entry.name === file.name)?.sha256).toBe(sha256);
    }
    const csv = files[1]?.text ?? '';
    expect(csv).toContain(`gap,${corpId},${cursor},${oldestRetained.seq},`);
    expect(csv).toContain(`,${REVIEWER},expired-cursor-10010,`);
    expect(JSON.parse(files[0]?.text ?? '{}')).toMatchObject({ corpId, gaps: [{ afterSeq: cursor }] });

    await gaps.getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => banner.count()).toBe(0);
    await expect.poll(() => gaps.innerText()).toContain(`Acknowledged by ${REVIEWER}`);

    // The gap is in the audit trail too, read from the raw object store (not through the app).
    const trail = await page.evaluate(
      () =>
        new Promise<Array<{ action: string; reviewer: { name: string }; target: unknown }>>(
          (resolve, reject) => {
            const open = indexedDB.open('wecom-archive');
            open.onerror = () => reject(new Error(String(open.error)));
            open.onsuccess = () => {
              const all = open.result.transaction('auditTrail').objectStore('auditTrail').getAll();
              all.onsuccess = () => resolve(all.result as never);
              all.onerror = () => reject(new Error(String(all.error)));
            };
          },
        ),
    );
    expect(trail.filter((entry) => entry.action === 'pull.continued-after-gap')).toEqual([
      expect.objectContaining({ reviewer: expect.objectContaining({ name: REVIEWER }), target: { corpId } }),
    ]);
  });

  it('shows the risk banner on the Archive and Media screens once the clock is 3 days ahead', async () => {
    const { page } = session;
    await page.clock.install();
    await page.reload();
    await page.waitForFunction(() => window.__archiveTest !== undefined);
    await page.evaluate(() => window.__archiveTest?.ready);
    const banner = page.getByTestId('risk-banner');
    for (const screen of ['Archive', 'Media']) {
      await page.getByRole('button', { name: screen, exact: true }).click();
      expect(await banner.count()).toBe(0);
    }

    await page.clock.fastForward(72 * 3_600_000);
    for (const screen of ['Archive', 'Media']) {
      await page.getByRole('button', { name: screen, exact: true }).click();
      await expect.poll(() => banner.count(), { timeout: 20_000 }).toBe(1);
      const text = await banner.innerText();
      expect(text).toContain('The archive is at risk of losing data');
      expect(text).toMatch(/the last successful pull was .*3 days ago/);
      await demo.screenshot(page, `risk-banner-${screen.toLowerCase()}-en`);
    }
  });
});
