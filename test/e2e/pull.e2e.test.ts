import { describe, expect, it } from 'vitest';
import { demoCorpus, openPulledDemo, screenshot, storedRows, useAppSession } from './support/demo';

/**
 * Issue 3, must show: configure the demo corp from the UI, pull, and every corpus msgid is in
 * IndexedDB exactly once with the right seq, sender, type and raw JSON.
 */

const session = useAppSession({ port: 47901, language: 'en' });

describe('demo pull (browser shell, Chromium)', () => {
  it('stores every corpus message exactly once with its seq, sender, type and raw JSON', async () => {
    const { page } = session;
    const corpId = await openPulledDemo(page);

    const corpus = await demoCorpus();
    const rows = await storedRows(page, corpId);
    expect(corpus.length).toBeGreaterThanOrEqual(2000);
    expect(rows).toHaveLength(corpus.length);

    const byMsgid = new Map(rows.map((row) => [row.msgid, row]));
    expect(byMsgid.size).toBe(rows.length);
    const mismatches: string[] = [];
    for (const record of corpus) {
      const row = byMsgid.get(record.msgid);
      // The corpus has raw control characters inside strings (as WeCom does); blank them to read the header.
      // eslint-disable-next-line no-control-regex
      const body = JSON.parse(record.body.replace(/[\u0000-\u001f]/g, ' ')) as {
        from?: string;
        user?: string;
        msgtype?: string;
        action?: string;
      };
      const expected = {
        seq: record.seq,
        status: 'ok',
        publickeyVer: record.publickeyVer,
        msgtype: body.msgtype ?? (body.action === 'switch' ? 'switch' : undefined),
        // A switch record names its user in `user` (docs/wecom-sdk.md §4.2): the archive files it as the sender.
        from: body.from ?? body.user,
        raw: record.body,
      };
      const actual = row && {
        seq: row.seq,
        status: row.status,
        publickeyVer: row.publickeyVer,
        msgtype: row.msgtype,
        from: row.from,
        raw: row.raw,
      };
      if (JSON.stringify(actual) !== JSON.stringify(expected))
        mismatches.push(`${record.msgid}: ${JSON.stringify(actual)} != ${JSON.stringify(expected)}`);
    }
    expect(mismatches.slice(0, 5)).toEqual([]);

    // Both key versions of the rotation were used and the cursor is the corpus's last seq.
    expect(new Set(rows.map((row) => row.publickeyVer))).toEqual(new Set([1, 2]));
    const counts = await page.evaluate((id) => window.__archiveTest?.counts(id), corpId);
    expect(counts).toMatchObject({ total: corpus.length, ok: corpus.length, decryptFailed: 0 });
    expect(counts?.cursor).toBe(corpus.at(-1)?.seq);

    // The pull panel tells the user the same.
    await page
      .getByRole('link', { name: 'Pull' })
      .or(page.getByRole('button', { name: 'Pull' }))
      .first()
      .click();
    await expect.poll(() => page.getByText('2,000').first().isVisible()).toBe(true);
    await screenshot(page, 'pull-panel-en');
    expect(session.problems).toEqual([]);
    expect(session.shell.output()).not.toMatch(/BEGIN (RSA )?PRIVATE KEY/);
  });
});
