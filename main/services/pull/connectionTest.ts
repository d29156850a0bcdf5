import type { ConnectionStepDto, ConnectionStepName, ConnectionTestDto } from '../../contract';
import { parseChatDataPage } from '../archive/chatDataEnvelope';
import type { TokenCredentials } from '../directory/accessTokens';
import { WecomApiError } from '../directory/wecomApiClient';
import { classifyErrcode, classifySdkCode, HOST_CRASH } from './errorClassification';
import { SdkCodeError, SdkProcessCrash, SdkUnavailable, type PullSdk } from './pullSdk';

/**
 * Settings → Test connection (docs/wecom-sdk.md §1.3, §2, §6.1): the three things a first pull and the
 * name look-ups depend on, each tried once with the stored settings and explained on its own.
 * `Init` only stores the credentials, so the GetChatData call with limit 1 from cursor 0 is the first
 * check of the secret, the trusted IP list and the proxy; gettoken checks the secret against the HTTP
 * APIs. Nothing here is stored, nothing moves a cursor, and no secret or token reaches a message.
 */
export interface ConnectionTestDeps {
  corpId: string;
  /** Starts (or reuses) the corp's SDK host: dlopen + Init. */
  sdk: () => Promise<PullSdk>;
  chat: { proxy: string; passwd: string; timeoutSec: number };
  token: TokenCredentials;
  /** One gettoken, never from a cache. */
  fetchToken: (credentials: TokenCredentials) => Promise<unknown>;
  now?: () => number;
}

interface Failure {
  kind: string;
  message: string;
}

function sdkFailure(error: unknown): Failure {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof SdkCodeError) return { kind: classifySdkCode(error.sdkCode).kind, message };
  if (error instanceof SdkProcessCrash) return { kind: HOST_CRASH.kind, message };
  if (error instanceof SdkUnavailable) return { kind: 'library-unavailable', message };
  return { kind: 'internal', message };
}

function tokenFailure(error: unknown): Failure {
  if (error instanceof WecomApiError)
    return { kind: `token-errcode-${error.errcode}`, message: error.message };
  return { kind: 'token-network', message: error instanceof Error ? error.message : String(error) };
}

export async function testConnection(deps: ConnectionTestDeps): Promise<ConnectionTestDto> {
  const now = deps.now ?? Date.now;
  const steps: ConnectionStepDto[] = [];
  const run = async (step: ConnectionStepName, attempt: () => Promise<Failure | null>): Promise<boolean> => {
    const started = now();
    const failure = await attempt();
    steps.push({
      step,
      outcome: failure ? 'failed' : 'ok',
      kind: failure?.kind ?? null,
      message: failure?.message ?? '',
      durationMs: Math.max(0, now() - started),
    });
    return failure === null;
  };
  const skip = (step: ConnectionStepName) =>
    steps.push({
      step,
      outcome: 'skipped',
      kind: null,
      message: 'skipped: the SDK did not start',
      durationMs: 0,
    });

  let sdk: PullSdk | null = null;
  const initialised = await run('init', async () => {
    try {
      sdk = await deps.sdk();
      return null;
    } catch (error) {
      return sdkFailure(error);
    }
  });
  if (initialised && sdk) {
    const started: PullSdk = sdk;
    await run('chat-data', async () => {
      try {
        const raw = await started.getChatData({ seq: '0', limit: 1, ...deps.chat });
        const page = parseChatDataPage(raw);
        if (page.ok) return null;
        if ('errcode' in page) return { kind: classifyErrcode(page.errcode).kind, message: page.errmsg };
        return { kind: 'malformed-response', message: page.malformed };
      } catch (error) {
        return sdkFailure(error);
      }
    });
  } else {
    skip('chat-data');
  }
  await run('access-token', async () => {
    try {
      await deps.fetchToken(deps.token);
      return null;
    } catch (error) {
      return tokenFailure(error);
    }
  });
  return { corpId: deps.corpId, at: now(), steps };
}
