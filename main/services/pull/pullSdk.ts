import type { EnvelopeDto } from '../../contract';

/**
 * What the pull needs from the SDK process. The production implementation adapts SdkHostClient;
 * tests use a fake. Errors: `SdkCodeError` for a non-zero SDK return code, `SdkProcessCrash` when the
 * host died mid-call (it is restarted by the client), anything else is unexpected.
 */
export interface PullSdk {
  /** Raw GetChatData JSON text (SDK-SPEC §3.1) for messages with seq > `seq`. */
  getChatData(request: {
    seq: string;
    limit: number;
    proxy: string;
    passwd: string;
    timeoutSec: number;
  }): Promise<string>;
  /** RSA-decrypts each random key with the key of its publickey_ver, then DecryptData (SDK-SPEC §3.2). */
  decryptEnvelopes(
    privateKeys: Readonly<Record<number, string>>,
    envelopes: readonly EnvelopeDto[],
  ): Promise<DecryptOutcome[]>;
}

export type DecryptOutcome =
  | { msgid: string; status: 'ok'; plaintext: string }
  | { msgid: string; status: 'missing-key' }
  | { msgid: string; status: 'decrypt-failed'; stage: 'rsa' | 'sdk'; sdkCode?: number; message: string };

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
