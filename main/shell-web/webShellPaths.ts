import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { DEFAULT_PORT } from './server';

/**
 * Where the browser shell finds the built app and keeps its data. It runs from the repository
 * (`build/out/web/shell.cjs`, or `main/shell-web/main.ts` under tsx), so paths hang off the repo root.
 */
const PACKAGE_NAME = 'wecom-archive-viewer';

export interface WebShellLayout {
  repoRoot: string;
  version: string;
  rendererDir: string;
  hostBundle: string;
  /** The stand-in library and its demo archive, when `npm run build` produced them. */
  demo: { libraryPath: string; corpusDir: string } | null;
}

/** Walks up from `startDir` to our package.json; throws when run from outside the repository. */
export function findWebShellLayout(startDir: string): WebShellLayout {
  for (let dir = path.resolve(startDir); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === PACKAGE_NAME) return layoutAt(dir, pkg.version ?? '0.0.0');
    }
    if (path.dirname(dir) === dir) {
      throw new Error(
        `The browser shell must run from the ${PACKAGE_NAME} repository (started in ${startDir})`,
      );
    }
  }
}

function layoutAt(repoRoot: string, version: string): WebShellLayout {
  const outDir = path.join(repoRoot, 'build', 'out');
  const libraryPath = path.join(outDir, 'native', 'libWeWorkFinanceSdk_C.so');
  const corpusDir = path.join(outDir, 'native', 'standin-data');
  return {
    repoRoot,
    version,
    rendererDir: path.join(outDir, 'renderer'),
    hostBundle: path.join(outDir, 'host', 'sdk-host.cjs'),
    demo: existsSync(libraryPath) && existsSync(corpusDir) ? { libraryPath, corpusDir } : null,
  };
}

/** `WECOM_ARCHIVE_DATA_DIR`, else `$XDG_CONFIG_HOME/wecom-archive-viewer`, else `~/.config/…`. */
export function resolveDataDir(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  if (env.WECOM_ARCHIVE_DATA_DIR) return path.resolve(env.WECOM_ARCHIVE_DATA_DIR);
  const configHome = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : null;
  return path.join(configHome ?? path.join(home, '.config'), PACKAGE_NAME);
}

/** `WECOM_ARCHIVE_PORT` (tests; 0 = any free port) or the fixed default that keeps IndexedDB stable. */
export function resolvePort(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.WECOM_ARCHIVE_PORT;
  if (raw === undefined || raw === '') return DEFAULT_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`WECOM_ARCHIVE_PORT must be a port number (0–65535), got ${JSON.stringify(raw)}`);
  }
  return port;
}
