import type { DecryptResultDto, IngestMessageDto, MessageHeaderDto } from '../../main/contract';
import { conversationId } from './convId';
import type { MessageRow } from './rows';
import { toSeqKey } from '../../main/common/seq/seq';

type HeaderColumns = Required<
  Pick<MessageRow, 'action' | 'msgtype' | 'from' | 'tolist' | 'roomid' | 'msgtime' | 'convId'>
>;

/** The indexed header columns of a decrypted message, with its conversation. */
function headerColumns(header: MessageHeaderDto): HeaderColumns {
  const { action, msgtype, from, tolist, roomid, msgtime } = header;
  return { action, msgtype, from, tolist, roomid, msgtime, convId: conversationId(header) };
}

/** What a decryption attempt produced, at delivery (IngestMessageDto) or re-decryption (DecryptResultDto). */
export type DecryptOutcome = Pick<
  DecryptResultDto,
  'status' | 'failure' | 'raw' | 'rawBase64' | 'crashCount' | 'header'
> &
  Pick<IngestMessageDto, 'envelope'>;

/** A delivered message as its stored row. */
export function toMessageRow(corpId: string, message: IngestMessageDto, ingestedAt: number): MessageRow {
  const identity: MessageRow = {
    corpId,
    msgid: message.msgid,
    seq: message.seq,
    seqKey: toSeqKey(message.seq),
    publickeyVer: message.publickeyVer,
    status: message.status,
    ingestedAt,
  };
  return withOutcome(identity, message);
}

/**
 * A stored row after a decryption attempt: a decrypted row gets the raw JSON and header columns and
 * drops its envelope; a failed one keeps the envelope (from the attempt or from before) and says why.
 */
export function withOutcome(row: MessageRow, outcome: DecryptOutcome): MessageRow {
  const identity: MessageRow = {
    corpId: row.corpId,
    msgid: row.msgid,
    seq: row.seq,
    seqKey: row.seqKey,
    publickeyVer: row.publickeyVer,
    status: outcome.status,
    ingestedAt: row.ingestedAt,
  };
  if (outcome.status === 'ok' && outcome.raw !== undefined) {
    return {
      ...identity,
      raw: outcome.raw,
      ...(outcome.rawBase64 === undefined ? {} : { rawBase64: outcome.rawBase64 }),
      ...(outcome.header ? headerColumns(outcome.header) : {}),
    };
  }
  if (outcome.status === 'malformed-envelope') {
    // The chatdata item's exact text is the evidence; there is no envelope to retry.
    return {
      ...identity,
      ...(outcome.raw === undefined ? {} : { raw: outcome.raw }),
      ...(outcome.failure ? { failure: outcome.failure } : {}),
    };
  }
  const envelope = outcome.envelope ?? row.envelope;
  const failure =
    outcome.status === 'ok'
      ? { stage: 'parse' as const, message: 'reported as decrypted but carried no text' }
      : outcome.failure;
  return {
    ...identity,
    status: outcome.status === 'ok' ? 'decrypt-failed' : outcome.status,
    ...(failure ? { failure } : {}),
    ...(outcome.status === 'sdk-crash'
      ? { crashCount: (row.status === 'sdk-crash' ? (row.crashCount ?? 0) : 0) + (outcome.crashCount ?? 1) }
      : {}),
    ...(envelope ? { envelope } : {}),
  };
}
