import type { EnvelopeDto } from '../../contract';
import { quoteSeqNumbers } from '../../common/json/tolerantJson';

/** GetChatData's JSON (SDK-SPEC §3.1): errcode/errmsg and the five-field envelopes. */
export type ChatDataPage =
  | { ok: true; envelopes: EnvelopeDto[] }
  | { ok: false; errcode: number; errmsg: string }
  | { ok: false; malformed: string };

export function parseChatDataPage(raw: string): ChatDataPage {
  let value: unknown;
  try {
    value = JSON.parse(quoteSeqNumbers(raw));
  } catch (error) {
    return { ok: false, malformed: `GetChatData returned invalid JSON: ${(error as Error).message}` };
  }
  if (typeof value !== 'object' || value === null)
    return { ok: false, malformed: 'GetChatData returned a non-object' };
  const page = value as { errcode?: unknown; errmsg?: unknown; chatdata?: unknown };
  const errcode = typeof page.errcode === 'number' ? page.errcode : 0;
  if (errcode !== 0)
    return { ok: false, errcode, errmsg: typeof page.errmsg === 'string' ? page.errmsg : '' };
  if (page.chatdata === undefined || page.chatdata === null) return { ok: true, envelopes: [] };
  if (!Array.isArray(page.chatdata)) return { ok: false, malformed: 'chatdata is not an array' };

  const envelopes: EnvelopeDto[] = [];
  for (const [index, item] of page.chatdata.entries()) {
    const e = item as Record<string, unknown> | null;
    const seq = e?.seq;
    if (
      !e ||
      typeof seq !== 'string' ||
      !/^\d+$/.test(seq) ||
      typeof e.msgid !== 'string' ||
      typeof e.publickey_ver !== 'number' ||
      typeof e.encrypt_random_key !== 'string' ||
      typeof e.encrypt_chat_msg !== 'string'
    ) {
      return {
        ok: false,
        malformed: `chatdata[${index}] lacks one of seq/msgid/publickey_ver/encrypt_random_key/encrypt_chat_msg`,
      };
    }
    envelopes.push({
      seq,
      msgid: e.msgid,
      publickeyVer: e.publickey_ver,
      encryptRandomKey: e.encrypt_random_key,
      encryptChatMsg: e.encrypt_chat_msg,
    });
  }
  return { ok: true, envelopes };
}
