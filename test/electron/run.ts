import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  electronMainBundle,
  findElectronBinary,
  hasDisplay,
  hasXvfbRun,
  rendererIndex,
  repoRoot,
} from './electronEnvironment';

/**
 * The Electron ring: `tsx test/electron/run.ts`. Prints one summary line —
 * `electron: skipped (…reason…)` or `electron: N passed, N failed, N skipped` — and writes
 * build/out/test-results/electron.json with the same counts for `npm test` to add up.
 * A skip exits 0 and says why; it is never reported as a pass.
 */
const resultsDir = path.join(repoRoot, 'build', 'out', 'test-results');
const summaryFile = path.join(resultsDir, 'electron.json');
const vitestReport = path.join(resultsDir, 'electron-vitest.json');
mkdirSync(resultsDir, { recursive: true });

interface ElectronRingResult {
  passed: number;
  failed: number;
  skipped: number;
  skipReason: string | null;
}

function finish(result: ElectronRingResult, exitCode: number): never {
  writeFileSync(summaryFile, `${JSON.stringify(result, null, 2)}\n`);
  console.log(
    result.skipReason
      ? `electron: skipped (${result.skipReason})`
      : `electron: ${result.passed} passed, ${result.failed} failed, ${result.skipped} skipped`,
  );
  process.exit(exitCode);
}

const electron = findElectronBinary();
if ('reason' in electron) {
  finish({ passed: 0, failed: 0, skipped: 1, skipReason: `no Electron binary: ${electron.reason}` }, 0);
}
const needsXvfb = !hasDisplay();
if (needsXvfb && !hasXvfbRun()) {
  finish(
    { passed: 0, failed: 0, skipped: 1, skipReason: 'no display and no xvfb-run (apt-get install xvfb)' },
    0,
  );
}
for (const built of [electronMainBundle, rendererIndex]) {
  if (!existsSync(built)) {
    console.error(`electron: ${path.relative(repoRoot, built)} is missing; run npm run build first`);
    finish({ passed: 0, failed: 1, skipped: 0, skipReason: null }, 1);
  }
}

const vitest = [
  'vitest',
  'run',
  '--config',
  'test/electron/vitest.config.ts',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestReport}`,
];
const [command, args] = needsXvfb ? ['xvfb-run', ['-a', 'npx', ...vitest]] : ['npx', vitest];
const run = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit', env: process.env });

if (!existsSync(vitestReport)) finish({ passed: 0, failed: 1, skipped: 0, skipReason: null }, 1);
const report = JSON.parse(readFileSync(vitestReport, 'utf8')) as {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
};
finish(
  {
    passed: report.numPassedTests,
    failed: report.numFailedTests,
    skipped: report.numPendingTests,
    skipReason: null,
  },
  run.status === 0 && report.numFailedTests === 0 ? 0 : 1,
);
