import { parseTolerantJson } from '../../../main/common/json/tolerantJson';

/**
 * A stored message's decrypted JSON as an object, or null when it is not one. Raw control characters inside
 * strings are read as the characters they are (docs/wecom-sdk.md §1.6), so text content stays exact.
 */
export function storedJson(raw: string): Record<string, unknown> | null {
  let json: unknown;
  try {
    json = parseTolerantJson(raw);
  } catch {
    return null;
  }
  return typeof json === 'object' && json !== null && !Array.isArray(json)
    ? (json as Record<string, unknown>)
    : null;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * The conversation the app files a message under, worked out here from the SDK fields rather than taken from
 * the renderer, so the e2e tests check the app's grouping: `g:<roomid>` for a group, `s:<a>|<b>` (sorted) for a
 * single chat, `sys:<user>` for a switch record (it names `user`, not `from`: docs/wecom-sdk.md §4.1) and
 * `sys:<from>` for anything without a counterpart.
 */
export function conversationIdOf(json: Record<string, unknown>): string {
  if (json.action === 'switch' || json.msgtype === 'switch')
    return `sys:${text(json.user) || text(json.from)}`;
  const roomid = text(json.roomid);
  if (roomid) return `g:${roomid}`;
  const from = text(json.from);
  const peer = Array.isArray(json.tolist) ? (json.tolist[0] as unknown) : undefined;
  return typeof peer === 'string' ? `s:${[from, peer].sort().join('|')}` : `sys:${from}`;
}

/** conversationIdOf a stored message's raw JSON; throws when the JSON cannot be read. */
export function conversationIdOfRaw(raw: string): string {
  const json = storedJson(raw);
  if (!json) throw new Error(`a stored message that is not a JSON object: ${raw.slice(0, 60)}`);
  return conversationIdOf(json);
}
