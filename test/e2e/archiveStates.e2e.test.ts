import { describe, expect, it } from 'vitest';
import { launchChromium, openApp } from './support/chromium';
import { openDemoFromWelcome, screenshot, useAppSession, waitPullIdle } from './support/demo';

/**
 * Issue 15 "States": what the app says when the archive is not (yet) in this browser and when the
 * shell's server is gone. The stand-in answers every call after 1.5 s, so the first pull's first batch
 * is still on its way while the Archive screen is looked at.
 */
const PORT = 47965;

describe('archive states', () => {
  const session = useAppSession({
    port: PORT,
    language: 'zh-CN',
    env: { WEWORK_STANDIN_FAULTS: 'latency_ms=1500' },
  });
  let corpId = '';

  it('shows the first pull in progress on the Archive screen instead of "no chats"', async () => {
    const { page } = session;
    corpId = await openDemoFromWelcome(page);
    await page.getByRole('navigation').getByRole('button', { name: '存档' }).click();
    const progress = page.getByTestId('archive-first-pull');
    await progress.waitFor();
    expect(await progress.innerText()).toContain('正在进行第一次拉取');
    expect(await page.getByText('这个企业还没有存档的会话。').count()).toBe(0);
    await screenshot(page, 'archive-first-pull-zh-CN');
    await waitPullIdle(page, corpId);
    await page.locator('.conv-item').first().waitFor();
    expect(await progress.count()).toBe(0);
  });

  it('disables the pull buttons with an explanation while the server is gone', async () => {
    const { page } = session;
    await page.getByRole('navigation').getByRole('button', { name: '拉取' }).click();
    const start = page.getByRole('button', { name: '开始拉取' });
    await start.waitFor();
    expect(await start.isEnabled()).toBe(true);
    expect(await page.getByTestId('pull-offline').count()).toBe(0);

    await session.shell.kill('SIGKILL');
    await page.getByTestId('pull-offline').waitFor();
    expect(await start.isDisabled()).toBe(true);
    const described = await start.getAttribute('aria-describedby');
    expect(described).toBeTruthy();
    expect(await page.locator(`[id="${described ?? ''}"]`).innerText()).toContain('连接已断开');
    await screenshot(page, 'pull-offline-zh-CN');

    await session.restartShell();
    await page.getByRole('navigation').getByRole('button', { name: '拉取' }).click();
    await page.getByRole('button', { name: '开始拉取' }).waitFor();
    expect(await page.getByRole('button', { name: '开始拉取' }).isEnabled()).toBe(true);
    expect(await page.getByTestId('pull-offline').count()).toBe(0);
  });

  it('tells a second browser profile that it holds no archive and where the archive lives', async () => {
    // The first window lets go; a browser with its own profile (empty IndexedDB) opens the app.
    await session.page.close();
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN' });
      // The reviewer is known in this profile too, so the first-use name dialog does not cover the screen.
      await context.addInitScript(() => {
        localStorage.setItem('wecom-archive.reviewer', JSON.stringify({ name: 'E2E 审阅人' }));
      });
      const { page, problems } = await openApp(context, await session.shell.bootstrapUrl());
      await page.waitForFunction(() => window.__archiveTest !== undefined);
      await page.evaluate(() => window.__archiveTest?.ready);

      await page.getByRole('navigation').getByRole('button', { name: '存档' }).click();
      const notice = page.getByTestId('archive-elsewhere');
      await notice.waitFor();
      const text = await notice.innerText();
      expect(text).toContain('这个浏览器配置文件里没有存档');
      // When it was pulled, from main's record, not a seq this profile never saw.
      expect(text).toMatch(/在 \d{4}年\d{1,2}月\d{1,2}日.* 成功拉取过/);
      expect(text).toContain(`${session.dataDir}/chromium-profile`);
      await screenshot(page, 'archive-elsewhere-zh-CN');

      await page.getByRole('navigation').getByRole('button', { name: '拉取' }).click();
      const card = page.locator(`#pull-${corpId}`);
      await card.getByTestId('archive-elsewhere').waitFor();
      expect(await card.innerText()).not.toContain('已是最新');
      expect(await card.innerText()).toContain('此浏览器中无存档');
      await screenshot(page, 'pull-elsewhere-zh-CN');
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
