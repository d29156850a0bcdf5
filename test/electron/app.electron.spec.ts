import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { _electron } from 'playwright-core';
import type { ElectronApplication, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methodNames } from '../../main/contract';
import type { ArchiveApi } from '../../main/contract';
import { findElectronBinary, repoRoot, sandboxArgs } from './electronEnvironment';

/**
 * The real Electron app, launched from the repo (`electron .` → build/out/app/main.cjs) with a
 * throw-away data dir. Skipped — and reported as skipped, with the reason — where no Electron
 * binary exists. Waits on app events and polled conditions, never on sleeps (docs/style.md §12).
 */
const electron = findElectronBinary();
const skipReason = 'reason' in electron ? `no Electron binary: ${electron.reason}` : null;

/** The preload's global, typed here without a global augmentation (the renderer declares its own). */
type WithArchive = { archive?: ArchiveApi };

describe.skipIf(skipReason !== null)(`Electron app${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let app: ElectronApplication;
  let page: Page;
  let dataDir: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!('binary' in electron)) return;
    dataDir = mkdtempSync(path.join(tmpdir(), 'wecom-electron-e2e-'));
    app = await _electron.launch({
      executablePath: electron.binary,
      args: [repoRoot, ...sandboxArgs()],
      cwd: repoRoot,
      env: { ...process.env, WECOM_ARCHIVE_DATA_DIR: dataDir, ELECTRON_ENABLE_LOGGING: '1' },
      timeout: 60_000,
    });
    page = await app.firstWindow();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.waitForLoadState('domcontentloaded');
  });

  afterAll(async () => {
    await app?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('loads the renderer from the app scheme with the strict CSP', async () => {
    expect(page.url()).toMatch(/^app:\/\/renderer\//);
    const csp = await page.evaluate(async () =>
      (await fetch('/index.html')).headers.get('content-security-policy'),
    );
    expect(csp).toMatch(/^default-src 'none'; script-src 'self';/);
    expect(pageErrors).toEqual([]);
  });

  it('window.archive exposes exactly the contract verbs and subscribe', async () => {
    const keys = await page.evaluate(() =>
      Object.keys((window as unknown as WithArchive).archive ?? {}).sort(),
    );
    expect(keys).toEqual([...methodNames, 'subscribe'].sort());
  });

  it('answers a verb through IPC with a result envelope from the real service', async () => {
    const info = await page.evaluate(() => (window as unknown as WithArchive).archive?.getAppInfo({}));
    expect(info).toMatchObject({ ok: true, value: { shell: 'electron' } });
  });

  it('node is not reachable from the renderer', async () => {
    const reach = await page.evaluate(() => {
      const scope = globalThis as Record<string, unknown>;
      return ['require', 'process', 'module', 'Buffer', 'global', 'ipcRenderer'].filter(
        (name) => name in scope,
      );
    });
    expect(reach).toEqual([]);
  });

  it('refuses file: URLs, in the page and in main', async () => {
    const status = await app.evaluate(async ({ net }) => (await net.fetch('file:///etc/hostname')).status);
    expect(status).toBe(403);
  });

  it('blocks navigation to an external URL and asks before opening it outside', async () => {
    // The confirmation dialog is replaced by a recorder that answers "Cancel".
    await app.evaluate(({ dialog }) => {
      const asked: string[] = [];
      Object.assign(globalThis, { askedToOpen: asked });
      dialog.showMessageBox = (async (...args: unknown[]) => {
        asked.push(String((args.at(-1) as { detail?: string }).detail));
        return { response: 0, checkboxChecked: false };
      }) as typeof dialog.showMessageBox;
    });
    await page.evaluate(() => {
      window.location.href = 'https://example.com/outside?q=1';
    });
    await expect
      .poll(() => app.evaluate(() => (globalThis as unknown as { askedToOpen: string[] }).askedToOpen), {
        timeout: 10_000,
      })
      .toEqual([expect.stringContaining('https://example.com/outside?q=1')]);
    expect(page.url()).toMatch(/^app:\/\/renderer\//);
    expect(await page.evaluate(() => typeof (window as unknown as WithArchive).archive)).toBe('object');
  });
});
