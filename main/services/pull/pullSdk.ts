import type { EnvelopeDto } from '../../contract';
import type { MalformedEnvelopeItem } from '../../../native/host/protocol';

/**
 * What the pull needs from the SDK process. The production implementation adapts SdkHostClient;
 * tests use a fake. Errors: `SdkCodeError` for a non-zero SDK return code, `SdkProcessCrash` when the
 * host died mid-call (it is restarted by the client), anything else is unexpected.
 */
/** GetChatData's arguments: the messages after `seq`, at most `limit`, through the corp's proxy. */
export interface PageRequest {
  seq: string;
  limit: number;
  proxy: string;
  passwd: string;
  timeoutSec: number;
}

export interface PullSdk {
  /** Raw GetChatData JSON text (docs/wecom-sdk.md §3.1) for messages with seq > `seq`. */
  getChatData(request: PageRequest): Promise<string>;
  /**
   * One page in one host request: GetChatData + RSA + DecryptData (docs/wecom-sdk.md §3.1–§3.2). Throws
   * like getChatData; `SdkProcessCrash` when the host died or hung, in GetChatData or in a decrypt.
   */
  pullPage(request: PageRequest & { privateKeys: Readonly<Record<number, string>> }): Promise<PageOutcome>;
  /** RSA-decrypts each random key with the key of its publickey_ver, then DecryptData (docs/wecom-sdk.md §3.2). */
  decryptEnvelopes(
    privateKeys: Readonly<Record<number, string>>,
    envelopes: readonly EnvelopeDto[],
  ): Promise<DecryptOutcome[]>;
}

/**
 * `decrypt-failed` carries the detail (which step, OpenSSL's reason, the SDK's code) for the local log
 * only; what reaches the renderer is undifferentiated (decryptBatch.ts). `sdk-crash`: the host died
 * on this message alone (poisonIsolation.ts).
 */
export type DecryptOutcome =
  | { msgid: string; status: 'ok'; plaintext: string; plaintextBase64?: string }
  | { msgid: string; status: 'missing-key' }
  | { msgid: string; status: 'decrypt-failed'; stage: 'rsa' | 'sdk'; sdkCode?: number; message: string }
  | { msgid: string; status: 'sdk-crash'; crashCount: number; message: string };

/** A decrypted page: its envelopes with their outcomes (ciphertexts kept for the undecrypted), in page order. */
export type PageOutcome =
  | {
      kind: 'page';
      items: number;
      messages: Array<{ envelope: EnvelopeDto; outcome: DecryptOutcome }>;
      malformed: MalformedEnvelopeItem[];
    }
  | { kind: 'errcode'; errcode: number; errmsg: string }
  | { kind: 'malformed-page'; problem: string };

export class SdkCodeError extends Error {
  constructor(
    readonly sdkCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'SdkCodeError';
  }
}

export class SdkProcessCrash extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SdkProcessCrash';
  }
}

/** The library could not be loaded (missing, not ELF x86-64, dlopen failure, missing exports). */
export class SdkUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SdkUnavailable';
  }
}
