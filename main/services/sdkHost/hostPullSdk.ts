import {
  SdkCodeError,
  SdkProcessCrash,
  SdkUnavailable,
  type DecryptOutcome,
  type PageOutcome,
  type PullSdk,
} from '../pull/pullSdk';
import { MediaFileError } from '../media/mediaDownloader';
import type { EnvelopeDecryptResult, HostResult } from '../../../native/host/protocol';
import { HostRequestError, HostUnavailableError, isHostRestart } from './hostErrors';
import type { SdkHostClient } from './sdkHostClient';

/** The host client as the pull's PullSdk: host results and errors in the pull's vocabulary. */
export function hostAsPullSdk(client: SdkHostClient): PullSdk {
  return {
    async getChatData({ seq, limit, proxy, passwd, timeoutSec }) {
      try {
        return (await client.getChatData({ seq, limit, proxy, passwd, timeout: timeoutSec })).raw;
      } catch (error) {
        throw inPullTerms(error);
      }
    },
    async pullPage({ seq, limit, proxy, passwd, timeoutSec, privateKeys }): Promise<PageOutcome> {
      let page: HostResult<'pullPage'>;
      try {
        page = await client.pullPage({ seq, limit, proxy, passwd, timeout: timeoutSec, privateKeys });
      } catch (error) {
        throw inPullTerms(error);
      }
      if (page.kind !== 'page') return page;
      return {
        kind: 'page',
        items: page.items,
        malformed: page.malformed,
        messages: page.messages.map((m) => ({
          envelope: {
            seq: m.seq,
            msgid: m.msgid,
            publickeyVer: m.publickeyVer,
            encryptRandomKey: m.envelope?.encryptRandomKey ?? '',
            encryptChatMsg: m.envelope?.encryptChatMsg ?? '',
          },
          outcome: toDecryptOutcome(m.result),
        })),
      };
    },
    async decryptEnvelopes(privateKeys, envelopes): Promise<DecryptOutcome[]> {
      let results;
      try {
        ({ results } = await client.decryptEnvelopes({ privateKeys, envelopes }));
      } catch (error) {
        throw inPullTerms(error);
      }
      return results.map(toDecryptOutcome);
    },
  };
}

function toDecryptOutcome(r: EnvelopeDecryptResult): DecryptOutcome {
  switch (r.status) {
    case 'ok':
      return r.plaintextBase64 === undefined
        ? { msgid: r.msgid, status: 'ok', plaintext: r.plaintext }
        : { msgid: r.msgid, status: 'ok', plaintext: r.plaintext, plaintextBase64: r.plaintextBase64 };
    case 'missing-key':
      return { msgid: r.msgid, status: 'missing-key' };
    case 'rsa-failed':
      return { msgid: r.msgid, status: 'decrypt-failed', stage: 'rsa', message: `${r.reason}: ${r.message}` };
    case 'decrypt-failed':
      return {
        msgid: r.msgid,
        status: 'decrypt-failed',
        stage: 'sdk',
        sdkCode: r.sdkCode,
        message: r.message,
      };
  }
}

/** Host-side failures in the pull's terms: SDK codes, crashes (retryable), an unusable library. */
export function inPullTerms(error: unknown): Error {
  if (error instanceof HostRequestError) {
    if (error.code === 'sdk-error' && error.sdkCode !== undefined)
      return new SdkCodeError(error.sdkCode, error.message);
    if (error.code === 'load-failed') return new SdkUnavailable(error.message);
    if (error.code === 'file-failed') return new MediaFileError(error.message, error.errno);
    return error;
  }
  if (isHostRestart(error)) return new SdkProcessCrash(error.message);
  if (error instanceof HostUnavailableError) return new SdkUnavailable(error.message);
  return error instanceof Error ? error : new Error(String(error));
}
