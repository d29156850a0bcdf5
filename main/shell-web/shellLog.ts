import { closeSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { createJsonLog } from '../shell-common/jsonLog';
import type { ShellLog } from '../shell-common/jsonLog';

/**
 * The browser shell's JSON log: `<data dir>/logs/browser-shell.log`, 0600, appended line by line
 * (synchronously, so the last lines before a crash are there). The terminal keeps only the banner.
 * A log over 10 MB at start is kept once as `.1`.
 */
const MAX_BYTES = 10 * 1024 * 1024;

export function shellLogFile(dataDir: string): string {
  return path.join(dataDir, 'logs', 'browser-shell.log');
}

export function openShellLog(dataDir: string): { log: ShellLog; file: string; close(): void } {
  const file = shellLogFile(dataDir);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    if (statSync(file).size > MAX_BYTES) renameSync(file, `${file}.1`);
  } catch {
    // No log yet.
  }
  const fd = openSync(file, 'a', 0o600);
  const log = createJsonLog((line) => {
    try {
      writeSync(fd, line);
    } catch {
      // A full disk must not take the shell down; the line is lost.
    }
  });
  return { log, file, close: () => closeSync(fd) };
}
