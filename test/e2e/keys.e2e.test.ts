import { createPrivateKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { standinLibrary } from '../../build/paths';
import {
  demoCorpid,
  demoCorpus,
  demoKeyPem,
  demoSecret,
  screenshot,
  storedRows,
  useAppSession,
  pullFromPullScreen,
} from './support/demo';
import { addCorpFromSettings, goTo, importKeyFromSettings } from './support/settingsUi';

/**
 * Issue 3, must show: a corp configured by hand from the Settings screen with only its v1 key; the v2
 * messages are stored as `missing-key v2` and the pull completes; importing v2 decrypts them all.
 * The keys are pasted in the two other accepted forms (PKCS#8 PEM, and a header-less PKCS#1 body).
 */

const session = useAppSession({ port: 47903, language: 'en' });

describe('key versions (browser shell, Chromium)', () => {
  it('keeps v2 messages as missing-key v2, then decrypts them in place when the v2 key is imported', async () => {
    const { page } = session;
    const corpus = await demoCorpus();
    const v2 = corpus.filter((record) => record.publickeyVer === 2).length;
    expect(v2).toBeGreaterThan(0);
    expect(v2).toBeLessThan(corpus.length);

    const corpId = await addCorpFromSettings(
      page,
      {
        corpid: demoCorpid(),
        name: 'Hand-configured corp',
        secret: demoSecret(),
        libraryPath: standinLibrary,
      },
      () => session.shell.output(),
    );

    // v1 as PKCS#8 PEM.
    const v1Pkcs8 = createPrivateKey(demoKeyPem(1)).export({ format: 'pem', type: 'pkcs8' }).toString();
    await importKeyFromSettings(page, 1, v1Pkcs8);

    const before = await pullFromPullScreen(page, corpId, corpus.length);
    expect(before).toMatchObject({ total: corpus.length, ok: corpus.length - v2, missingKey: { v2 } });
    expect(before?.cursor).toBe(corpus.at(-1)?.seq);
    await screenshot(page, 'pull-missing-key-en');

    // Settings says what is missing, then v2 is pasted as a bare base64 body (no BEGIN/END lines).
    await goTo(page, 'Settings');
    await page.getByText('Hand-configured corp').first().click();
    await expect
      .poll(() => page.getByText(`key v2: missing — ${v2} messages wait for it`).isVisible())
      .toBe(true);
    const v2Body = demoKeyPem(2)
      .split('\n')
      .filter((line) => line && !line.startsWith('-----'))
      .join('');
    await importKeyFromSettings(page, 2, v2Body);
    await expect
      .poll(() =>
        page.getByText(/The v2 private key was imported and proven on a stored message/).isVisible(),
      )
      .toBe(true);
    await page.evaluate((id) => window.__archiveTest?.redecryptIdle(id), corpId);
    await expect
      .poll(async () => (await page.evaluate((id) => window.__archiveTest?.counts(id), corpId))?.ok, {
        timeout: 30_000,
      })
      .toBe(corpus.length);
    await screenshot(page, 'settings-keys-en');

    const rows = await storedRows(page, corpId);
    const bodies = new Map(corpus.map((record) => [record.msgid, record.body]));
    expect(rows).toHaveLength(corpus.length);
    expect(rows.filter((row) => row.status !== 'ok' || row.raw !== bodies.get(row.msgid))).toEqual([]);
    // No private key material reached the page's storage or the shell's log.
    const pageText = await page.evaluate(() => document.body.innerText + JSON.stringify({ ...localStorage }));
    expect(pageText).not.toContain(v2Body.slice(0, 40));
    expect(session.shell.output()).not.toContain(v2Body.slice(0, 40));
    expect(session.shell.output()).not.toContain(demoSecret());
    expect(session.problems).toEqual([]);
  });
});
