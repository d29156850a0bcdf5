import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** What the Electron spec needs from the machine, or why it cannot run here. */
export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
export const electronMainBundle = path.join(repoRoot, 'build', 'out', 'app', 'main.cjs');
export const rendererIndex = path.join(repoRoot, 'build', 'out', 'renderer', 'index.html');

/**
 * `require('electron')` is the binary's path, or throws when the binary was never downloaded
 * (ELECTRON_SKIP_BINARY_DOWNLOAD; docs/platform-facts.md §1).
 */
export function findElectronBinary(): { binary: string } | { reason: string } {
  try {
    const binary: unknown = createRequire(import.meta.url)('electron');
    if (typeof binary === 'string' && existsSync(binary)) return { binary };
    return { reason: `the electron package points at ${String(binary)}, which does not exist` };
  } catch (error) {
    return { reason: (error instanceof Error ? error.message : String(error)).split('\n', 1)[0] ?? '' };
  }
}

export const hasDisplay = (): boolean => Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);

export function hasXvfbRun(): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v xvfb-run'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Chromium will not start as root with its sandbox on (CI containers). */
export const sandboxArgs = (): string[] => (process.getuid?.() === 0 ? ['--no-sandbox'] : []);
