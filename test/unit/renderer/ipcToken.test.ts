import { describe, expect, it } from 'vitest';
import { readIpcToken, TOKEN_STORAGE_KEY } from '../../../renderer/bridge/ipcToken';
import type { TokenEnvironment } from '../../../renderer/bridge/ipcToken';

function environment(hash: string, stored: string | null = null) {
  const storage = new Map<string, string>(stored ? [[TOKEN_STORAGE_KEY, stored]] : []);
  const urls: string[] = [];
  const env: TokenEnvironment = {
    location: { hash, pathname: '/', search: '' },
    history: { state: null, replaceState: (_state, _title, url) => void urls.push(String(url)) },
    storage: {
      getItem: (key) => storage.get(key) ?? null,
      setItem: (key, value) => void storage.set(key, value),
    },
  };
  return { env, storage, urls };
}

describe('IPC token', () => {
  it('takes the token from the fragment, stores it for reloads and removes it from the URL', () => {
    const { env, storage, urls } = environment('#token=abc_DEF-123');
    expect(readIpcToken(env)).toBe('abc_DEF-123');
    expect(storage.get(TOKEN_STORAGE_KEY)).toBe('abc_DEF-123');
    expect(urls).toEqual(['/']);
  });

  it('falls back to the stored token after a reload', () => {
    const { env, urls } = environment('', 'kept');
    expect(readIpcToken(env)).toBe('kept');
    expect(urls).toEqual([]);
  });

  it('prefers a fresh token over the stored one (the shell was restarted)', () => {
    const { env } = environment('#token=fresh', 'old');
    expect(readIpcToken(env)).toBe('fresh');
  });

  it('keeps other fragment parameters', () => {
    const { env, urls } = environment('#token=t&view=pull');
    readIpcToken(env);
    expect(urls).toEqual(['/#view=pull']);
  });

  it('has no token when neither is present', () => {
    expect(readIpcToken(environment('').env)).toBeNull();
  });
});
