import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { build as esbuild } from 'esbuild';
import { demoCorpusDir, hostBundle, repoRoot } from '../paths';

/** Runs a command in the repo root, streaming its output; throws with the command line on failure. */
export function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): void {
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit', env });
  if (result.status !== 0) {
    const how = result.signal ? `signal ${result.signal}` : `exit code ${String(result.status)}`;
    throw new Error(`${command} ${args.join(' ')} failed with ${how}`);
  }
}

/** gcc + OpenSSL build of the SDK stand-in (native/standin/Makefile). */
export function buildStandin(): void {
  run('make', ['-s', '-C', 'native/standin']);
}

/** The SDK host runs in its own process; koffi stays external because it loads a native module. */
export async function bundleHost(): Promise<void> {
  await esbuild({
    entryPoints: [`${repoRoot}/native/host/sdkHost.ts`],
    outfile: hostBundle,
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
