import { describe, expect, it } from 'vitest';
import { applyChromiumSwitches } from '../../../../main/shell-electron/chromiumSwitches';
import { CHROMIUM_ENABLE_FEATURES } from '../../../../main/shell-common/chromiumFeatures';
import { CHROMIUM_ARGS } from '../../../e2e/support/chromium';

describe('the Chromium features the app runs with (docs/platform-facts.md §5.3)', () => {
  it('puts new archives on IndexedDB’s SQLite backend and leaves existing LevelDB ones where they are', () => {
    expect(CHROMIUM_ENABLE_FEATURES).toBe('IdbSqliteOnDiskRollout:stage/UseSqliteForNewStores');
    // Either of these would open an existing LevelDB archive as an empty SQLite one.
    expect(CHROMIUM_ENABLE_FEATURES).not.toMatch(/IdbSqliteBackingStore|UseSqliteOnly|Migrate/);
  });

  it('is appended by the Electron shell at every launch', () => {
    const appended: [string, string | undefined][] = [];
    applyChromiumSwitches({
      commandLine: {
        appendSwitch: (name: string, value?: string) => void appended.push([name, value]),
      } as never,
    });
    expect(appended).toEqual([['enable-features', CHROMIUM_ENABLE_FEATURES]]);
  });

  it('is what the e2e tests and benches launch Chromium with, unless told to compare with LevelDB', () => {
    if (process.env.BENCH_INDEXEDDB === 'leveldb') return;
    expect(CHROMIUM_ARGS).toContain(`--enable-features=${CHROMIUM_ENABLE_FEATURES}`);
  });
});
