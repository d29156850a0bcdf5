import type {} from '../../../renderer/features/pull/testHook';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { demoCorpusDir, testResultsDir } from '../../../build/paths';
import { readCorpusRecords } from '../../../native/standin/corpus/index';
import { makeDataDir, removeDataDir, startBrowserShell, type BrowserShell } from './browserShell';
import { launchChromium, launchChromiumProfile, openApp } from './chromium';
import { afterAll, beforeAll, expect } from 'vitest';
import { goTo } from './settingsUi';

/** The demo corp as the generator wrote it (build/out/native/standin-data/manifest.json). */
export interface DemoManifestCorp {
  corpid: string;
  messages: number;
  keyVersions: number[];
}

export function demoManifest(): { corps: DemoManifestCorp[] } {
  return JSON.parse(readFileSync(path.join(demoCorpusDir, 'manifest.json'), 'utf8')) as {
    corps: DemoManifestCorp[];
  };
}

export function demoCorpid(): string {
  const corp = demoManifest().corps[0];
  if (!corp) throw new Error('the demo manifest lists no corp');
  return corp.corpid;
}

/** The demo corp's secret from the manifest, for corps configured by hand in Settings. */
export function demoSecret(): string {
  const manifest = JSON.parse(readFileSync(path.join(demoCorpusDir, 'manifest.json'), 'utf8')) as {
    corps: Array<{ secret?: string }>;
  };
  const secret = manifest.corps[0]?.secret;
  if (!secret) throw new Error('no demo secret in the manifest');
  return secret;
}

/** The demo corp's private key of one version, as the generator wrote it (PKCS#1 PEM). */
export function demoKeyPem(version: number): string {
  return readFileSync(path.join(demoCorpusDir, demoCorpid(), 'keys', `pri_v${version}.pem`), 'utf8');
}

/** Every record the stand-in will serve for the demo corp, in seq order, with its plaintext JSON. */
export async function demoCorpus(): Promise<
  Array<{ seq: string; msgid: string; publickeyVer: number; body: string }>
> {
  const records: Array<{ seq: string; msgid: string; publickeyVer: number; body: string }> = [];
  for await (const record of readCorpusRecords(demoCorpusDir, demoCorpid())) {
    records.push({
      seq: record.seq.toString(),
      msgid: record.msgid,
      publickeyVer: record.publickeyVer,
      body: record.body.toString('utf8'),
    });
  }
  return records;
}

/** What IndexedDB holds for one corp, read in the page with the raw IndexedDB API (no app code). */
export interface StoredRow {
  msgid: string;
  seq: string;
  status: string;
  publickeyVer: number;
  msgtype?: string;
  from?: string;
  raw?: string;
}

/** Each app session's data dir by its page, so a test can read what main stores there for it. */
const dataDirOfPage = new WeakMap<Page, string>();

/**
 * The archive's data key as main keeps it in the browser shell's 0600 secrets file (docs/security.md
 * §8), base64: e2e tests open sealed rows with it themselves, never through the app. Never printed.
 */
export function archiveDataKey(page: Page): string {
  const dataDir = dataDirOfPage.get(page);
  if (!dataDir) throw new Error('archiveDataKey: this page was not opened by startAppSession');
  const secrets = JSON.parse(readFileSync(path.join(dataDir, 'secrets.json'), 'utf8')) as Record<
    string,
    string
  >;
  const key = secrets['archive:data-key'];
  if (!key) throw new Error('archiveDataKey: main has not created the data key yet');
  return key;
}

/**
 * The rows IndexedDB holds for one corp, read in the page with the raw IndexedDB API (no app code);
 * sealed payloads (db/sealedTables.ts) are opened here with WebCrypto and the key main stored.
 */
export async function storedRows(page: Page, corpId: string): Promise<StoredRow[]> {
  return page.evaluate(
    ({ id, keyBase64 }) =>
      new Promise<StoredRow[]>((resolve, reject) => {
        const open = indexedDB.open('wecom-archive');
        open.onerror = () => reject(new Error(String(open.error)));
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction('messages').objectStore('messages').getAll();
          request.onerror = () => reject(new Error(String(request.error)));
          request.onsuccess = () => {
            db.close();
            type Stored = StoredRow & { corpId: string; sealed?: Uint8Array<ArrayBuffer> };
            const stored = (request.result as Stored[]).filter((row) => row.corpId === id);
            const unseal = async (key: CryptoKey, row: Stored): Promise<Stored> => {
              if (!row.sealed) return row;
              const plain = await crypto.subtle.decrypt(
                {
                  name: 'AES-GCM',
                  iv: row.sealed.subarray(1, 13),
                  additionalData: new TextEncoder().encode(
                    JSON.stringify(['messages', row.corpId, row.msgid]),
                  ),
                },
                key,
                row.sealed.subarray(13),
              );
              return { ...row, ...(JSON.parse(new TextDecoder().decode(plain)) as Partial<Stored>) };
            };
            const raw = Uint8Array.from(atob(keyBase64), (c) => c.charCodeAt(0));
            crypto.subtle
              .importKey('raw', raw, 'AES-GCM', false, ['decrypt'])
              .then((key) => Promise.all(stored.map((row) => unseal(key, row))))
              .then((rows) =>
                resolve(
                  rows.map(({ msgid, seq, status, publickeyVer, msgtype, from, raw: text }) => ({
                    msgid,
                    seq,
                    status,
                    publickeyVer,
                    ...(msgtype === undefined ? {} : { msgtype }),
                    ...(from === undefined ? {} : { from }),
                    ...(text === undefined ? {} : { raw: text }),
                  })),
                ),
              )
              .catch((error: unknown) => reject(new Error(String(error))));
          };
        };
      }),
    { id: corpId, keyBase64: archiveDataKey(page) },
  );
}

/** Every row of an object store, read in the page with the raw IndexedDB API (no app code; sealed columns stay sealed). */
export async function storeRows<T>(page: Page, store: string): Promise<T[]> {
  return page.evaluate(
    (name) =>
      new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open('wecom-archive');
        open.onerror = () => reject(new Error(String(open.error)));
        open.onsuccess = () => {
          const request = open.result.transaction(name).objectStore(name).getAll();
          request.onsuccess = () => {
            open.result.close();
            resolve(request.result as T[]);
          };
          request.onerror = () => reject(new Error(String(request.error)));
        };
      }),
    store,
  );
}

/** A browser shell on its own data dir plus a Chromium context, torn down together. */
export interface AppSession {
  shell: BrowserShell;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  problems: string[];
  dataDir: string;
  /** Kills the shell (SIGKILL by default) and starts a new one on the same data dir and port. */
  restartShell(signal?: NodeJS.Signals): Promise<void>;
  close(): Promise<void>;
}

export interface AppSessionOptions {
  port: number;
  language?: 'zh-CN' | 'en';
  env?: Record<string, string>;
  /**
   * The reviewer this profile starts with (issue 11), so the first-use name dialog does not stand in
   * front of every test; null starts with nobody named (the dialog shows).
   */
  reviewer?: { name: string; employeeId?: string } | null;
  /**
   * Chromium's profile (IndexedDB included) in a directory on disk, as the installed app keeps it.
   * Without it the context is off the record and IndexedDB lives in memory: cheaper than the disk,
   * and a million-message seed failed in one (docs/platform-facts.md §5.1).
   */
  profileOnDisk?: boolean;
  /**
   * Keep the shell's data dir and Chromium's profile (on disk) in `<keepIn>/data` and
   * `<keepIn>/chromium`, reused by the next session given the same directory and never removed: a
   * bench seeds a large archive once and measures it many times.
   */
  keepIn?: string;
}

export async function startAppSession(options: AppSessionOptions): Promise<AppSession> {
  const kept = options.keepIn ? path.resolve(options.keepIn) : null;
  if (kept) for (const dir of ['data', 'chromium']) mkdirSync(path.join(kept, dir), { recursive: true });
  const dataDir = kept ? path.join(kept, 'data') : await makeDataDir();
  const env = options.env ?? {};
  let shell = await startBrowserShell({ dataDir, port: options.port, env });
  const contextOptions = { viewport: { width: 1400, height: 900 }, locale: options.language ?? 'zh-CN' };
  const profileDir = kept ? path.join(kept, 'chromium') : options.profileOnDisk ? await makeDataDir() : null;
  const context = profileDir
    ? await launchChromiumProfile(profileDir, contextOptions)
    : await (await launchChromium()).newContext(contextOptions);
  const browser = context.browser();
  if (!browser) throw new Error('Chromium: the context has no browser');
  const language = options.language ?? 'zh-CN';
  await context.addInitScript((lang) => {
    if (!localStorage.getItem('wecom-archive.language')) localStorage.setItem('wecom-archive.language', lang);
  }, language);
  const reviewer = options.reviewer === undefined ? { name: 'E2E 审阅人' } : options.reviewer;
  if (reviewer)
    await context.addInitScript((value) => {
      if (!localStorage.getItem('wecom-archive.reviewer'))
        localStorage.setItem('wecom-archive.reviewer', value);
    }, JSON.stringify(reviewer));
  const { page, problems } = await openApp(context, await shell.bootstrapUrl());
  dataDirOfPage.set(page, dataDir);
  await page.waitForFunction(() => window.__archiveTest !== undefined);
  await page.evaluate(() => window.__archiveTest?.ready);

  const session: AppSession = {
    get shell() {
      return shell;
    },
    browser,
    context,
    page,
    problems,
    dataDir,
    async restartShell(signal = 'SIGKILL') {
      await shell.kill(signal);
      shell = await startBrowserShell({ dataDir, port: options.port, env });
      await page.goto(await shell.bootstrapUrl());
      await page.waitForFunction(() => window.__archiveTest !== undefined);
      await page.evaluate(() => window.__archiveTest?.ready);
    },
    async close() {
      if (profileDir) await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await shell.kill();
      if (kept) return;
      await removeDataDir(dataDir);
      if (profileDir) await removeDataDir(profileDir);
    },
  };
  return session;
}

/**
 * The session of one test file (or describe block): started in a `beforeAll`, closed in an `afterAll`
 * registered where this is called. The returned object forwards to the running session and throws when
 * used before it started. `options` as a function is read when the session starts, after the
 * `beforeAll` hooks registered before this call (e.g. one that writes a faults file).
 */
export function useAppSession(options: AppSessionOptions | (() => AppSessionOptions)): AppSession {
  let current: AppSession | undefined;
  const running = (): AppSession => {
    if (!current) throw new Error('the app session is used outside its beforeAll/afterAll');
    return current;
  };
  beforeAll(async () => {
    current = await startAppSession(typeof options === 'function' ? options() : options);
  });
  afterAll(async () => {
    await current?.close();
    current = undefined;
  });
  // Every property is read from the running session at the time of use.
  return new Proxy({} as AppSession, { get: (_target, key) => Reflect.get(running(), key) });
}

/** Clicks the welcome screen's demo button and waits until the demo corp exists. Returns its id. */
export async function openDemoFromWelcome(page: Page): Promise<string> {
  await page.getByRole('button', { name: /打开演示存档|Open the demo archive/ }).click();
  const handle = await page.waitForFunction(() => {
    const corps = window.__archiveTest?.corps() ?? [];
    return corps.find((corp) => corp.isDemo)?.id ?? false;
  });
  return (await handle.jsonValue()) as string;
}

/** The demo archive opened from the welcome screen, with its first pull finished. Returns the corp id. */
export async function openPulledDemo(page: Page): Promise<string> {
  const corpId = await openDemoFromWelcome(page);
  await waitPullIdle(page, corpId);
  return corpId;
}

/** Switches the UI to English (the language menu, or its button) and waits for the reader's English title. */
export async function switchToEnglish(page: Page): Promise<void> {
  await page
    .getByRole('combobox', { name: /语言|Language/ })
    .selectOption('en')
    .catch(async () => {
      await page.getByRole('button', { name: 'English' }).click();
    });
  await page.getByText('Chats', { exact: true }).first().waitFor();
}

export async function waitPullIdle(page: Page, corpId: string): Promise<void> {
  await page.evaluate((id) => window.__archiveTest?.pullIdle(id), corpId);
}

/** How many messages of the corp are stored (the page's own count, no app screen involved). */
export async function storedTotal(page: Page, corpId: string): Promise<number> {
  return (await page.evaluate((id) => window.__archiveTest?.counts(id), corpId))?.total ?? 0;
}

/** Waits until at least `atLeast` messages of the corp are stored (a pull under way); answers the count seen. */
export async function waitForStored(page: Page, corpId: string, atLeast: number): Promise<number> {
  let total = 0;
  await expect
    .poll(
      async () => {
        total = await storedTotal(page, corpId);
        return total;
      },
      { timeout: 60_000, interval: 50 },
    )
    .toBeGreaterThanOrEqual(atLeast);
  return total;
}

/** Starts a pull from the Pull screen and waits until it is idle with `total` messages stored; answers the counts. */
export async function pullFromPullScreen(page: Page, corpId: string, total: number) {
  await goTo(page, 'Pull');
  await page.getByRole('button', { name: 'Start pull' }).click();
  await waitPullIdle(page, corpId);
  await expect
    .poll(async () => (await page.evaluate((id) => window.__archiveTest?.counts(id), corpId))?.total)
    .toBe(total);
  return page.evaluate((id) => window.__archiveTest?.counts(id), corpId);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(testResultsDir, 'screenshots', `${name}.png`), fullPage: false });
}
