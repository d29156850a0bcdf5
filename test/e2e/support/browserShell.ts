import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../../build/paths';

/**
 * Runs the real browser shell (`build/out/web/shell.cjs`) as a child process, the way `npm start`
 * does without Electron, with its own data dir and port. Restartable on the same data dir and port
 * (so the same IndexedDB origin), which the crash-recovery test needs.
 */
export interface BrowserShell {
  url: string;
  port: number;
  dataDir: string;
  process: ChildProcess;
  /** Everything the shell wrote, for assertions that no secret is logged. */
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

const shellBundle = path.join(repoRoot, 'build', 'out', 'web', 'shell.cjs');

export async function makeDataDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'archive-e2e-'));
}

export async function removeDataDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export async function startBrowserShell(options: {
  dataDir: string;
  port: number;
  env?: Record<string, string>;
}): Promise<BrowserShell> {
  const child = spawn(process.execPath, [shellBundle], {
    cwd: repoRoot,
    env: {
      ...process.env,
      WECOM_ARCHIVE_DATA_DIR: options.dataDir,
      WECOM_ARCHIVE_PORT: String(options.port),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`browser shell did not start:\n${output}`)), 30_000);
    const onData = () => {
      const match = /Open: (http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`browser shell exited with ${String(code)}:\n${output}`));
    });
  });

  return {
    url,
    port: options.port,
    dataDir: options.dataDir,
    process: child,
    output: () => output,
    kill: (signal = 'SIGTERM') =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}
