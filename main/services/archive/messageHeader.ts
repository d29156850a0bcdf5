import type { MessageHeaderDto } from '../../contract';
import { parseTolerantJson } from '../../common/json/tolerantJson';

/**
 * The indexable header of a decrypted message (SDK-SPEC §4.1). Missing or odd fields fall back to
 * neutral values instead of failing: the raw JSON is stored verbatim and stays authoritative.
 * A switch record has no msgtype/from; it carries `time` and `user` (SDK-SPEC §4.2).
 */
export type HeaderResult =
  { ok: true; header: MessageHeaderDto; msgid: string | null } | { ok: false; message: string };

export function extractHeader(raw: string): HeaderResult {
  let value: unknown;
  try {
    value = parseTolerantJson(raw);
  } catch (error) {
    return { ok: false, message: `decrypted message is not JSON: ${(error as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, message: 'decrypted message is not a JSON object' };
  }
  const record = value as Record<string, unknown>;
  const action = asString(record.action) || 'send';
  const isSwitch = action === 'switch';
  const header: MessageHeaderDto = {
    action,
    msgtype: isSwitch ? 'switch' : asString(record.msgtype),
    from: isSwitch ? asString(record.user) : asString(record.from),
    tolist: Array.isArray(record.tolist)
      ? record.tolist.filter((t): t is string => typeof t === 'string')
      : [],
    roomid: asString(record.roomid),
    msgtime: asTime(isSwitch ? record.time : record.msgtime),
  };
  return { ok: true, header, msgid: typeof record.msgid === 'string' ? record.msgid : null };
}

function asString(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function asTime(value: unknown): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : 0;
}
