import { chmod, mkdir, readdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

/**
 * At start: the data directory (config, secrets, media, the browser profile) is made private (0700)
 * even when it existed before with a looser mode, and the temp files a crash left mid-way through an
 * atomic write (`secrets.json.<hex>.tmp`, `config.json.<hex>.tmp`, see atomicFile.ts) are removed —
 * a stale secrets temp file holds secrets outside the store's accounting.
 */
const STALE_TEMP = /^(secrets|config)\.json\.[0-9a-f]{12}\.tmp$/;

export interface DataDirReport {
  /** The mode found before tightening (e.g. 0o755), null when the directory was created now. */
  previousMode: number | null;
  removedTempFiles: string[];
}

export async function prepareDataDir(dataDir: string): Promise<DataDirReport> {
  let previousMode: number | null = null;
  try {
    previousMode = (await stat(dataDir)).mode & 0o777;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
  }
  if (previousMode === null || (previousMode & 0o077) !== 0) await chmod(dataDir, 0o700);
  const removedTempFiles: string[] = [];
  for (const name of await readdir(dataDir)) {
    if (!STALE_TEMP.test(name)) continue;
    await unlink(path.join(dataDir, name)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    removedTempFiles.push(name);
  }
  return { previousMode, removedTempFiles };
}
