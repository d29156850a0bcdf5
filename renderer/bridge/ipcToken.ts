/**
 * The browser shell's access token. It arrives once in the URL fragment (`#token=…`, which
 * browsers never send to a server), is kept in sessionStorage so a reload still connects, and is
 * removed from the visible URL so it does not end up in screenshots or bookmarks.
 */
export const TOKEN_STORAGE_KEY = 'wecom-archive.ipc-token';

export interface TokenEnvironment {
  location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  history: Pick<History, 'replaceState' | 'state'>;
  storage: Pick<Storage, 'getItem' | 'setItem'>;
}

/** Takes a token out of the fragment (storing it), or null when the fragment carries none. */
export function takeTokenFromFragment(env: TokenEnvironment): string | null {
  const params = new URLSearchParams(env.location.hash.replace(/^#/, ''));
  const token = params.get('token');
  if (!token) return null;
  env.storage.setItem(TOKEN_STORAGE_KEY, token);
  params.delete('token');
  const rest = params.toString();
  env.history.replaceState(
    env.history.state,
    '',
    `${env.location.pathname}${env.location.search}${rest ? `#${rest}` : ''}`,
  );
  return token;
}

/** The token for this tab: a fresh one from the fragment wins over the stored one. */
export function readIpcToken(env: TokenEnvironment): string | null {
  return takeTokenFromFragment(env) ?? env.storage.getItem(TOKEN_STORAGE_KEY);
}
