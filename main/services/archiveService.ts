import type {
  AppInfoDto,
  ArchiveError,
  ArchiveEvent,
  CorpDto,
  DecryptResultDto,
  KeyDto,
  LibraryChoiceDto,
  MethodName,
  OpenWithDto,
  MethodResults,
  ParsedParams,
  Result,
} from '../contract';
import { fail, ok, requestSchemas } from '../contract';
import type { ArchiveService, ArchiveServiceDeps, ShellConfirmations } from './archiveService.types';
import { AuditHeadStore } from './config/auditHeadStore';
import {
  CorpStore,
  CorpValidationError,
  DEFAULT_API_BASE_URL,
  LibraryNotConfirmedError,
  SecretRequiredError,
} from './config/corpStore';
import { prepareDataDir } from './config/dataDirHygiene';
import {
  inspectLibrary,
  LibraryConfirmations,
  LibraryTrustError,
  LibraryVerifier,
  type ConfirmedLibrary,
} from './config/libraryTrust';
import { BackupError, BackupService } from './backup/backupService';
import { DATA_KEY_SECRET, DataKeyService } from './dataKey/dataKeyService';
import { DemoArchive } from './demo/demoArchive';
import { AppLock, LockError } from './lock/appLock';
import { EvidenceError, EvidenceService } from './evidence/evidenceService';
import { ExportCancelled } from './evidence/bundleWriter';
import { DirectoryService } from './directory/directoryService';
import { WecomApiClient } from './directory/wecomApiClient';
import { KeyParseError, normalizePrivateKey } from './keys/privateKey';
import { MediaNotAvailableError, MediaService } from './media/mediaService';
import { OpenNonces } from './media/openWithGate';
import { testConnection } from './pull/connectionTest';
import { toDecryptResult } from './pull/decryptBatch';
import { decryptIsolating } from './pull/poisonIsolation';
import { PullOrchestrator } from './pull/pullOrchestrator';
import { SdkCodeError, SdkProcessCrash, SdkUnavailable } from './pull/pullSdk';
import { SdkHostPool } from './sdkHost/sdkHostPool';

export type { ArchiveService, ArchiveServiceDeps } from './archiveService.types';

/**
 * The verbs answered while the app is locked (docs/security.md §9): the lock's own, and the app info
 * the start-up needs. Everything else — the data key included — answers `app-locked`.
 */
const LOCK_EXEMPT_VERBS: ReadonlySet<MethodName> = new Set<MethodName>([
  'getAppInfo',
  'getLockState',
  'lockApp',
  'unlockApp',
]);

type Handlers = { [M in MethodName]: (params: ParsedParams<M>) => Promise<MethodResults[M]> };

/** A failure the user can act on, already shaped for the renderer. */
class ArchiveFailure extends Error {
  constructor(readonly error: ArchiveError) {
    super(error.message);
  }
}

/**
 * The shell-agnostic core behind both shells (docs/style.md §8): parses every request with the contract's
 * zod schema, runs it, and answers a result envelope. Secrets enter here and go only to the SDK host.
 */
export function createArchiveService(deps: ArchiveServiceDeps): ArchiveService {
  const corps = new CorpStore(deps.dataDir, deps.secretStore);
  const auditHead = new AuditHeadStore(deps.dataDir);
  const confirmations: ShellConfirmations = deps.confirmations ?? {
    kind: 'terminal',
    print: (line) => process.stdout.write(`${line}\n`),
  };
  const libraryChoices = new LibraryConfirmations();
  const libraryVerifier = new LibraryVerifier();
  const openNonces = new OpenNonces();
  const listeners = new Set<(event: ArchiveEvent) => void>();
  const lock = new AppLock(deps.dataDir);
  const emit = (event: ArchiveEvent) => {
    // While locked no message leaves main: a batch is dropped (never acknowledged, so it is pulled again).
    if (lock.isLocked() && event.type === 'pull-batch') return;
    for (const listener of listeners) listener(event);
  };
  const hosts = new SdkHostPool({
    launcher: deps.hostLauncher,
    demo: deps.demo,
    credentials: (corpId) => corps.credentials(corpId),
    verifyLibrary: (corp) => libraryVerifier.verify({ ...corp, librarySha256: corp.librarySha256 ?? null }),
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
  const evidence = new EvidenceService({
    dataDir: deps.dataDir,
    secretStore: deps.secretStore,
    media,
    app: { name: 'WeCom Archive Viewer', version: deps.version, shell: deps.shell },
    printer: deps.pdfPrinter ?? null,
    emit,
    log: deps.log,
  });
  const directory = new DirectoryService();
  let dataKey = new DataKeyService(deps.secretStore);
  const backup = new BackupService({
    dataDir: deps.dataDir,
    app: { name: 'WeCom Archive Viewer', version: deps.version, shell: deps.shell },
    signer: evidence.signingKey.asSigner(),
    secretStore: deps.secretStore,
    dataKey: async () => (await dataKey.get()).key,
    adoptDataKey: async (key) => {
      await deps.secretStore.set(DATA_KEY_SECRET, key);
      dataKey = new DataKeyService(deps.secretStore);
    },
    reloadSettings: () => corps.reload(),
    hasCorps: async () => (await corps.list()).length > 0,
    log: deps.log,
  });
  const pulls = new PullOrchestrator({
    corps,
    sdkFor: (corp) => hosts.pullSdkFor(corp),
    emit,
    log: deps.log,
  });
  // Before anything reads or writes the data directory: private mode, no stale secret temp files.
  const ready = prepareDataDir(deps.dataDir).then(async (report) => {
    if (report.previousMode !== null && (report.previousMode & 0o077) !== 0)
      deps.log('warn', 'data directory was readable by others; its mode is now 0700', {
        previousMode: report.previousMode.toString(8),
      });
    if (report.removedTempFiles.length > 0)
      deps.log('info', 'removed temp files left by an interrupted write', { files: report.removedTempFiles });
    await media.removeAllOpenCopies();
  });
  void ready
    .then(() => demo.resume())
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
      // Only main marks the demo and points it at its emulator; the renderer cannot move that URL.
      const apiBaseUrl = before?.isDemo ? before.apiBaseUrl : input.apiBaseUrl || DEFAULT_API_BASE_URL;
      const confirmedLibrary = input.libraryPath ? libraryChoices.take(input.libraryPath) : null;
      let saved;
      try {
        saved = await corps.save(
          { ...input, apiBaseUrl },
          { confirmedLibrary, standinCorpids: await demo.standinCorpids() },
        );
      } catch (error) {
        // A refused save (e.g. the secret was not re-entered) keeps the user's confirmation for the retry.
        if (confirmedLibrary) libraryChoices.confirm(confirmedLibrary);
        throw error;
      }
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
    continueFromOldestRetained: async ({ corpId, committedSeq }) => {
      // After 10010 only a cursor of 0 moves on (docs/wecom-sdk.md §7); the renderer has recorded the gap.
      deps.log('warn', 'pull continues from the oldest retained message; the gap is in the ledger', {
        corpId,
        committedSeq,
      });
      return pulls.start(corpId, '0');
    },
    testConnection: async ({ corpId }) => {
      const corp = await corps.get(corpId);
      if (!corp) throw new ArchiveFailure({ code: 'not-found', message: `No corp with id ${corpId}.` });
      const { secret, proxyCredentials } = await corps.credentials(corpId);
      const report = await testConnection({
        corpId,
        sdk: () => hosts.pullSdkFor(corp),
        chat: { proxy: corp.proxyUrl ?? '', passwd: proxyCredentials ?? '', timeoutSec: corp.timeoutSec },
        token: {
          baseUrl: corp.apiBaseUrl,
          corpid: corp.corpid,
          secret,
          proxy: corp.proxyUrl ? { url: corp.proxyUrl, credentials: proxyCredentials } : null,
        },
        fetchToken: (credentials) => new WecomApiClient().tokens.get(credentials),
      });
      deps.log('info', 'connection test', {
        corpId,
        steps: report.steps.map(({ step, outcome, kind }) => ({ step, outcome, kind })),
      });
      return report;
    },
    showNotification: async ({ title, body }) => {
      if (!deps.notify) return { shown: false };
      deps.notify(title, body);
      return { shown: true };
    },
    recordAuditHead: ({ seq, hash }) => auditHead.record(seq, hash),
    getAuditHead: () => auditHead.read(),
    evidenceBegin: (params) => evidence.begin(params),
    evidenceAppend: (params) => evidence.append(params),
    evidenceFinish: (params) => evidence.finish(params),
    evidenceCancel: ({ exportId }) => evidence.cancel(exportId),
    getEvidenceSigner: () => evidence.signer(),
    verifyEvidence: ({ folder, pinnedFingerprint }) => evidence.verify(folder, pinnedFingerprint),
    getDataKey: () => dataKey.get(),
    backupBegin: (params) => backup.begin(params),
    backupAppend: (params) => backup.append(params),
    backupMedia: ({ backupId }) => backup.media(backupId),
    backupFinish: ({ backupId }) => backup.finish(backupId),
    backupCancel: ({ backupId }) => backup.cancel(backupId),
    restoreOpen: ({ folder, passphrase, schemaVersion }) =>
      backup.restoreOpen(folder, passphrase, schemaVersion),
    restoreBegin: ({ restoreId, replace }) => backup.restoreBegin(restoreId, replace),
    restoreRead: ({ restoreId, table, offset }) => backup.restoreRead(restoreId, table, offset),
    restoreMedia: ({ restoreId }) => backup.restoreMedia(restoreId),
    restoreFinish: ({ restoreId }) => backup.restoreFinish(restoreId),
    restoreCancel: async ({ restoreId }) => backup.restoreCancel(restoreId),
    getDataFolderUsage: () => backup.usage(),
    getLockState: () => lock.state(),
    configureLock: async ({ current, passphrase, idleMinutes }) => {
      const state = await lock.configure({ current, passphrase, idleMinutes });
      deps.log('info', 'app lock configured', { idleMinutes });
      return state;
    },
    removeLock: async ({ current }) => {
      const state = await lock.remove(current);
      deps.log('info', 'app lock turned off');
      return state;
    },
    lockApp: async () => {
      const state = await lock.lock();
      // Running pulls lose their consumer: nothing more is sent until the next startPull after unlock.
      pulls.rendererReset();
      deps.log('info', 'app locked');
      return state;
    },
    unlockApp: async ({ passphrase }) => {
      const state = await lock.unlock(passphrase);
      deps.log('info', 'app unlocked');
      return state;
    },
    resolveDirectory: async ({ corpId, roomids, robotIds, singlePairs, externalUserids }) => {
      const corp = await corps.get(corpId);
      if (!corp) throw new ArchiveFailure({ code: 'not-found', message: `No corp with id ${corpId}.` });
      const { secret, contactSecret, proxyCredentials } = await corps.credentials(corpId);
      const proxy = corp.proxyUrl ? { url: corp.proxyUrl, credentials: proxyCredentials } : null;
      return directory.resolve(
        { corpid: corp.corpid, apiBaseUrl: corp.apiBaseUrl, secret, contactSecret, proxy },
        { roomids, robotIds, singlePairs, externalUserids },
      );
    },
    decryptEnvelopes: async ({ corpId, envelopes }): Promise<DecryptResultDto[]> => {
      const corp = await corps.get(corpId);
      if (!corp) throw new ArchiveFailure({ code: 'not-found', message: `No corp with id ${corpId}.` });
      const { privateKeys } = await corps.credentials(corpId);
      const sdk = await hosts.pullSdkFor(corp);
      // A message on which the host dies comes back as sdk-crash; the rest of the chunk is decrypted.
      const outcomes = await decryptIsolating(sdk, privateKeys, envelopes, {
        onCrash: (requestSize) =>
          deps.log('warn', 'SDK host died re-decrypting; bisecting', { corpId, requestSize }),
      });
      // No oracle: failures reach the renderer undifferentiated; the detail goes to the local log only.
      const results = envelopes.map((envelope, index) =>
        toDecryptResult(outcomes[index], envelope, (message, fields) =>
          deps.log('warn', `re-decryption: ${message}`, { corpId, ...fields }),
        ),
      );
      const verified = [
        ...new Set(envelopes.filter((_, i) => results[i]?.status === 'ok').map((e) => e.publickeyVer)),
      ];
      if (verified.length > 0) await corps.markKeysVerified(corpId, verified);
      return results;
    },
    chooseLibrary: async ({ libraryPath }): Promise<LibraryChoiceDto> => {
      if (confirmations.kind === 'native') {
        const file = await confirmations.chooseLibraryFile(libraryPath);
        if (!file) return { state: 'cancelled' };
        const library = await inspectLibrary(file);
        if (!(await confirmations.confirmLibrary(library))) return { state: 'cancelled' };
        deps.log('info', 'SDK library confirmed', { ...library });
        return { state: 'confirmed', ...libraryChoices.confirm(library) };
      }
      if (!libraryPath) {
        throw new ArchiveFailure({
          code: 'invalid-request',
          field: 'libraryPath',
          message: 'Type the absolute path of libWeWorkFinanceSdk_C.so first.',
        });
      }
      const library = await inspectLibrary(libraryPath);
      const { challengeId, code } = libraryChoices.issueCode(library);
      printLibraryCode(confirmations.print, library, code);
      return { state: 'code-required', challengeId, ...library };
    },
    confirmLibraryCode: async ({ challengeId, code }): Promise<LibraryChoiceDto> => {
      const library = libraryChoices.redeemCode(challengeId, code);
      deps.log('info', 'SDK library confirmed with the terminal code', { ...library });
      return { state: 'confirmed', ...library };
    },
    mediaEnqueue: ({ corpId, items, mode }) => media.enqueue(corpId, items, mode),
    mediaQueueControl: async ({ corpId, action }) => media.control(corpId, action),
    getMediaQueueStatus: async ({ corpId }) => media.queue(corpId).status(),
    getMediaStates: ({ corpId, sdkfileids }) => media.states(corpId, sdkfileids),
    getMediaSource: ({ corpId, sdkfileid, purpose, fileName }) =>
      media.source(corpId, sdkfileid, purpose, fileName),
    verifyStoredMedia: ({ corpId }) => media.verifyStored(corpId),
    openMediaExternally: async ({ corpId, sdkfileid, fileName }): Promise<OpenWithDto> => {
      const described = await media.describeForOpen(corpId, sdkfileid, fileName);
      if (confirmations.kind === 'native') {
        if (!(await confirmations.confirmOpen(described))) return { state: 'cancelled' };
        await media.openExternally(corpId, sdkfileid, fileName);
        return { state: 'opened', displayName: described.displayName };
      }
      const { nonce, expiresAt } = openNonces.issue({ corpId, sdkfileid, fileName, ...described });
      return { state: 'confirm-required', nonce, expiresAt, ...described };
    },
    confirmOpenMedia: async ({ nonce, allowDangerous }): Promise<OpenWithDto> => {
      const pending = openNonces.take(nonce);
      if (!pending) {
        throw new ArchiveFailure({
          code: 'confirmation-invalid',
          detail: 'expired',
          message: 'This confirmation is unknown, used or expired; choose “Open with” again.',
        });
      }
      if (pending.dangerous && !allowDangerous) {
        throw new ArchiveFailure({
          code: 'open-refused-type',
          detail: pending.fileType,
          message: `A file of type “${pending.fileType}” can run code; it was not opened without the second confirmation.`,
        });
      }
      await media.openExternally(pending.corpId, pending.sdkfileid, pending.fileName);
      deps.log('info', 'file opened with the system application', {
        corpId: pending.corpId,
        fileType: pending.fileType,
        dangerous: pending.dangerous,
      });
      return { state: 'opened', displayName: pending.displayName };
    },
  };

  async function handle<M extends MethodName>(method: M, params: unknown): Promise<Result<MethodResults[M]>> {
    const schema = requestSchemas[method];
    if (!schema) return fail({ code: 'invalid-request', message: `Unknown method ${String(method)}.` });
    // The lock comes first: while locked, a data verb is refused before its arguments are even read.
    await lock.ready();
    if (lock.isLocked() && !LOCK_EXEMPT_VERBS.has(method))
      return fail({ code: 'app-locked', message: 'The app is locked; unlock it first.' });
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
      await ready.catch(() => undefined);
      const handler = handlers[method] as (p: unknown) => Promise<MethodResults[M]>;
      return ok(await handler(parsed.data));
    } catch (error) {
      const archiveError = toArchiveError(error);
      // The exception's own text goes to the local log only; the renderer gets the stable code.
      if (archiveError.code === 'internal')
        deps.log('error', `${method} failed`, {
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        });
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
    resolveMedia: async (token) => (lock.isLocked() ? null : media.resolveToken(token)),
    async close() {
      await evidence.close();
      await backup.close();
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
    return {
      code: 'corp-invalid',
      field: error.field,
      message: error.message,
      ...(error.detail ? { detail: error.detail } : {}),
    };
  if (error instanceof SecretRequiredError)
    return { code: 'secret-required', field: error.field, message: error.message };
  if (error instanceof LibraryNotConfirmedError)
    return { code: 'library-unconfirmed', field: 'libraryPath', message: error.message };
  if (error instanceof LibraryTrustError)
    return { code: error.code, message: error.message, ...(error.detail ? { detail: error.detail } : {}) };
  if (error instanceof KeyParseError)
    return { code: 'key-invalid', detail: error.problem, message: error.message };
  if (error instanceof SdkUnavailable) return { code: 'library-unavailable', message: error.message };
  if (error instanceof SdkCodeError)
    return { code: 'sdk-error', sdkCode: error.sdkCode, message: error.message };
  if (error instanceof SdkProcessCrash) return { code: 'host-crashed', message: error.message };
  if (error instanceof MediaNotAvailableError) return { code: 'not-found', message: error.message };
  if (error instanceof LockError)
    return { code: 'lock-refused', detail: error.problem, message: error.message };
  if (error instanceof EvidenceError) return { code: error.code, message: error.message };
  if (error instanceof BackupError)
    return { code: error.code, message: error.message, ...(error.detail ? { detail: error.detail } : {}) };
  if (error instanceof ExportCancelled) return { code: 'not-found', message: error.message };
  return { code: 'internal', message: 'An internal error occurred; the details are in the local log.' };
}

/** The browser shell's library confirmation, in its own terminal (both languages: the UI's is unknown here). */
function printLibraryCode(print: (line: string) => void, library: ConfirmedLibrary, code: string): void {
  print('');
  print('Confirm the WeCom SDK library / 确认企业微信 SDK 库');
  print(`  Path / 路径:      ${library.libraryPath}`);
  print(`  SHA-256:          ${library.sha256}`);
  print(`  Code / 确认码:    ${code.slice(0, 5)}-${code.slice(5)}`);
  print('  Type the code in the app only if you chose this file (valid 10 minutes).');
  print('  仅当这是您选择的文件时，才在应用中输入此确认码（10 分钟内有效）。');
  print('');
}
