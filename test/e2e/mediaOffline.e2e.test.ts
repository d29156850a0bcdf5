import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openPulledDemo, screenshot, useAppSession } from './support/demo';

/**
 * Issue 15 "States": when the browser shell's server stops, an image already shown stays shown (not a
 * broken-image icon), one that was never loaded says that the app's server is not running, and the
 * media badges say their state is the last one known; once the server is back everything loads again.
 * The shell is stopped as in archiveStates.e2e.test.ts (SIGKILL).
 */

const session = useAppSession({ port: 47972, language: 'en' });

const naturalWidth = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0));

async function showImages(page: Page): Promise<void> {
  await page.getByRole('navigation').getByRole('button', { name: 'Media' }).click();
  await page.locator('#media-panel').waitFor();
  await page.locator('#media-panel').getByLabel('Type', { exact: true }).selectOption({ label: 'Image' });
  await page.waitForFunction(() => {
    const cards = [...document.querySelectorAll('#media-panel .media-card')];
    return cards.length > 0 && cards.every((card) => card.classList.contains('media-card--image'));
  });
}

describe('media while the shell is stopped (browser shell, Chromium)', () => {
  it('keeps loaded images, explains the unloaded ones, and marks badges as last known', async () => {
    const { page } = session;
    await openPulledDemo(page);
    await showImages(page);
    const first = '#media-panel .media-card--image .media-card__thumb img';
    await page.locator(first).first().waitFor({ timeout: 30_000 });
    await expect.poll(() => naturalWidth(page, first), { timeout: 30_000 }).toBeGreaterThan(0);
    const loadedId = await page
      .locator('#media-panel .media-card--image')
      .first()
      .getAttribute('data-sdkfileid');
    const status = page.locator('#media-panel .media-card--image .media-status').first();
    await expect.poll(() => status.getAttribute('data-state')).toBe('done');
    expect(await status.getAttribute('data-last-known')).toBeNull();

    await session.shell.kill('SIGKILL');
    await expect.poll(() => status.getAttribute('data-last-known'), { timeout: 20_000 }).toBe('true');
    // The loaded image is the same element, still decoded — not a placeholder, not a broken icon.
    const card = page.locator(`#media-panel .media-card[data-sdkfileid="${loadedId ?? ''}"]`);
    expect(await card.locator('.media-card__thumb img').count()).toBe(1);
    expect(
      await naturalWidth(page, `#media-panel .media-card[data-sdkfileid="${loadedId ?? ''}"] img`),
    ).toBeGreaterThan(0);
    expect(await card.getByTestId('media-offline').count()).toBe(0);
    const badge = await status.innerText();
    expect(badge).toContain('Last known: Downloaded');
    expect(badge).toContain('Not connected, cannot confirm');
    expect(badge).toContain('The app’s server is not running');

    // The next page's images were never loaded: each says why instead of showing a broken image.
    await page.locator('#media-panel').getByRole('button', { name: 'Next' }).click();
    await page.waitForFunction(
      (id) => document.querySelector('#media-panel .media-card')?.getAttribute('data-sdkfileid') !== id,
      loadedId ?? '',
    );
    const unloaded = page.locator('#media-panel .media-card--image').first();
    await unloaded.getByTestId('media-offline').waitFor({ timeout: 20_000 });
    expect(await unloaded.getByTestId('media-offline').innerText()).toContain(
      'The app’s server is not running, so this item cannot be loaded',
    );
    expect(await unloaded.locator('.media-card__thumb img').count()).toBe(0);
    const unloadedStatus = unloaded.locator('.media-status');
    expect(await unloadedStatus.getAttribute('data-last-known')).toBe('true');
    expect(await unloadedStatus.innerText()).toContain('Last known:');
    for (const button of await unloadedStatus.getByRole('button').all()) {
      expect(await button.isDisabled()).toBe(true);
      const described = await button.getAttribute('aria-describedby');
      expect(await page.locator(`[id="${described ?? ''}"]`).innerText()).toContain(
        'The app’s server is not running',
      );
    }
    await screenshot(page, 'media-offline-en');

    // Back: a restarted shell knows no earlier session (a new one-time link opens the page again, as
    // the session screen tells the user), so this is a reload; the badges are live and the images load.
    await session.restartShell();
    await showImages(page);
    await page.locator(first).first().waitFor({ timeout: 30_000 });
    await expect.poll(() => naturalWidth(page, first), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await page.getByTestId('media-offline').count()).toBe(0);
    expect(await page.locator('#media-panel .media-status[data-last-known]').count()).toBe(0);
  });
});
