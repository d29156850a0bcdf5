import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
  /** The app's address as the banner prints it: no credential in it. */
  url: string;
  /** A fresh one-time link, asked for the way a user does (Enter in the shell's terminal). */
  bootstrapUrl(): Promise<string>;
  port: number;
  dataDir: string;
  process: ChildProcess;
  /** Everything the shell wrote and logged (terminal and log file), for assertions that no secret is logged. */
  output(): string;
  /** What the shell printed on stdout alone (the human banner and the links asked for). */
  stdout(): string;
  /** The JSON log file the banner names. */
  logFile: string;
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
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));

  /** Resolves with the first match of `pattern` in stdout after `from`. */
  const awaitStdout = (pattern: RegExp, from: number, what: string) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`browser shell: no ${what}:\n${output}`)), 30_000);
      // 'close', not 'exit': the shell's last words (stderr) are read by then.
      const onClose = (code: number | null) => {
        clearTimeout(timer);
        reject(new Error(`browser shell exited with ${String(code)}:\n${output}`));
      };
      const check = () => {
        const match = pattern.exec(stdout.slice(from));
        if (!match) return;
        clearTimeout(timer);
        child.stdout.off('data', check);
        child.off('close', onClose);
        resolve(match);
      };
      child.stdout.on('data', check);
      child.once('close', onClose);
      check();
    });

  const banner = await awaitStdout(/App: +(http:\/\/127\.0\.0\.1:\d+\/)\n[^]*?Log: +(\S+)\n/, 0, 'banner');
  const url = banner[1] ?? '';
  const logFile = banner[2] ?? '';
  const readLog = () => {
    try {
      return readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };

  return {
    url,
    logFile,
    async bootstrapUrl() {
      const from = stdout.length;
      child.stdin.write('\n');
      const link = await awaitStdout(/One-time link[^:]*: (http:\/\/\S+)\n/, from, 'one-time link');
      return link[1] ?? '';
    },
    stdout: () => stdout,
    port: options.port,
    dataDir: options.dataDir,
    process: child,
    output: () => `${output}\n${readLog()}`,
    kill: (signal = 'SIGTERM') =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}
