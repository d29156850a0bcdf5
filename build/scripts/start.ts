import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { hostBundle, outDir, repoRoot } from '../paths';
import { electronMainBundle, preloadBundle, rendererOutDir, webShellBundle } from './steps';

/**
 * `npm start`: build what is missing or stale, then run the app in Electron when its binary exists,
 * otherwise in the browser shell (loopback server + Chromium `--app` window). With nothing
 * configured, the app offers the built-in demo archive either way.
 *
 * The terminal stays short (issue: a human banner, not a build log): the build's output goes to
 * build/out/build.log (shown only when the build fails), and the browser shell prints its own banner.
 * Nothing here advises what needs a network (reinstalling Electron, downloading a browser).
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

/** `npm run build` with its output in a file; on failure, the file's tail and where the rest is. */
function buildQuietly(reason: string): void {
  const logFile = path.join(outDir, 'build.log');
  mkdirSync(outDir, { recursive: true });
  console.log(`Building the app first (${reason}); this takes a minute or two. Output: ${logFile}`);
  const fd = openSync(logFile, 'w');
  const result = spawnSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  if (result.status === 0) return;
  const tail = readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-25).join('\n');
  console.error(`${tail}\n\nThe build failed; its whole output is in ${logFile}`);
  process.exit(1);
}

const stale = buildIsStale();
if (stale) buildQuietly(stale);

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
  console.log('Starting the app in Electron. Stop: Ctrl+C or close its window.');
  forwardSignals(spawn(electron.binary, args, { cwd: repoRoot, stdio: 'inherit', env }));
} else {
  // No Electron binary is the usual offline install (ELECTRON_SKIP_BINARY_DOWNLOAD); the shell's
  // banner says so. Electron's own message ("try installing again") cannot help offline.
  if ('binary' in electron) {
    console.log('There is no display (DISPLAY / WAYLAND_DISPLAY unset), so Electron cannot open a window.');
  }
  forwardSignals(spawn(process.execPath, [webShellBundle, '--open'], { cwd: repoRoot, stdio: 'inherit' }));
}
