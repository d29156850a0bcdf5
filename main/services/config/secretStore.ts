import { chmod, stat } from 'node:fs/promises';
import { readJsonFile, writeFileAtomic } from './atomicFile';

/**
 * Secrets (archive secrets, proxy credentials, private keys) live only in main (docs/style.md §5).
 * The Electron shell encrypts them with safeStorage (the OS keyring); the browser shell, which has
 * no keyring, keeps them in a 0600 file and says so in the UI.
 */
export interface SecretStore {
  readonly kind: 'safeStorage' | 'file-0600';
  readonly location: string;
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
  deletePrefix(prefix: string): Promise<void>;
}

/**
 * A secret that is made on first use and then kept in `secrets` under `name`, loaded once: `parse` turns
 * the stored text into the value (and throws when it is damaged); with nothing stored, `create` makes the
 * value and the text to store. A failed load is not remembered, so the next call tries again.
 */
export function secretMadeOnce<T>(
  secrets: SecretStore,
  name: string,
  how: { parse(stored: string): T; create(): { value: T; stored: string } },
): () => Promise<T> {
  let loading: Promise<T> | null = null;
  return () => {
    loading ??= (async () => {
      const stored = await secrets.get(name);
      if (stored !== null) return how.parse(stored);
      const fresh = how.create();
      await secrets.set(name, fresh.stored);
      return fresh.value;
    })().catch((error: unknown) => {
      loading = null;
      throw error;
    });
    return loading;
  };
}

/** Turns a secret into what is stored on disk and back (safeStorage in Electron). */
export interface SecretCipher {
  encrypt(plain: string): string;
  decrypt(stored: string): string;
}

const plainCipher: SecretCipher = { encrypt: (s) => s, decrypt: (s) => s };

export function createFileSecretStore(options: {
  file: string;
  kind: SecretStore['kind'];
  cipher?: SecretCipher;
}): SecretStore {
  const cipher = options.cipher ?? plainCipher;
  let cache: Record<string, string> | null = null;
  // Serialise writes so concurrent set() calls cannot lose each other's entries.
  let queue: Promise<unknown> = Promise.resolve();

  async function load(): Promise<Record<string, string>> {
    if (cache) return cache;
    cache = await readJsonFile<Record<string, string>>(options.file, {});
    await tightenMode(options.file);
    return cache;
  }

  function mutate(change: (entries: Record<string, string>) => void): Promise<void> {
    const next = queue.then(async () => {
      const entries = { ...(await load()) };
      change(entries);
      await writeFileAtomic(options.file, `${JSON.stringify(entries, null, 1)}\n`, 0o600);
      cache = entries;
    });
    queue = next.catch(() => undefined);
    return next;
  }

  return {
    kind: options.kind,
    location: options.file,
    async get(name) {
      const stored = (await load())[name];
      return stored === undefined ? null : cipher.decrypt(stored);
    },
    set: (name, value) =>
      mutate((entries) => {
        entries[name] = cipher.encrypt(value);
      }),
    delete: (name) =>
      mutate((entries) => {
        delete entries[name];
      }),
    deletePrefix: (prefix) =>
      mutate((entries) => {
        for (const key of Object.keys(entries)) if (key.startsWith(prefix)) delete entries[key];
      }),
  };
}

/** A secrets file readable by others is repaired to 0600 before use. */
async function tightenMode(file: string): Promise<void> {
  try {
    const info = await stat(file);
    if ((info.mode & 0o077) !== 0) await chmod(file, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
