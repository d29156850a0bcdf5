import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ENABLE_FEATURES } from '../../../main/shell-common/chromiumFeatures';

/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser). The flags keep it off
 * the closed network (docs/platform-facts.md §6: background networking otherwise floods refused connections).
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  // The features the Electron shell runs with (IndexedDB on SQLite for new archives), so tests and
  // benches measure what ships; `BENCH_INDEXEDDB=leveldb` leaves them out, to compare with LevelDB
  // (docs/ARCHITECTURE.md §9.5).
  ...(process.env.BENCH_INDEXEDDB === 'leveldb' ? [] : [`--enable-features=${CHROMIUM_ENABLE_FEATURES}`]),
];

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] });
}

/** A persistent context: the profile, IndexedDB included, is kept in `profileDir` on disk. */
export async function launchChromiumProfile(
  profileDir: string,
  options: { viewport?: { width: number; height: number }; locale?: string } = {},
): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS],
    ...options,
  });
}

/** A page whose console errors and uncaught exceptions fail the test that reads `problems`. */
export async function openApp(
  context: BrowserContext,
  url: string,
): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // "Failed to load resource" does not say which: the location does.
    const where = message.text().startsWith('Failed to load resource') ? ` (${message.location().url})` : '';
    problems.push(`console: ${message.text()}${where}`);
  });
  await page.goto(url);
  return { page, problems };
}
