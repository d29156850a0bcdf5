import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/**
 * `--open`: the app in a Chromium `--app` window with its own profile under the data dir. The profile
 * must be stable — the archive lives in that profile's IndexedDB for origin 127.0.0.1:47821.
 */
const browserCandidates = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** /usr/bin first (what `apt-get install chromium` provides), then the rest of PATH. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const dirs = ['/usr/bin', ...(env.PATH ?? '').split(path.delimiter).filter(Boolean)];
  for (const name of browserCandidates) {
    for (const dir of dirs) {
      const candidate = path.join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return null;
}

export function chromiumAppArgs(appUrl: string, profileDir: string, runningAsRoot: boolean): string[] {
  return [
    `--app=${appUrl}`,
    `--user-data-dir=${profileDir}`,
    '--no-first-run',
    '--no-default-browser-check',
    // The product promise is "no network traffic except to WeCom"; keep the browser quiet too.
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    // Chromium refuses to start as root with its sandbox (containers); the shell warns about it.
    ...(runningAsRoot ? ['--no-sandbox'] : []),
  ];
}

export function launchChromiumApp(browser: string, args: readonly string[]): ChildProcess {
  // Same process group: Ctrl+C in the terminal closes the window together with the server.
  return spawn(browser, args, { stdio: 'ignore' });
}
