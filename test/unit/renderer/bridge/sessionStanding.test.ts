import { describe, expect, it } from 'vitest';
import { SESSION_STATE_PATH } from '../../../../main/common/shellSession';
import { askWhyRefused } from '../../../../renderer/bridge/sessionStanding';

/** A fetch that answers `/session/state` with `body` (or fails), recording what was asked. */
function fetchAnswering(body: unknown, ok = true) {
  const asked: string[] = [];
  const fetchState = (path: string) => {
    asked.push(path);
    return Promise.resolve({ ok, json: () => Promise.resolve(body) });
  };
  return { asked, fetchState };
}

describe('why the /ipc handshake was refused', () => {
  it.each(['no-session', 'session-ended', 'already-open'] as const)(
    'maps the shell standing %s to the final connection state of the same name',
    async (state) => {
      const { asked, fetchState } = fetchAnswering({ state });
      expect(await askWhyRefused(fetchState)).toBe(state);
      expect(asked).toEqual([SESSION_STATE_PATH]);
    },
  );

  it('keeps retrying (null) when the session is fine, the answer is odd or the shell is gone', async () => {
    expect(await askWhyRefused(fetchAnswering({ state: 'ok' }).fetchState)).toBeNull();
    expect(await askWhyRefused(fetchAnswering({ state: 'connected' }).fetchState)).toBeNull();
    expect(await askWhyRefused(fetchAnswering(null).fetchState)).toBeNull();
    expect(await askWhyRefused(fetchAnswering({ state: 'no-session' }, false).fetchState)).toBeNull();
    expect(await askWhyRefused(() => Promise.reject(new TypeError('Failed to fetch')))).toBeNull();
  });
});
