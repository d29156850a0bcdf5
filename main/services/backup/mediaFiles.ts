import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { MEDIA_SKIPPED_DIRS, isSafeMediaPath } from './backupFormat';

export interface MediaFile {
  /** Relative to the media root, '/'-separated. */
  relative: string;
  size: number;
}

/**
 * Every file of the media store (`<data dir>/media`, main/services/media/mediaPaths.ts) in a stable
 * order, except the temporary copies handed to other apps (`<corp>/open/`). Symlinks and names the
 * store never makes are refused: a backup copies the store, not whatever was put beside it.
 */
export async function listMediaFiles(root: string): Promise<MediaFile[]> {
  const found: MediaFile[] = [];
  const walk = async (dir: string, relative: string[]): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && relative.length === 0) return;
      throw error;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const next = [...relative, entry.name];
      if (entry.isDirectory()) {
        if (relative.length === 1 && MEDIA_SKIPPED_DIRS.has(entry.name)) continue;
        await walk(path.join(dir, entry.name), next);
      } else if (entry.isFile()) {
        const joined = next.join('/');
        if (!isSafeMediaPath(joined))
          throw new Error(`The media store holds a file the app does not make: ${joined}`);
        found.push({ relative: joined, size: (await lstat(path.join(dir, entry.name))).size });
      }
    }
  };
  await walk(root, []);
  return found;
}
