import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Chromium grants `navigator.storage.persist()` only to origins it considers important (bookmarked,
 * installed, high engagement or with notifications allowed); an `--app` window on http://127.0.0.1 is
 * none of these, so its archive stayed "best-effort" and evictable under disk pressure. The shell's
 * profile is its own (under the data dir), so before Chromium starts the shell allows durable storage
 * for exactly the app's origin in that profile's preferences — the content setting behind
 * `persist()`, nothing broader. Other preferences are kept as they are.
 */
export async function allowDurableStorage(profileDir: string, appUrl: string): Promise<void> {
  const origin = new URL(appUrl).origin;
  const file = path.join(profileDir, 'Default', 'Preferences');
  let preferences: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      preferences = parsed as Record<string, unknown>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && !(error instanceof SyntaxError)) throw error;
  }
  const object = (parent: Record<string, unknown>, key: string): Record<string, unknown> => {
    const value = parent[key];
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    const created: Record<string, unknown> = {};
    parent[key] = created;
    return created;
  };
  const exceptions = object(object(object(preferences, 'profile'), 'content_settings'), 'exceptions');
  const durable = object(exceptions, 'durable_storage');
  const pattern = `${origin},*`;
  const current = durable[pattern] as { setting?: unknown } | undefined;
  if (current?.setting === 1) return;
  durable[pattern] = { setting: 1 };
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(preferences), { mode: 0o600 });
  await rename(temp, file);
}
