import { SdkCodeError, SdkProcessCrash, SdkUnavailable } from './pullSdk';

/**
 * What to do about each SDK return code (docs/wecom-sdk.md §2.1) and JSON errcode (docs/wecom-sdk.md §2.2) during a pull.
 * Retryable failures back off and try again; `shrink-limit` halves the batch limit (301058);
 * everything else stops that corp's pull with an explanation and the action to take.
 */
export type PullFailureAction = 'retry' | 'shrink-limit' | 'stop';

export interface PullFailureClass {
  /** Stable key used for i18n in the renderer and for logs, e.g. `sdk-10009`, `errcode-40001`. */
  kind: string;
  action: PullFailureAction;
  /** English explanation for logs (the UI shows zh-CN/en text for the same `kind`). */
  explanation: string;
  /** What the user should do next. */
  remedy: string;
}

const SDK_CODES: Record<number, Omit<PullFailureClass, 'kind'>> = {
  10000: {
    action: 'stop',
    explanation: 'The SDK rejected the request parameters.',
    remedy: 'Check the batch limit (1–1000), proxy URL and proxy credentials format.',
  },
  10001: {
    action: 'retry',
    explanation: 'Network error, proxy failure or timeout while contacting WeCom.',
    remedy: 'Retrying automatically; check the network or proxy if it persists.',
  },
  10002: {
    action: 'retry',
    explanation: 'The SDK could not parse the server response.',
    remedy: 'Retrying automatically.',
  },
  10003: {
    action: 'retry',
    explanation: 'The SDK reported an internal system failure.',
    remedy: 'Retrying automatically.',
  },
  10004: {
    action: 'stop',
    explanation: 'Key error: the archive secret or keys are wrong.',
    remedy: 'Check the archive secret (会话内容存档 Secret) in the corp settings.',
  },
  10005: {
    action: 'stop',
    explanation: 'Unknown sdkfileid.',
    remedy: 'The media id is invalid; the message may be corrupted.',
  },
  10006: {
    action: 'stop',
    explanation: 'Decryption failed.',
    remedy: 'Import the private key that matches this publickey_ver.',
  },
  10007: {
    action: 'stop',
    explanation: 'No private key for the message key version.',
    remedy: 'Import the private key for that publickey_ver.',
  },
  10008: {
    action: 'stop',
    explanation: 'The decrypted random key was malformed.',
    remedy: 'The private key does not match; import the right version.',
  },
  10009: {
    action: 'stop',
    explanation: 'This machine’s IP address is not in the archive app’s trusted IP list.',
    remedy:
      'Add the egress IP in the admin console (管理工具 → 会话内容存档 → 可信IP), or configure a proxy with a whitelisted IP.',
  },
  10010: {
    action: 'stop',
    explanation:
      'The messages after the last stored one are beyond the retention window (docs/wecom-sdk.md §7) and WeCom has deleted them.',
    remedy:
      'Choose “Continue from the oldest retained message” on the Pull screen; the missing range is recorded as a gap in the ledger. Pull at least daily to avoid this.',
  },
  10011: {
    action: 'stop',
    explanation: 'TLS certificate error.',
    remedy: 'Install the system CA certificates or fix the TLS-intercepting proxy.',
  },
};

const ERRCODES: Record<number, Omit<PullFailureClass, 'kind'>> = {
  [-1]: {
    action: 'retry',
    explanation: 'WeCom reports the system is busy.',
    remedy: 'Retrying automatically.',
  },
  40001: {
    action: 'stop',
    explanation: 'Invalid credential: the archive secret is wrong (also reported for non-whitelisted IPs).',
    remedy: 'Re-enter the 会话内容存档 Secret and check the trusted IP list.',
  },
  40013: {
    action: 'stop',
    explanation: 'Invalid corpid.',
    remedy: 'Check the corp ID (我的企业 → 企业信息).',
  },
  41001: {
    action: 'stop',
    explanation: 'Access token missing (often an IP whitelist problem).',
    remedy: 'Check the trusted IP list and the archive secret.',
  },
  45009: { action: 'retry', explanation: 'API frequency limit reached.', remedy: 'Retrying after a delay.' },
  45033: {
    action: 'retry',
    explanation: 'Concurrent call limit reached.',
    remedy: 'Retrying after a delay.',
  },
  301042: {
    action: 'stop',
    explanation: 'The request IP is not in the whitelist.',
    remedy: 'Add this machine’s egress IP to the trusted IP list, or use a whitelisted proxy.',
  },
  301052: {
    action: 'stop',
    explanation: 'The chat archive service licence has expired.',
    remedy: 'Renew the 会话内容存档 service for this corp.',
  },
  301053: {
    action: 'stop',
    explanation: 'The chat archive service is not enabled for this corp.',
    remedy: 'Enable 会话内容存档 in the admin console.',
  },
  301058: {
    action: 'shrink-limit',
    explanation: 'The pull exceeded the size limit.',
    remedy: 'Halving the batch limit and retrying automatically.',
  },
};

/** A known code's entry, else a stop that names the undocumented code. */
function classified(
  kind: string,
  known: Omit<PullFailureClass, 'kind'> | undefined,
  unknown: Omit<PullFailureClass, 'kind' | 'action'>,
): PullFailureClass {
  return { kind, ...(known ?? { action: 'stop', ...unknown }) };
}

export function classifySdkCode(code: number): PullFailureClass {
  return classified(`sdk-${code}`, SDK_CODES[code], {
    explanation: `The SDK returned the undocumented code ${code}.`,
    remedy: 'Check the SDK library version and the logs.',
  });
}

export function classifyErrcode(errcode: number): PullFailureClass {
  return classified(`errcode-${errcode}`, ERRCODES[errcode], {
    explanation: `WeCom answered errcode ${errcode}.`,
    remedy: 'See the WeCom global error code list (doc 90313).',
  });
}

/** The SDK process died mid-request: restart it and resume from the committed cursor. */
export const HOST_CRASH: PullFailureClass = {
  kind: 'host-crashed',
  action: 'retry',
  explanation: 'The SDK process crashed.',
  remedy: 'Restarted automatically; the pull resumes from the last committed message.',
};

/** A failure thrown by the PullSdk (or anything unexpected) in the pull's terms. */
export function classifyThrown(error: unknown): PullFailureClass {
  if (error instanceof SdkCodeError) return classifySdkCode(error.sdkCode);
  if (error instanceof SdkProcessCrash) return HOST_CRASH;
  if (error instanceof SdkUnavailable) {
    return {
      kind: 'library-unavailable',
      action: 'stop',
      explanation: error.message,
      remedy: 'Check the SDK library path in the corp settings.',
    };
  }
  return {
    kind: 'internal',
    action: 'stop',
    explanation: `Unexpected failure: ${(error as Error).message}`,
    remedy: 'See the logs.',
  };
}
