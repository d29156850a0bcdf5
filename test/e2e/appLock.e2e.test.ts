import { describe, expect, it } from 'vitest';
import type {} from '../../renderer/features/reading/readingTestHook';
import { demoCorpus, openPulledDemo, screenshot, useAppSession } from './support/demo';
import { goTo } from './support/settingsUi';

/**
 * Issue 11, app lock: a passphrase set in Settings; locked (header button, Ctrl+L) the page holds only
 * the lock screen — no message text in the DOM; a wrong passphrase is refused with a clear message;
 * after unlocking the chat is readable again; the passphrase is in none of the shell's output. Main's
 * refusal of every data verb while locked is shown against the real service in
 * test/unit/main/services/lock/appLock.test.ts.
 */
const PASSPHRASE = 'e2e lock passphrase 42';
const session = useAppSession({ port: 47969, language: 'en' });

/** Texts of demo messages long enough to be unmistakable in the page. */
async function phrases(): Promise<string[]> {
  const texts: string[] = [];
  for (const record of await demoCorpus()) {
    const content = /"content":"([^"\\]{12,60})"/.exec(record.body)?.[1];
    if (content) texts.push(content);
  }
  return texts;
}

describe('app lock (browser shell, Chromium)', () => {
  it('locks to a screen with no message text, refuses a wrong passphrase, and unlocks back to the chat', async () => {
    const { page } = session;
    await openPulledDemo(page);
    const known = await phrases();

    await goTo(page, 'Settings');
    const settings = page.locator('#lock-settings');
    await settings.getByLabel('New passphrase', { exact: true }).fill(PASSPHRASE);
    await settings.getByLabel('New passphrase again').fill(PASSPHRASE);
    await settings.getByLabel('Lock after being idle for').selectOption('5');
    await settings.getByRole('button', { name: 'Turn the app lock on' }).click();
    await expect.poll(() => page.getByTestId('lock-settings-result').textContent()).toBe('App lock saved.');

    // A chat with text on screen.
    await goTo(page, 'Archive');
    await page.locator('.conv-item').first().click();
    await page.locator('[data-testid="timeline"] .tl-item[data-msgid]').first().waitFor();
    const knownTextShown = async () => {
      const shown = await page.locator('body').innerText();
      return known.some((text) => shown.includes(text));
    };
    expect(await knownTextShown(), 'some message text is shown').toBe(true);

    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await page.getByTestId('lock-screen').waitFor();
    const locked = await page.content();
    expect(known.filter((text) => locked.includes(text))).toEqual([]);
    expect(await page.locator('.tl-item').count()).toBe(0);
    await screenshot(page, 'app-locked-en');

    await page.getByLabel('Passphrase').fill('not the passphrase');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect
      .poll(() => page.getByTestId('lock-error').textContent())
      .toBe('Wrong passphrase; the app stays locked.');
    expect(await page.getByTestId('lock-screen').isVisible()).toBe(true);

    await page.getByLabel('Passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.locator('[data-testid="timeline"] .tl-item[data-msgid]').first().waitFor();
    expect(await knownTextShown(), 'message text is back').toBe(true);

    // Ctrl+L locks as well.
    await page.locator('body').press('Control+l');
    await page.getByTestId('lock-screen').waitFor();
    await page.getByLabel('Passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByTestId('lock-screen').waitFor({ state: 'detached' });

    // Lock and unlock are in the trail; the passphrase is nowhere in what the shell wrote.
    await page.getByRole('button', { name: 'Audit', exact: true }).click();
    await expect.poll(() => page.locator('body').innerText()).toContain('App unlocked');
    expect(await page.locator('body').innerText()).toContain('App locked');
    expect(session.shell.output()).not.toContain(PASSPHRASE);
    expect(session.shell.output()).not.toContain('not the passphrase');
  });
});
