import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, testResultsDir } from '../paths';

/**
 * `npm test`: every ring (unit, integration against the built stand-in, e2e in Chromium when present).
 * Each ring writes a JSON report; the last line is the plain `tests: N passed, N failed, N skipped`
 * summary that CI reads, and the exit code is non-zero when anything failed or nothing ran.
 */
interface RingResult {
  ring: string;
  passed: number;
  failed: number;
  skipped: number;
  exitCode: number;
}

mkdirSync(testResultsDir, { recursive: true });

function runNpx(args: string[]): number {
  const result = spawnSync('npx', args, { cwd: repoRoot, stdio: 'inherit', env: process.env });
  return result.status ?? 1;
}

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
}

function runVitest(): RingResult {
  const report = path.join(testResultsDir, 'vitest.json');
  const exitCode = runNpx([
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
  ]);
  if (!existsSync(report)) return { ring: 'vitest', passed: 0, failed: 1, skipped: 0, exitCode };
  const json = JSON.parse(readFileSync(report, 'utf8')) as VitestJson;
  return {
    ring: 'vitest',
    passed: json.numPassedTests,
    failed: json.numFailedTests,
    skipped: json.numPendingTests + json.numTodoTests,
    exitCode,
  };
}

const buildExit = runNpx(['tsx', 'build/scripts/build.ts']);
if (buildExit !== 0) {
  console.error('npm test: the build failed; no tests were run.');
  console.log('tests: 0 passed, 1 failed');
  process.exit(1);
}

/** The Electron ring (test/electron/run.ts): runs where an Electron binary exists, reports a skip otherwise. */
function runElectron(): RingResult {
  const exitCode = runNpx(['tsx', 'test/electron/run.ts']);
  const summary = path.join(testResultsDir, 'electron.json');
  if (!existsSync(summary)) return { ring: 'electron', passed: 0, failed: 1, skipped: 0, exitCode };
  const json = JSON.parse(readFileSync(summary, 'utf8')) as {
    passed: number;
    failed: number;
    skipped: number;
  };
  return { ring: 'electron', passed: json.passed, failed: json.failed, skipped: json.skipped, exitCode };
}

const rings: RingResult[] = [runVitest(), runElectron()];

const total = rings.reduce(
  (sum, r) => ({
    passed: sum.passed + r.passed,
    failed: sum.failed + r.failed,
    skipped: sum.skipped + r.skipped,
  }),
  { passed: 0, failed: 0, skipped: 0 },
);
for (const r of rings) {
  console.log(
    `  ${r.ring}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped (exit ${r.exitCode})`,
  );
}
const anyRingFailed = rings.some((r) => r.exitCode !== 0);
console.log(`tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed > 0 || anyRingFailed || total.passed === 0 ? 1 : 0);
