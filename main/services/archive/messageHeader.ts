import type { MessageHeaderDto } from '../../contract';
import { readMessage } from '../../common/message';

/**
 * The indexable header of a decrypted message (docs/wecom-sdk.md §4.1), read by the one message
 * reader with its fallbacks (absent action → `send`; a switch record's `user` and `time`; absent
 * roomid/tolist empty). The raw JSON is stored verbatim and stays authoritative.
 */
export type HeaderResult =
  { ok: true; header: MessageHeaderDto; msgid: string | null } | { ok: false; message: string };

export function extractHeader(raw: string): HeaderResult {
  const message = readMessage(raw);
  const body = message.body;
  if (body.kind === 'unsupported' && body.reason === 'not-json') {
    return { ok: false, message: `decrypted message is ${body.detail ?? 'not JSON'}` };
  }
  const header: MessageHeaderDto = {
    action: message.action,
    msgtype: message.msgtype,
    from: message.from,
    tolist: message.tolist,
    roomid: message.roomid,
    msgtime: message.msgtime,
  };
  return { ok: true, header, msgid: message.msgid === '' ? null : message.msgid };
}
