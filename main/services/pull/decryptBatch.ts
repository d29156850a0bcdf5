import type { DecryptResultDto, EnvelopeDto, IngestMessageDto } from '../../contract';
import { extractHeader } from '../archive/messageHeader';
import type { DecryptOutcome } from './pullSdk';

/**
 * Turns SDK decrypt outcomes into what the renderer stores. A message that cannot be decrypted yet
 * keeps its envelope and a status, so the cursor can advance and a later key import can retry.
 */
export function toDecryptResult(
  outcome: DecryptOutcome | undefined,
  envelope: EnvelopeDto,
): DecryptResultDto {
  if (!outcome || outcome.msgid !== envelope.msgid) {
    return {
      msgid: envelope.msgid,
      status: 'decrypt-failed',
      failure: { stage: 'sdk', message: 'the SDK host returned no result for this message' },
    };
  }
  if (outcome.status === 'missing-key') return { msgid: envelope.msgid, status: 'missing-key' };
  if (outcome.status === 'decrypt-failed') {
    return {
      msgid: envelope.msgid,
      status: 'decrypt-failed',
      failure: {
        stage: outcome.stage,
        message: outcome.message,
        ...(outcome.sdkCode === undefined ? {} : { sdkCode: outcome.sdkCode }),
      },
    };
  }
  const parsed = extractHeader(outcome.plaintext);
  if (!parsed.ok) {
    // Kept as text: the raw JSON is the evidence even when it does not parse.
    return {
      msgid: envelope.msgid,
      status: 'decrypt-failed',
      raw: outcome.plaintext,
      failure: { stage: 'parse', message: parsed.message },
    };
  }
  return { msgid: envelope.msgid, status: 'ok', raw: outcome.plaintext, header: parsed.header };
}

export function toIngestMessage(envelope: EnvelopeDto, result: DecryptResultDto): IngestMessageDto {
  const message: IngestMessageDto = {
    seq: envelope.seq,
    msgid: envelope.msgid,
    publickeyVer: envelope.publickeyVer,
    status: result.status,
  };
  if (result.raw !== undefined) message.raw = result.raw;
  if (result.header) message.header = result.header;
  if (result.failure) message.failure = result.failure;
  if (result.status !== 'ok') {
    message.envelope = {
      encryptRandomKey: envelope.encryptRandomKey,
      encryptChatMsg: envelope.encryptChatMsg,
    };
  }
  return message;
}
