import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { build as esbuild } from 'esbuild';
import type { BuildOptions } from 'esbuild';
import { demoCorpusDir, hostBundle, outDir, repoRoot } from '../paths';

/** App products (Electron main + preload, browser shell, renderer, packaging hook). */
export const rendererOutDir = path.join(outDir, 'renderer');
export const electronMainBundle = path.join(outDir, 'app', 'main.cjs');
export const preloadBundle = path.join(outDir, 'app', 'preload.cjs');
export const webShellBundle = path.join(outDir, 'web', 'shell.cjs');
export const afterPackHookBundle = path.join(outDir, 'hooks', 'afterPack.cjs');

/** Runs a command in the repo root, streaming its output; throws with the command line on failure. */
export function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): void {
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit', env });
  if (result.status !== 0) {
    const how = result.signal ? `signal ${result.signal}` : `exit code ${String(result.status)}`;
    throw new Error(`${command} ${args.join(' ')} failed with ${how}`);
  }
}

/**
 * gcc builds: the SDK stand-in (native/standin/Makefile, with OpenSSL) and the media queue's
 * multi-stream MD5 (native/digest/Makefile), both into build/out/native/.
 */
export function buildStandin(): void {
  run('make', ['-s', '-C', 'native/standin']);
  run('make', ['-s', '-C', 'native/digest']);
}

/** The SDK host runs in its own process; koffi stays external because it loads a native module. */
export async function bundleHost(outfile: string = hostBundle): Promise<void> {
  await esbuild({
    entryPoints: [`${repoRoot}/native/host/sdkHost.ts`],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['koffi'],
    sourcemap: 'linked',
    logLevel: 'warning',
  });
}

/** The built-in demo archive (demo corp, 2k messages, keys v1 → v2). Kept across builds unless missing. */
export async function generateDemoCorpus(force = false): Promise<void> {
  if (!force && existsSync(`${demoCorpusDir}/manifest.json`)) return;
  const { generateCorpus } = await import('../../native/standin/corpus/index');
  await generateCorpus({ outDir: demoCorpusDir, seed: 20_240_606, profile: 'demo' });
}

/** Main-process bundles: Node APIs, CommonJS; electron is the runtime's, koffi loads a native module. */
const nodeBundle: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['electron', 'koffi'],
  sourcemap: 'linked',
  logLevel: 'warning',
};

/**
 * The Electron app: main process, and the preload as ONE CommonJS file with only `electron`
 * external — a sandboxed preload cannot require anything else
 * (https://www.electronjs.org/docs/latest/tutorial/sandbox#preload-scripts).
 */
export async function bundleApp(): Promise<void> {
  await Promise.all([
    esbuild({
      ...nodeBundle,
      entryPoints: [`${repoRoot}/main/shell-electron/main.ts`],
      outfile: electronMainBundle,
    }),
    esbuild({
      ...nodeBundle,
      entryPoints: [`${repoRoot}/main/preload/preload.ts`],
      outfile: preloadBundle,
      platform: 'browser',
      target: 'es2023',
      external: ['electron'],
      // zod comes along with the contract's verb list; minified it is ~450 KB instead of ~760 KB.
      minify: true,
    }),
    // electron-builder loads `afterPack` with require(); @electron/fuses is bundled in.
    esbuild({
      ...nodeBundle,
      entryPoints: [`${repoRoot}/build/hooks/afterPack.ts`],
      outfile: afterPackHookBundle,
      external: [],
    }),
  ]);
  copySilkWasm(electronMainBundle);
}

/**
 * silk-wasm (in-app SILK voice decoding, main/services/media/voice) loads `silk.wasm` beside the file
 * that bundles it: one copy next to each main-process bundle.
 */
function copySilkWasm(bundle: string): void {
  mkdirSync(path.dirname(bundle), { recursive: true });
  copyFileSync(
    path.join(repoRoot, 'node_modules', 'silk-wasm', 'lib', 'silk.wasm'),
    path.join(path.dirname(bundle), 'silk.wasm'),
  );
}

/** The browser shell (no Electron): node:http + ws on 127.0.0.1. ws's native speed-ups are optional. */
export async function bundleWebShell(): Promise<void> {
  await esbuild({
    ...nodeBundle,
    entryPoints: [`${repoRoot}/main/shell-web/main.ts`],
    outfile: webShellBundle,
    external: ['electron', 'koffi', 'bufferutil', 'utf-8-validate'],
  });
  copySilkWasm(webShellBundle);
}

/** The renderer, with the renderer's own Vite config; output where both shells serve it from. */
export async function buildRenderer(): Promise<void> {
  const configFile = path.join(repoRoot, 'renderer', 'vite.config.ts');
  if (!existsSync(configFile)) {
    console.warn(
      'build: renderer skipped: renderer/vite.config.ts does not exist yet, so the shells have no UI to serve',
    );
    return;
  }
  const { build: viteBuild } = await import('vite');
  // Always a production bundle: Vite keeps an inherited NODE_ENV, and the e2e globalSetup runs this
  // under vitest (NODE_ENV=test), which shipped React's development build to build/out (~40% larger;
  // bench:timeline's first paint roughly doubled after any e2e run).
  const inherited = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await viteBuild({ configFile, logLevel: 'warn', build: { outDir: rendererOutDir, emptyOutDir: true } });
  } finally {
    if (inherited === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = inherited;
  }
}
