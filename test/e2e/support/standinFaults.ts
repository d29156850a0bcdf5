import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { makeDataDir, removeDataDir } from './browserShell';

export interface StandinFaults {
  /** The directory the faults file lives in (for files a fault writes, e.g. `segv_once_file`). */
  readonly dir: string;
  readonly file: string;
  /** The environment that points the stand-in at the file. */
  readonly env: Record<string, string>;
  /** Replaces the file's faults (the stand-in rereads it while it runs). */
  write(lines: readonly string[]): void;
}

/**
 * A stand-in faults file (native/standin/FAULTS.md) for one e2e file, written with `lines(dir)` before the
 * tests and removed after them. Call it before useAppSession: set-up hooks run in order and teardown in
 * reverse, so the file exists when the shell starts and outlives it.
 */
export function useStandinFaults(lines: (dir: string) => readonly string[]): StandinFaults {
  let dir = '';
  const faults: StandinFaults = {
    get dir() {
      return dir;
    },
    get file() {
      return path.join(dir, 'faults.conf');
    },
    get env() {
      return { WEWORK_STANDIN_FAULTS: `@${faults.file}` };
    },
    write(next) {
      writeFileSync(faults.file, next.map((line) => `${line}\n`).join(''));
    },
  };
  beforeAll(async () => {
    dir = await makeDataDir();
    faults.write(lines(dir));
  });
  afterAll(async () => {
    await removeDataDir(dir);
  });
  return faults;
}
