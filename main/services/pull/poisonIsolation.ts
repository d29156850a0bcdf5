import type { EnvelopeDto } from '../../contract';
import { SdkProcessCrash, type DecryptOutcome, type PullSdk } from './pullSdk';

/**
 * Poison isolation (a vendor DecryptData that always crashes on some rows): when the SDK host dies or
 * hangs on a decrypt request, the envelopes are decrypted again in halves, down to single messages.
 * A message on which the host still dies alone, `singleAttempts` times, comes back as `sdk-crash`
 * with its crash count (every crash of a request that held it); everything else is decrypted as
 * usual. Other errors (the library became unusable) are thrown as they are.
 */
export interface IsolationOptions {
  /** Crashes of a request holding only this message before it is `sdk-crash`. Default 2. */
  singleAttempts?: number;
  /** Each crash, with the size of the request that crashed. */
  onCrash?: (requestSize: number, error: SdkProcessCrash) => void;
}

export async function decryptIsolating(
  sdk: Pick<PullSdk, 'decryptEnvelopes'>,
  privateKeys: Readonly<Record<number, string>>,
  envelopes: readonly EnvelopeDto[],
  options: IsolationOptions = {},
  /** Crashes already seen on a request that held all of `envelopes` (e.g. the whole page). */
  inheritedCrashes = 0,
): Promise<DecryptOutcome[]> {
  const singleAttempts = Math.max(1, options.singleAttempts ?? 2);
  const run = async (part: readonly EnvelopeDto[], crashes: number): Promise<DecryptOutcome[]> => {
    if (part.length === 0) return [];
    let aloneCrashes = 0;
    for (;;) {
      try {
        return await sdk.decryptEnvelopes(privateKeys, part);
      } catch (error) {
        if (!(error instanceof SdkProcessCrash)) throw error;
        options.onCrash?.(part.length, error);
        if (part.length > 1) {
          const middle = Math.ceil(part.length / 2);
          const left = await run(part.slice(0, middle), crashes + 1);
          const right = await run(part.slice(middle), crashes + 1);
          return [...left, ...right];
        }
        aloneCrashes += 1;
        if (aloneCrashes >= singleAttempts) {
          const envelope = part[0] as EnvelopeDto;
          return [
            {
              msgid: envelope.msgid,
              status: 'sdk-crash',
              crashCount: crashes + aloneCrashes,
              message: `SDK 进程在解密此消息时崩溃 / the SDK host died decrypting this message (${crashes + aloneCrashes} times)`,
            },
          ];
        }
      }
    }
  };
  return run(envelopes, inheritedCrashes);
}
