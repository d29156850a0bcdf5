import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chromiumAppArgs } from '../../../../main/shell-web/chromiumApp';
import { DEFAULT_PORT } from '../../../../main/shell-web/server';
import { findWebShellLayout, resolveDataDir, resolvePort } from '../../../../main/shell-web/webShellPaths';

const scratch = mkdtempSync(path.join(tmpdir(), 'web-shell-setup-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('browser shell setup', () => {
  it('finds the repo from the bundle location and reports the demo only when both parts exist', () => {
    const repo = path.join(scratch, 'repo');
    mkdirSync(path.join(repo, 'build', 'out', 'web'), { recursive: true });
    writeFileSync(path.join(repo, 'package.json'), '{"name":"wecom-archive-viewer","version":"1.2.3"}');
    const layout = findWebShellLayout(path.join(repo, 'build', 'out', 'web'));
    expect(layout).toMatchObject({
      repoRoot: repo,
      version: '1.2.3',
      rendererDir: path.join(repo, 'build', 'out', 'renderer'),
      hostBundle: path.join(repo, 'build', 'out', 'host', 'sdk-host.cjs'),
      demo: null,
    });
    mkdirSync(path.join(repo, 'build', 'out', 'native', 'standin-data'), { recursive: true });
    writeFileSync(path.join(repo, 'build', 'out', 'native', 'libWeWorkFinanceSdk_C.so'), '');
    expect(findWebShellLayout(path.join(repo, 'build', 'out', 'web')).demo).toEqual({
      libraryPath: path.join(repo, 'build', 'out', 'native', 'libWeWorkFinanceSdk_C.so'),
      corpusDir: path.join(repo, 'build', 'out', 'native', 'standin-data'),
    });
  });

  it('refuses to run outside the repository', () => {
    expect(() => findWebShellLayout(scratch)).toThrow(/must run from the wecom-archive-viewer repository/);
  });

  it('data dir: env override, then XDG_CONFIG_HOME, then ~/.config', () => {
    expect(resolveDataDir({ WECOM_ARCHIVE_DATA_DIR: '/data/x', XDG_CONFIG_HOME: '/xdg' }, '/home/u')).toBe(
      '/data/x',
    );
    expect(resolveDataDir({ XDG_CONFIG_HOME: '/xdg' }, '/home/u')).toBe('/xdg/wecom-archive-viewer');
    // The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
    expect(resolveDataDir({ XDG_CONFIG_HOME: 'rel' }, '/home/u')).toBe(
      '/home/u/.config/wecom-archive-viewer',
    );
    expect(resolveDataDir({}, '/home/u')).toBe('/home/u/.config/wecom-archive-viewer');
  });

  it('port: fixed by default (IndexedDB is per origin), overridable, validated', () => {
    expect(resolvePort({})).toBe(DEFAULT_PORT);
    expect(DEFAULT_PORT).toBe(47821);
    expect(resolvePort({ WECOM_ARCHIVE_PORT: '0' })).toBe(0);
    expect(resolvePort({ WECOM_ARCHIVE_PORT: '50000' })).toBe(50000);
    for (const bad of ['-1', '65536', '80.5', 'http']) {
      expect(() => resolvePort({ WECOM_ARCHIVE_PORT: bad })).toThrow(/WECOM_ARCHIVE_PORT/);
    }
  });

  it('opens Chromium as an app window on a stable profile, without its sandbox only as root', () => {
    const args = chromiumAppArgs('http://127.0.0.1:47821/#token=t', '/data/chromium-profile', false);
    expect(args).toContain('--app=http://127.0.0.1:47821/#token=t');
    expect(args).toContain('--user-data-dir=/data/chromium-profile');
    expect(args).not.toContain('--no-sandbox');
    expect(chromiumAppArgs('u', '/p', true)).toContain('--no-sandbox');
  });
});
