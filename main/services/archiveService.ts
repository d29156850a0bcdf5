import type {
  AppInfoDto,
  ArchiveError,
  ArchiveEvent,
  CorpDto,
  DecryptResultDto,
  KeyDto,
  MethodName,
  MethodResults,
  ParsedParams,
  Result,
} from '../contract';
import { fail, ok, requestSchemas } from '../contract';
import type { ArchiveService, ArchiveServiceDeps } from './archiveService.types';
import { CorpStore, CorpValidationError, DEFAULT_API_BASE_URL } from './config/corpStore';
import { DemoArchive } from './demo/demoArchive';
import { DirectoryService } from './directory/directoryService';
import { KeyParseError, normalizePrivateKey } from './keys/privateKey';
import { MediaNotAvailableError, MediaService } from './media/mediaService';
import { toDecryptResult } from './pull/decryptBatch';
import { PullOrchestrator } from './pull/pullOrchestrator';
import { SdkCodeError, SdkProcessCrash, SdkUnavailable } from './pull/pullSdk';
import { SdkHostPool } from './sdkHost/sdkHostPool';

export type { ArchiveService, ArchiveServiceDeps } from './archiveService.types';

type Handlers = { [M in MethodName]: (params: ParsedParams<M>) => Promise<MethodResults[M]> };

/** A failure the user can act on, already shaped for the renderer. */
class ArchiveFailure extends Error {
  constructor(readonly error: ArchiveError) {
    super(error.message);
  }
}

/**
 * The shell-agnostic core behind both shells (STYLE.md §8): parses every request with the contract's
 * zod schema, runs it, and answers a result envelope. Secrets enter here and go only to the SDK host.
 */
export function createArchiveService(deps: ArchiveServiceDeps): ArchiveService {
  const corps = new CorpStore(deps.dataDir, deps.secretStore);
  const listeners = new Set<(event: ArchiveEvent) => void>();
  const emit = (event: ArchiveEvent) => {
    for (const listener of listeners) listener(event);
  };
  const hosts = new SdkHostPool({
    launcher: deps.hostLauncher,
    demo: deps.demo,
    credentials: (corpId) => corps.credentials(corpId),
    log: deps.log,
    onCrash: (corpId, crash) => emit({ type: 'host-crashed', corpId, at: Date.now(), ...crash }),
  });
  const media = new MediaService({
    dataDir: deps.dataDir,
    sourceFor: async (corpId) => {
      const corp = await corps.get(corpId);
      if (!corp) throw new SdkUnavailable(`No corp with id ${corpId}.`);
      return hosts.mediaSourceFor(corp);
    },
    emit,
    log: deps.log,
    urlPrefix: deps.mediaUrlPrefix ?? '/media/',
    ...(deps.openPath ? { openPath: deps.openPath } : {}),
  });
  const demo = new DemoArchive(deps.demo, corps, deps.log);
  const directory = new DirectoryService();
  const pulls = new PullOrchestrator({
    corps,
    sdkFor: (corp) => hosts.pullSdkFor(corp),
    emit,
    log: deps.log,
  });
  void demo
    .resume()
    .catch((error: unknown) =>
      deps.log('warn', 'demo emulator did not start', { error: (error as Error).message }),
    );

  const toDto = (corpId: string) => async (): Promise<CorpDto> => {
    const corp = await corps.get(corpId);
    if (!corp) throw new ArchiveFailure({ code: 'not-found', message: `No corp with id ${corpId}.` });
    return corps.toDto(corp);
  };

  const handlers: Handlers = {
    getAppInfo: async (): Promise<AppInfoDto> => ({
      shell: deps.shell,
      version: deps.version,
      secretStorage: { kind: deps.secretStore.kind, location: deps.secretStore.location },
      demoAvailable: demo.available,
      rsaBackend: hosts.rsaBackend,
      dataDir: deps.dataDir,
    }),
    listCorps: async () => Promise.all((await corps.list()).map((corp) => corps.toDto(corp))),
    saveCorp: async (input) => {
      const before = input.id ? await corps.get(input.id) : null;
      const saved = await corps.save({ ...input, apiBaseUrl: input.apiBaseUrl || DEFAULT_API_BASE_URL });
      // New library, proxy or secret: the next pull starts a fresh SDK host with them.
      if (before) await hosts.release(saved.id);
      emit({ type: 'corps-changed' });
      return corps.toDto(saved);
    },
    removeCorp: async ({ corpId }) => {
      pulls.forget(corpId);
      await hosts.release(corpId);
      await corps.remove(corpId);
      emit({ type: 'corps-changed' });
      return null;
    },
    importPrivateKey: async ({ corpId, version, keyText, sample }): Promise<KeyDto> => {
      const corp = await corps.get(corpId);
      if (!corp) throw new ArchiveFailure({ code: 'not-found', message: `No corp with id ${corpId}.` });
      const key = normalizePrivateKey(keyText);
      let verified = false;
      if (sample) {
        if (sample.publickeyVer !== version) {
          throw new ArchiveFailure({
            code: 'invalid-request',
            message: `The sample message is of key version ${sample.publickeyVer}, not ${version}.`,
          });
        }
        const sdk = await hosts.pullSdkFor(corp);
        const [outcome] = await sdk.decryptEnvelopes({ [version]: key.pem }, [sample]);
        const result = toDecryptResult(outcome, sample);
        if (result.status !== 'ok') {
          throw new ArchiveFailure({
            code: 'key-mismatch',
            message: `This key does not decrypt messages of key version ${version}: ${result.failure?.message ?? result.status}.`,
          });
        }
        verified = true;
      }
      const dto = await corps.setKey(corpId, {
        version,
        pem: key.pem,
        fingerprint: key.fingerprint,
        verified,
      });
      deps.log('info', 'private key imported', { corpId, version, fingerprint: key.fingerprint, verified });
      emit({ type: 'corps-changed' });
      return dto;
    },
    removePrivateKey: async ({ corpId, version }) => {
      await corps.removeKey(corpId, version);
      emit({ type: 'corps-changed' });
      return null;
    },
    enableDemo: async () => {
      const corp = await demo.enable();
      emit({ type: 'corps-changed' });
      return toDto(corp.id)();
    },
    startPull: async ({ corpId, cursor }) => pulls.start(corpId, cursor),
    stopPull: async ({ corpId }) => {
      const status = pulls.stop(corpId);
      if (status) return status;
      const corp = await corps.get(corpId);
      if (!corp) throw new ArchiveFailure({ code: 'not-found', message: `No corp with id ${corpId}.` });
      return pulls.statusOf(corp);
    },
    ackBatch: async ({ corpId, batchId, committedSeq }) => {
      pulls.ack(corpId, batchId, committedSeq);
      return null;
    },
    getPullStatuses: () => pulls.statuses(),
    resolveDirectory: async ({ corpId, roomids, robotIds, singlePairs }) => {
      const corp = await corps.get(corpId);
      if (!corp) throw new ArchiveFailure({ code: 'not-found', message: `No corp with id ${corpId}.` });
      const { secret, contactSecret, proxyCredentials } = await corps.credentials(corpId);
      const proxy = corp.proxyUrl ? { url: corp.proxyUrl, credentials: proxyCredentials } : null;
      return directory.resolve(
        { corpid: corp.corpid, apiBaseUrl: corp.apiBaseUrl, secret, contactSecret, proxy },
        { roomids, robotIds, singlePairs },
      );
    },
    decryptEnvelopes: async ({ corpId, envelopes }): Promise<DecryptResultDto[]> => {
      const corp = await corps.get(corpId);
      if (!corp) throw new ArchiveFailure({ code: 'not-found', message: `No corp with id ${corpId}.` });
      const { privateKeys } = await corps.credentials(corpId);
      const sdk = await hosts.pullSdkFor(corp);
      const outcomes = await sdk.decryptEnvelopes(privateKeys, envelopes);
      const results = envelopes.map((envelope, index) => toDecryptResult(outcomes[index], envelope));
      const verified = [
        ...new Set(envelopes.filter((_, i) => results[i]?.status === 'ok').map((e) => e.publickeyVer)),
      ];
      if (verified.length > 0) await corps.markKeysVerified(corpId, verified);
      return results;
    },
    mediaEnqueue: ({ corpId, items, mode }) => media.enqueue(corpId, items, mode),
    mediaQueueControl: async ({ corpId, action }) => media.control(corpId, action),
    getMediaQueueStatus: async ({ corpId }) => media.queue(corpId).status(),
    getMediaStates: ({ corpId, sdkfileids }) => media.states(corpId, sdkfileids),
    getMediaSource: ({ corpId, sdkfileid, purpose, fileName }) =>
      media.source(corpId, sdkfileid, purpose, fileName),
    verifyStoredMedia: ({ corpId }) => media.verifyStored(corpId),
    openMediaExternally: async ({ corpId, sdkfileid, fileName }) => {
      await media.openExternally(corpId, sdkfileid, fileName);
      return null;
    },
  };

  async function handle<M extends MethodName>(method: M, params: unknown): Promise<Result<MethodResults[M]>> {
    const schema = requestSchemas[method];
    if (!schema) return fail({ code: 'invalid-request', message: `Unknown method ${String(method)}.` });
    const parsed = schema.safeParse(params ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return fail({
        code: 'invalid-request',
        message: issue ? `${issue.path.join('.') || 'params'}: ${issue.message}` : 'invalid request',
        ...(issue?.path[0] === undefined ? {} : { field: String(issue.path[0]) }),
      });
    }
    try {
      const handler = handlers[method] as (p: unknown) => Promise<MethodResults[M]>;
      return ok(await handler(parsed.data));
    } catch (error) {
      const archiveError = toArchiveError(error);
      if (archiveError.code === 'internal')
        deps.log('error', `${method} failed`, { error: archiveError.message });
      return fail(archiveError);
    }
  }

  return {
    handle,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    rendererReset: () => pulls.rendererReset(),
    resolveMedia: (token) => media.resolveToken(token),
    async close() {
      pulls.close();
      await media.close();
      await hosts.closeAll();
      await demo.close();
    },
  };
}

/** Maps thrown errors to the contract's codes. Messages are composed by us and carry no secrets. */
function toArchiveError(error: unknown): ArchiveError {
  if (error instanceof ArchiveFailure) return error.error;
  if (error instanceof CorpValidationError)
    return { code: 'corp-invalid', field: error.field, message: error.message };
  if (error instanceof KeyParseError)
    return { code: 'key-invalid', detail: error.problem, message: error.message };
  if (error instanceof SdkUnavailable) return { code: 'library-unavailable', message: error.message };
  if (error instanceof SdkCodeError)
    return { code: 'sdk-error', sdkCode: error.sdkCode, message: error.message };
  if (error instanceof SdkProcessCrash) return { code: 'host-crashed', message: error.message };
  if (error instanceof MediaNotAvailableError) return { code: 'not-found', message: error.message };
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}
