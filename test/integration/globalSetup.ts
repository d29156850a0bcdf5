import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { bundleHost } from '../../build/scripts/steps';

/**
 * Builds what the integration ring drives, once per run: the stand-in library
 * (`make -C native/standin`), the SDK host bundle (esbuild, like `npm run build -- host`), and the
 * `test` profile corpus with a fixed seed (RSA keys reused from the previous corpus when present).
 */

export interface IntegrationPaths {
  repoRoot: string;
  /** build/out/native/libWeWorkFinanceSdk_C.so */
  library: string;
  /** build/out/host/sdk-host.cjs */
  hostBundle: string;
  /** build/out/test-corpus */
  corpusDir: string;
  /** Scratch space for test files (fault control files, broken libraries). */
  scratchDir: string;
  /** Where tests write measured numbers for the report. */
  resultsDir: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    integration: IntegrationPaths;
  }
}

export const CORPUS_SEED = 20_240_606;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function run(command: string, args: readonly string[]): void {
  const result = spawnSync(command, args, { cwd: repoRoot, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.signal ?? `exit ${String(result.status)}`}):\n${result.stdout}${result.stderr}`,
    );
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const outDir = path.join(repoRoot, 'build', 'out');
  const paths: IntegrationPaths = {
    repoRoot,
    library: path.join(outDir, 'native', 'libWeWorkFinanceSdk_C.so'),
    hostBundle: path.join(outDir, 'host', 'sdk-host.cjs'),
    corpusDir: path.join(outDir, 'test-corpus'),
    scratchDir: path.join(outDir, 'integration-scratch'),
    resultsDir: path.join(outDir, 'test-results'),
  };

  run('make', ['-s', '-C', 'native/standin']);

  await bundleHost(paths.hostBundle);

  // Generated beside the old corpus, then swapped in, so its keys can be reused (RSA keygen is slow).
  const { generateCorpus } = await import('../../native/standin/corpus/index');
  const fresh = `${paths.corpusDir}.new`;
  rmSync(fresh, { recursive: true, force: true });
  const reuse = existsSync(path.join(paths.corpusDir, 'manifest.json'))
    ? { reuseKeysFrom: paths.corpusDir }
    : {};
  await generateCorpus({ outDir: fresh, seed: CORPUS_SEED, profile: 'test', ...reuse });
  rmSync(paths.corpusDir, { recursive: true, force: true });
  renameSync(fresh, paths.corpusDir);

  rmSync(paths.scratchDir, { recursive: true, force: true });
  mkdirSync(paths.scratchDir, { recursive: true });
  mkdirSync(paths.resultsDir, { recursive: true });
  project.provide('integration', paths);
}
