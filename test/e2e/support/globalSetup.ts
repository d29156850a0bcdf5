import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, testResultsDir } from '../../../build/paths';
import { CHROMIUM_PATH } from './chromium';

/**
 * Builds everything the browser shell serves and runs (stand-in, host, demo corpus, renderer, shell)
 * once per e2e run, exactly as `npm run build` does, so the tests drive the product a user starts.
 */
export default function setup(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`e2e needs Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or bash .ci/setup)`);
  }
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'build/scripts/build.ts'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (result.status !== 0)
    throw new Error(`npm run build failed (${String(result.status ?? result.signal)})`);
  mkdirSync(path.join(testResultsDir, 'screenshots'), { recursive: true });
}
