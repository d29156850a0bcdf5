/**
 * The browser shell's session protocol, shared by the shell (main/shell-web) and the renderer's
 * transport (docs/security.md, "Browser shell session"): where a one-time code is exchanged for the
 * session cookie, how a tab learns why its `/ipc` handshake was refused (browsers do not expose the
 * HTTP status of a refused WebSocket), and the close code that ends a live socket.
 */

/** `GET /session?code=…`: the one-time code becomes an HttpOnly session cookie, then `303 /`. */
export const BOOTSTRAP_PATH = '/session';

/** `GET /session/state`: this browser's standing, as JSON `{ "state": SessionStanding }`. */
export const SESSION_STATE_PATH = '/session/state';

/**
 * - `ok`: the session is valid and no other tab is the live UI (a refusal was something else);
 * - `no-session`: this browser holds no valid session (open a new one-time link from the terminal);
 * - `session-ended`: a one-time code was used twice, so the shell ended every session;
 * - `already-open`: another tab or window is the one live UI.
 */
export type SessionStanding = 'ok' | 'no-session' | 'session-ended' | 'already-open';

export const SESSION_STANDINGS: readonly SessionStanding[] = [
  'ok',
  'no-session',
  'session-ended',
  'already-open',
];

/** Close code of a live `/ipc` socket whose session was ended (4000–4999: RFC 6455 §7.4.2). */
export const SESSION_ENDED_CLOSE_CODE = 4403;
