import type { DecryptStatus, EnvelopeDto, IngestMessageDto } from '../../main/contract';

/**
 * One archived message as stored in IndexedDB. Primary key `[corpId+msgid]`: the msgid is WeCom's
 * dedupe key (docs/wecom-sdk.md §3.1), so a redelivered message overwrites its own row.
 */
export interface MessageRow {
  /** The corp's id in main's config (CorpDto.id), not the WeCom corpid. */
  corpId: string;
  msgid: string;
  /** Decimal u64. */
  seq: string;
  /** `seq` zero-padded to 20 digits: string order = numeric order. */
  seqKey: string;
  publickeyVer: number;
  status: DecryptStatus;
  failure?: NonNullable<IngestMessageDto['failure']>;
  /**
   * The decrypted JSON text exactly as the SDK returned it (authoritative); for `malformed-envelope`,
   * the chatdata item's text.
   */
  raw?: string;
  /** Only when the SDK's bytes were not valid UTF-8: the exact bytes, base64 (`raw` is their lenient decoding). */
  rawBase64?: string;
  /** `sdk-crash`: how many times the SDK host died on a request holding this message. */
  crashCount?: number;
  action?: string;
  msgtype?: string;
  from?: string;
  tolist?: string[];
  roomid?: string;
  /** Milliseconds UTC. */
  msgtime?: number;
  /** See conversationId(). Absent while the message is still encrypted. */
  convId?: string;
  /** Kept only while the message cannot be decrypted, so a later key import can retry. */
  envelope?: Pick<EnvelopeDto, 'encryptRandomKey' | 'encryptChatMsg'>;
  /** When this row was first stored (ms). */
  ingestedAt: number;
}

/** The pull checkpoint of one corp, written in the same transaction as the messages it covers. */
export interface CursorRow {
  corpId: string;
  /** Highest committed seq (decimal u64). */
  seq: string;
  seqKey: string;
  updatedAt: number;
  /** Distinct messages stored for this corp by commitBatch (redeliveries not counted twice). */
  messages: number;
}

export type MessageKey = [corpId: string, msgid: string];
