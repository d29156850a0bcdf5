import { existsSync } from 'node:fs';
import path from 'node:path';
import { app } from 'electron';

/**
 * Where the app's parts are, in development (`electron .` from the repo) and packaged (AppImage).
 *
 * main.cjs lives in `build/out/app/` in both cases — in the repo, or inside `resources/app.asar` —
 * so the renderer and the host bundle are found relative to it. The stand-in library cannot be
 * dlopen()ed from inside an asar archive, so electron-builder ships it as an extraResource:
 * `resources/standin/` (see electron-builder.yml), next to its demo archive as in `build/out/native/`.
 */
export interface AppPaths {
  /** Built renderer root served on `app://renderer/`. */
  rendererDir: string;
  preloadScript: string;
  /** The SDK host process entry (esbuild bundle of native/host). */
  hostBundle: string;
  /** null when the stand-in library or the demo archive was not built/shipped. */
  demo: { libraryPath: string; corpusDir: string } | null;
}

export function resolveAppPaths(): AppPaths {
  const appOutDir = __dirname;
  const buildOutDir = path.resolve(appOutDir, '..');
  const standinDir = app.isPackaged
    ? path.join(process.resourcesPath, 'standin')
    : path.join(buildOutDir, 'native');
  const libraryPath = path.join(standinDir, 'libWeWorkFinanceSdk_C.so');
  const corpusDir = path.join(standinDir, 'standin-data');
  return {
    rendererDir: path.join(buildOutDir, 'renderer'),
    preloadScript: path.join(appOutDir, 'preload.cjs'),
    hostBundle: path.join(buildOutDir, 'host', 'sdk-host.cjs'),
    demo: existsSync(libraryPath) && existsSync(corpusDir) ? { libraryPath, corpusDir } : null,
  };
}
