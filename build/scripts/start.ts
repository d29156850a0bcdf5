import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { hostBundle, repoRoot } from '../paths';
import { electronMainBundle, preloadBundle, rendererOutDir, run, webShellBundle } from './steps';

/**
 * `npm start`: build what is missing or stale, then run the app in Electron when its binary exists,
 * otherwise in the browser shell (loopback server + Chromium `--app` window). With nothing
 * configured, the app offers the built-in demo archive either way.
 */

/** Sources whose changes require `npm run build`, and what they produce. */
const sourceDirs = ['main', 'renderer', 'native/host', 'native/bindings', 'native/standin'].map((dir) =>
  path.join(repoRoot, dir),
);
const rendererConfig = path.join(repoRoot, 'renderer', 'vite.config.ts');

function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function buildIsStale(): string | null {
  const outputs = [electronMainBundle, preloadBundle, webShellBundle, hostBundle];
  if (existsSync(rendererConfig)) outputs.push(path.join(rendererOutDir, 'index.html'));
  const missing = outputs.find((file) => !existsSync(file));
  if (missing) return `${path.relative(repoRoot, missing)} is missing`;
  const oldestOutput = Math.min(...outputs.map((file) => statSync(file).mtimeMs));
  const newestSource = Math.max(...sourceDirs.map(newestMtime));
  return newestSource > oldestOutput ? 'sources changed since the last build' : null;
}

/** `require('electron')` is the binary's path, or throws when the binary was never downloaded. */
function findElectronBinary(): { binary: string } | { reason: string } {
  try {
    const binary: unknown = createRequire(import.meta.url)('electron');
    if (typeof binary === 'string' && existsSync(binary)) return { binary };
    return { reason: `the electron package points at ${String(binary)}, which does not exist` };
  } catch (error) {
    const firstLine = (error instanceof Error ? error.message : String(error)).split('\n', 1)[0] ?? '';
    return { reason: firstLine };
  }
}

function forwardSignals(child: ChildProcess): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const stale = buildIsStale();
if (stale) {
  console.log(`start: building (${stale})`);
  run('npm', ['run', 'build']);
}

const electron = findElectronBinary();
const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);

if ('binary' in electron && hasDisplay) {
  const args = [repoRoot];
  // Chromium refuses to run as root with its sandbox on (containers); say so instead of failing.
  if (process.getuid?.() === 0) {
    console.warn('start: running as root, so Electron runs with --no-sandbox (do not do this on a desktop)');
    args.push('--no-sandbox');
  }
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  console.log(`start: Electron ${electron.binary}`);
  forwardSignals(spawn(electron.binary, args, { cwd: repoRoot, stdio: 'inherit', env }));
} else {
  if ('reason' in electron) {
    console.log(`start: No Electron binary (ELECTRON_SKIP_BINARY_DOWNLOAD): ${electron.reason}`);
  } else {
    console.log('start: Electron is installed but there is no display (DISPLAY / WAYLAND_DISPLAY unset)');
  }
  console.log('start: starting the browser shell instead');
  forwardSignals(spawn(process.execPath, [webShellBundle, '--open'], { cwd: repoRoot, stdio: 'inherit' }));
}
