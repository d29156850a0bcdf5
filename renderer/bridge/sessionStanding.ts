import { SESSION_STANDINGS, SESSION_STATE_PATH } from '../../main/common/shellSession';
import type { SessionStanding } from '../../main/common/shellSession';
import type { ConnectionState } from './connectionState';

/**
 * The browser shell's access (docs/security.md): there is no token in the page any more. The shell
 * exchanges a one-time link for an HttpOnly session cookie, which the browser attaches to the `/ipc`
 * handshake by itself and page scripts cannot read. When the handshake is refused, the browser does
 * not say why, so the page asks `/session/state`.
 */
export async function askWhyRefused(
  fetchState: (path: string) => Promise<{ ok: boolean; json(): Promise<unknown> }>,
): Promise<ConnectionState | null> {
  let answer: unknown;
  try {
    const response = await fetchState(SESSION_STATE_PATH);
    if (!response.ok) return null;
    answer = await response.json();
  } catch {
    return null; // the shell is not there (stopped or restarting): keep retrying
  }
  const state = (answer as { state?: unknown } | null)?.state;
  if (!SESSION_STANDINGS.includes(state as SessionStanding) || state === 'ok') return null;
  return state as Exclude<SessionStanding, 'ok'>;
}
