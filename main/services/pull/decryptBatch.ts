import type { DecryptResultDto, EnvelopeDto, IngestMessageDto } from '../../contract';
import type { MalformedEnvelopeItem } from '../../../native/host/protocol';
import { assignDefined } from '../../common/object/assignDefined';
import { extractHeader } from '../archive/messageHeader';
import type { DecryptOutcome } from './pullSdk';

/**
 * Turns SDK decrypt outcomes into what the renderer stores. A message that cannot be decrypted yet
 * keeps its envelope and a status, so the cursor can advance and a later key import can retry.
 *
 * No oracle: every failure to decrypt — RSA padding, a malformed random key, DecryptData's code —
 * reaches the renderer as the same outcome, "cannot decrypt with key vN". Which step failed and
 * OpenSSL's reason go to the local log only (`logDetail`), so the decryptEnvelopes verb cannot be
 * used to probe ciphertexts.
 */
export type DetailLog = (message: string, fields: Record<string, unknown>) => void;

export function cannotDecrypt(publickeyVer: number): NonNullable<DecryptResultDto['failure']> {
  return {
    stage: 'decrypt',
    message: `无法用 v${publickeyVer} 密钥解密 / cannot decrypt with key v${publickeyVer}`,
  };
}

export function toDecryptResult(
  outcome: DecryptOutcome | undefined,
  envelope: Pick<EnvelopeDto, 'msgid' | 'publickeyVer'>,
  logDetail?: DetailLog,
): DecryptResultDto {
  if (!outcome || outcome.msgid !== envelope.msgid) {
    logDetail?.('decrypt: the SDK host returned no result for this message', { msgid: envelope.msgid });
    return { msgid: envelope.msgid, status: 'decrypt-failed', failure: cannotDecrypt(envelope.publickeyVer) };
  }
  if (outcome.status === 'missing-key') return { msgid: envelope.msgid, status: 'missing-key' };
  if (outcome.status === 'sdk-crash') {
    return {
      msgid: envelope.msgid,
      status: 'sdk-crash',
      crashCount: outcome.crashCount,
      failure: { stage: 'sdk-crash', message: outcome.message },
    };
  }
  if (outcome.status === 'decrypt-failed') {
    logDetail?.('decrypt failed', {
      msgid: envelope.msgid,
      publickeyVer: envelope.publickeyVer,
      stage: outcome.stage,
      ...(outcome.sdkCode === undefined ? {} : { sdkCode: outcome.sdkCode }),
      detail: outcome.message,
    });
    return { msgid: envelope.msgid, status: 'decrypt-failed', failure: cannotDecrypt(envelope.publickeyVer) };
  }
  const bytes = outcome.plaintextBase64 === undefined ? {} : { rawBase64: outcome.plaintextBase64 };
  const parsed = extractHeader(outcome.plaintext);
  if (!parsed.ok) {
    // Kept as text: the raw JSON is the evidence even when it does not parse.
    return {
      msgid: envelope.msgid,
      status: 'decrypt-failed',
      raw: outcome.plaintext,
      ...bytes,
      failure: { stage: 'parse', message: parsed.message },
    };
  }
  return { msgid: envelope.msgid, status: 'ok', raw: outcome.plaintext, ...bytes, header: parsed.header };
}

export function toIngestMessage(envelope: EnvelopeDto, result: DecryptResultDto): IngestMessageDto {
  const message = assignDefined<IngestMessageDto, DecryptResultDto>(
    { seq: envelope.seq, msgid: envelope.msgid, publickeyVer: envelope.publickeyVer, status: result.status },
    result,
    ['raw', 'rawBase64', 'header', 'failure', 'crashCount'],
  );
  if (result.status !== 'ok') {
    message.envelope = {
      encryptRandomKey: envelope.encryptRandomKey,
      encryptChatMsg: envelope.encryptChatMsg,
    };
  }
  return message;
}

/**
 * A chatdata item that is not a valid envelope, stored as evidence: its exact text in `raw`, its seq
 * (or, when it has none, `fallbackSeq`: the seq before it, so it sorts where it came) and status
 * `malformed-envelope`. It carries no envelope: there is nothing to decrypt.
 */
export function toMalformedMessage(item: MalformedEnvelopeItem, fallbackSeq: string): IngestMessageDto {
  return {
    seq: item.seq ?? fallbackSeq,
    msgid: item.msgid,
    publickeyVer: 0,
    status: 'malformed-envelope',
    raw: item.raw,
    failure: { stage: 'envelope', message: item.problem },
  };
}
