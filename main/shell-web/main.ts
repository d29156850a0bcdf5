import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createArchiveService } from '../services/archiveService';
import { createFileSecretStore } from '../services/config/secretStore';
import { chromiumPdfPrinter } from '../services/evidence/chromiumPdf';
import { createNodeHostLauncher } from '../services/sdkHost/nodeHostLauncher';
import { chromiumAppArgs, findChromium, launchChromiumApp } from './chromiumApp';
import { allowDurableStorage } from './chromiumProfile';
import { openWithDesktop } from './openWithDesktop';
import {
  checkPortOwner,
  newOwnerSecret,
  portBusyMessage,
  removeOwnerSecret,
  writeOwnerSecret,
} from './portOwner';
import { startWebShellServer } from './server';
import type { WebShellServer } from './server';
import { BOOTSTRAP_TTL_MS } from './session';
import type { RedeemRefusal } from './session';
import { openShellLog } from './shellLog';
import { findWebShellLayout, resolveDataDir, resolvePort } from './webShellPaths';

/**
 * The browser shell's entry (`node build/out/web/shell.cjs [--open]`): the same services and contract
 * as the Electron app, for machines where no Electron binary could be installed.
 *
 * The terminal gets one short banner for people; the JSON log goes to a file whose path the banner
 * prints. No credential is ever printed: the banner's URL carries none, and the one-time links the
 * user asks for (Enter) are valid for seconds and for one use (docs/security.md).
 */
const say = (line: string) => process.stdout.write(`${line}\n`);
const ttlSeconds = Math.round(BOOTSTRAP_TTL_MS / 1000);

async function main(): Promise<void> {
  const layout = findWebShellLayout(path.dirname(process.argv[1] ?? process.cwd()));
  if (!existsSync(path.join(layout.rendererDir, 'index.html'))) {
    throw new Error(
      `The renderer is not built (${layout.rendererDir} has no index.html). Run: npm run build`,
    );
  }
  const dataDir = resolveDataDir();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const { log, file: logFile } = openShellLog(dataDir);
  // Evidence bundles' report.pdf is printed by a headless Chromium of its own (chromiumPdf.ts).
  const pdfBrowser = findChromium();

  const service = createArchiveService({
    shell: 'web',
    version: layout.version,
    dataDir,
    // No keyring in a plain browser: a 0600 file, reported as such so the UI warns (docs/style.md §5).
    secretStore: createFileSecretStore({ kind: 'file-0600', file: path.join(dataDir, 'secrets.json') }),
    hostLauncher: createNodeHostLauncher({
      hostBundle: layout.hostBundle,
      output: (stream, line) => log(stream === 'stderr' ? 'warn' : 'info', 'sdk host', { line }),
    }),
    demo: layout.demo,
    log,
    mediaUrlPrefix: '/media/',
    openPath: openWithDesktop,
    ...(pdfBrowser ? { pdfPrinter: chromiumPdfPrinter(pdfBrowser) } : {}),
  });

  const port = resolvePort();
  const ownerSecret = newOwnerSecret();
  const server = await startWebShellServer({
    service,
    rendererDir: layout.rendererDir,
    port,
    log,
    ownerSecret,
    onBootstrap: (outcome) => {
      if (!outcome.ok) reportRefusedCode(outcome.reason);
    },
  }).catch(async (error: unknown) => {
    await service.close();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      // Only this app's own process can answer the challenge with this data dir's per-run secret.
      throw new Error(portBusyMessage(await checkPortOwner({ port, dataDir }), port));
    }
    throw error;
  });
  // Written only once the port is ours, so a refused second start never replaces the running one's.
  writeOwnerSecret(dataDir, ownerSecret);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1); // a second Ctrl+C does not wait
    stopping = true;
    log('info', 'stopping', { signal });
    removeOwnerSecret(dataDir);
    Promise.all([server.close(), service.close()])
      .catch((error: unknown) => log('warn', 'shutdown was not clean', { error: String(error) }))
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  const opening = process.argv.includes('--open');
  say('');
  say('WeCom Archive Viewer, running as a local web app in your browser');
  say(`  App:   ${server.url}`);
  say(`  Data:  ${dataDir}`);
  say(`  Log:   ${logFile}`);
  if (!layout.demo) say('  Demo archive: not built (run: npm run build)');
  say(`  Press Enter here for a one-time link to open it (works once, within ${ttlSeconds} s).`);
  say('  Stop:  Ctrl+C');
  say('');

  printLinkOnEnter(server);
  if (opening) await openWindow(server, dataDir);
}

function reportRefusedCode(reason: RedeemRefusal): void {
  if (reason === 'reused') {
    say('');
    say('WARNING: a one-time link was used a second time, so it was refused and every open session');
    say('was ended. Someone else on this computer may have read it. Press Enter for a new link.');
    say('');
  } else if (reason === 'expired') {
    say(`A one-time link had expired (they work for ${ttlSeconds} s). Press Enter for a new one.`);
  }
}

/** Enter prints a fresh one-time link: how a user gets in after a restart or from another browser. */
function printLinkOnEnter(server: WebShellServer): void {
  if (process.stdin.destroyed) return;
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk: string) => {
    for (let lines = chunk.split('\n').length - 1; lines > 0; lines -= 1) {
      say(`One-time link (works once, within ${ttlSeconds} s): ${server.bootstrapUrl()}`);
    }
  });
  // Without a terminal (stdin closed or /dev/null) the banner's instructions still hold for --open.
  process.stdin.on('error', () => undefined);
}

async function openWindow(server: WebShellServer, dataDir: string): Promise<void> {
  if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    say('No display (DISPLAY / WAYLAND_DISPLAY unset): press Enter and open the link in a browser here.');
    return;
  }
  const browser = findChromium();
  if (!browser) {
    say('No Chromium or Chrome was found: press Enter and open the link in your browser.');
    return;
  }
  const runningAsRoot = process.getuid?.() === 0;
  if (runningAsRoot) say('Running as root: Chromium is started with --no-sandbox.');
  // A dedicated, stable profile: the archive lives in its IndexedDB, whatever the user's own browser
  // does. The one-time code on the command line is visible to local users, hence single use and seconds.
  const profileDir = path.join(dataDir, 'chromium-profile');
  // Without it the archive is best-effort storage the browser may evict (chromiumProfile.ts).
  await allowDurableStorage(profileDir, server.url).catch((error: unknown) =>
    say(`Could not mark the archive as persistent storage: ${(error as Error).message}`),
  );
  const window = launchChromiumApp(
    browser,
    chromiumAppArgs(server.bootstrapUrl(), profileDir, runningAsRoot),
  );
  window.on('error', (error) =>
    say(`Could not start ${browser}: ${error.message}. Press Enter and open the link instead.`),
  );
  window.on('exit', () => say('The app window was closed; press Enter for a new link, Ctrl+C to stop.'));
}

main().catch((error: unknown) => {
  process.stderr.write(`\n${error instanceof Error ? error.message : String(error)}\n\n`);
  process.exit(1);
});
