import { createServer, type Server } from 'node:http';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDataDir, removeDataDir, startBrowserShell, type BrowserShell } from './support/browserShell';
import { launchChromium } from './support/chromium';
import { screenshot } from './support/demo';

/**
 * Issue 17, browser-shell session (docs/security.md): the app loads through a one-time link that
 * becomes an HttpOnly session cookie; the link refused on its second use ends every session and the
 * UI says so; a second tab is told the archive is already open; the shell's terminal and log carry
 * no session value. And port ownership: a busy port is called this app's only when its listener
 * answers the data dir's challenge.
 */
const PORT = 47960;

let shell: BrowserShell;
let dataDir: string;
let browser: Browser;

beforeAll(async () => {
  dataDir = await makeDataDir();
  shell = await startBrowserShell({ dataDir, port: PORT });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await shell?.kill();
  if (dataDir) await removeDataDir(dataDir);
});

async function newContext(language: 'zh-CN' | 'en'): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: language });
  await context.addInitScript((lang) => {
    if (!localStorage.getItem('wecom-archive.language')) localStorage.setItem('wecom-archive.language', lang);
  }, language);
  return context;
}

async function appReady(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__archiveTest !== undefined);
  await page.evaluate(() => window.__archiveTest?.ready);
}

/** Waits for the session screen and returns its state and text. */
async function sessionScreen(page: Page): Promise<{ state: string | null; text: string }> {
  const screen = page.locator('[data-session-state]');
  await screen.waitFor({ timeout: 15_000 });
  return { state: await screen.getAttribute('data-session-state'), text: await screen.innerText() };
}

describe('browser shell session (Chromium)', () => {
  let context: BrowserContext;
  let page: Page;
  let firstLink: string;
  let sessionValue: string;

  it('prints a banner whose URL carries no credential', () => {
    expect(shell.url).toBe(`http://127.0.0.1:${PORT}/`);
    expect(shell.stdout()).toMatch(/Data: +\S+/);
    expect(shell.stdout()).toMatch(/Stop: +Ctrl\+C/);
    expect(shell.stdout()).not.toMatch(/token|code=/i);
    expect(shell.stdout()).not.toMatch(/^\{"time"/m); // JSON logs go to the log file
  });

  it('loads the app through a one-time link that becomes an HttpOnly, SameSite=Strict cookie', async () => {
    context = await newContext('en');
    page = await context.newPage();
    firstLink = await shell.bootstrapUrl();
    expect(firstLink).toMatch(
      new RegExp(`^http://127\\.0\\.0\\.1:${PORT}/session\\?code=[A-Za-z0-9_-]{43}$`),
    );
    await page.goto(firstLink);
    expect(page.url()).toBe(shell.url); // the code left the address bar
    await appReady(page);
    expect(await page.locator('[data-session-state]').count()).toBe(0);

    const cookies = await context.cookies(shell.url);
    const cookie = cookies.find((candidate) => candidate.name === `wecom_archive_session_${PORT}`);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/', expires: -1 });
    sessionValue = cookie?.value ?? '';
    expect(sessionValue).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Page scripts cannot read it.
    expect(await page.evaluate(() => document.cookie)).not.toContain(sessionValue);
  });

  it('tells a second tab that the archive is already open, and the first keeps working', async () => {
    const second = await context.newPage();
    await second.goto(shell.url);
    const screen = await sessionScreen(second);
    expect(screen.state).toBe('already-open');
    expect(screen.text).toContain('already open in another window or tab');
    await screenshot(second, 'session-already-open-en');
    await second.close();
    // The live tab is still the app, connected.
    expect(await page.locator('[data-session-state]').count()).toBe(0);
  });

  it('shows a browser without a session how to get in (zh-CN)', async () => {
    const stranger = await newContext('zh-CN');
    const other = await stranger.newPage();
    await other.goto(shell.url);
    const screen = await sessionScreen(other);
    expect(screen.state).toBe('no-session');
    expect(screen.text).toContain('此窗口尚未登录应用');
    expect(screen.text).toContain('按回车键');
    await screenshot(other, 'session-no-session-zh-CN');
    await stranger.close();
  });

  it('refuses the link on its second use, ends every session and says so in the UI and the terminal', async () => {
    const attacker = await newContext('zh-CN');
    const attackerPage = await attacker.newPage();
    await attackerPage.goto(firstLink);
    expect((await sessionScreen(attackerPage)).state).toBe('session-ended');
    expect((await sessionScreen(attackerPage)).text).toContain('一次性链接被使用了两次');
    expect((await attacker.cookies(shell.url)).map((cookie) => cookie.name)).not.toContain(
      `wecom_archive_session_${PORT}`,
    );
    await screenshot(attackerPage, 'session-ended-zh-CN');
    await attacker.close();

    // The live window lost its session too, and says why.
    const screen = await sessionScreen(page);
    expect(screen.state).toBe('session-ended');
    expect(screen.text).toContain('A one-time link was used twice');
    expect(shell.stdout()).toMatch(/WARNING: a one-time link was used a second time/);
  });

  it('a new link from the terminal starts over (rotation)', async () => {
    await page.goto(await shell.bootstrapUrl());
    await appReady(page);
    expect(await page.locator('[data-session-state]').count()).toBe(0);
    const cookie = (await context.cookies(shell.url)).find(
      (candidate) => candidate.name === `wecom_archive_session_${PORT}`,
    );
    expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookie?.value).not.toBe(sessionValue);
    for (const value of [sessionValue, cookie?.value ?? '']) {
      expect(shell.stdout()).not.toContain(value);
      expect(shell.output()).not.toContain(value); // stderr and the JSON log file included
    }
    await context.close();
  });
});

describe('port ownership', () => {
  it('a second start on the same data dir and port says the app is already running', async () => {
    await expect(startBrowserShell({ dataDir, port: PORT })).rejects.toThrow(
      /already running on http:\/\/127\.0\.0\.1:47960\/ with this data folder/,
    );
  });

  it('a start that finds the port held by another program says so and does not send the user there', async () => {
    const otherDir = await makeDataDir();
    // Same port, another data dir: the running shell cannot prove it owns this one's secret.
    const failure = await startBrowserShell({ dataDir: otherDir, port: PORT }).catch((error: Error) => error);
    expect(String(failure)).toMatch(/Port 47960 is held by another program/);
    expect(String(failure)).toMatch(/must not be opened there/);
    expect(String(failure)).not.toMatch(/use its window/i);

    // A plain server that answers anything with 200.
    const foreign: Server = createServer((_req, res) => res.end('0'.repeat(64)));
    await new Promise<void>((resolve) => foreign.listen(PORT + 1, '127.0.0.1', resolve));
    const foreignFailure = await startBrowserShell({ dataDir, port: PORT + 1 }).catch(
      (error: Error) => error,
    );
    await new Promise((resolve) => foreign.close(resolve));
    await removeDataDir(otherDir);
    expect(String(foreignFailure)).toMatch(/Port 47961 is held by another program/);
  });
});
