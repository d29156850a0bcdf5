import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createArchiveService } from '../services/archiveService';
import { createFileSecretStore } from '../services/config/secretStore';
import { createNodeHostLauncher } from '../services/sdkHost/nodeHostLauncher';
import { createJsonLog } from '../shell-common/jsonLog';
import { chromiumAppArgs, findChromium, launchChromiumApp } from './chromiumApp';
import { openWithDesktop } from './openWithDesktop';
import { startWebShellServer } from './server';
import { findWebShellLayout, resolveDataDir, resolvePort } from './webShellPaths';

/**
 * The browser shell's entry (`node build/out/web/shell.cjs [--open]`): the same services and contract
 * as the Electron app, for machines where no Electron binary could be installed.
 * The URL with the token goes to stdout for the user; the JSON log (stderr) never carries it.
 */
const log = createJsonLog();
const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const layout = findWebShellLayout(path.dirname(process.argv[1] ?? process.cwd()));
  if (!existsSync(path.join(layout.rendererDir, 'index.html'))) {
    throw new Error(
      `The renderer is not built (${layout.rendererDir} has no index.html). Run: npm run build`,
    );
  }
  const dataDir = resolveDataDir();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });

  const service = createArchiveService({
    shell: 'web',
    version: layout.version,
    dataDir,
    // No keyring in a plain browser: a 0600 file, reported as such so the UI warns (STYLE.md §5).
    secretStore: createFileSecretStore({ kind: 'file-0600', file: path.join(dataDir, 'secrets.json') }),
    hostLauncher: createNodeHostLauncher({
      hostBundle: layout.hostBundle,
      output: (stream, line) => log(stream === 'stderr' ? 'warn' : 'info', 'sdk host', { line }),
    }),
    demo: layout.demo,
    log,
    mediaUrlPrefix: '/media/',
    openPath: openWithDesktop,
  });

  const port = resolvePort();
  const server = await startWebShellServer({ service, rendererDir: layout.rendererDir, port, log }).catch(
    async (error: unknown) => {
      await service.close();
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        throw new Error(
          `Port ${port} is in use: is the app already running? Use its window, or stop it first.`,
        );
      }
      throw error;
    },
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1); // a second Ctrl+C does not wait
    stopping = true;
    log('info', 'stopping', { signal });
    Promise.all([server.close(), service.close()])
      .catch((error: unknown) => log('warn', 'shutdown was not clean', { error: String(error) }))
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  say('');
  say('WeCom Archive Viewer — browser shell');
  say('  (No Electron binary was found, so the app runs as a local web app in your browser.)');
  say(`  Open: ${server.appUrl}`);
  say(`  Data: ${dataDir}`);
  say(layout.demo ? '  Demo archive: available' : '  Demo archive: not built (npm run build)');
  say('  Stop: Ctrl+C');
  say('');

  if (process.argv.includes('--open')) openWindow(server.appUrl, dataDir);
}

function openWindow(appUrl: string, dataDir: string): void {
  if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    say('No display (DISPLAY / WAYLAND_DISPLAY unset): open the URL above in a browser on this machine.');
    return;
  }
  const browser = findChromium();
  if (!browser) {
    say('No Chromium or Chrome found (apt-get install chromium): open the URL above in your browser.');
    return;
  }
  const runningAsRoot = process.getuid?.() === 0;
  if (runningAsRoot) say('Running as root: Chromium is started with --no-sandbox.');
  // A dedicated, stable profile: the archive lives in its IndexedDB, whatever the user's own browser does.
  const window = launchChromiumApp(
    browser,
    chromiumAppArgs(appUrl, path.join(dataDir, 'chromium-profile'), runningAsRoot),
  );
  window.on('error', (error) =>
    say(`Could not start ${browser}: ${error.message}. Open the URL above instead.`),
  );
  window.on('exit', () => say('The app window was closed; the server keeps running until Ctrl+C.'));
  say(`Opened in ${browser}.`);
}

main().catch((error: unknown) => {
  log('error', 'browser shell failed to start', {
    error: error instanceof Error ? error.message : String(error),
  });
  process.stderr.write(`\n${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
