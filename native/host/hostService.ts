import { availableParallelism } from 'node:os';
import path from 'node:path';
import { ChunkBuffers } from '../bindings/chunkBuffers';
import { loadFinanceSdk, type FinanceSdk } from '../bindings/financeSdk';
import { createRandomKeyDecryptor, RsaDecryptError, type RandomKeyDecryptor } from '../bindings/rsa';
import { HandlePool } from '../bindings/sdkHandlePool';
import { SdkCallError, SdkLoadError } from '../bindings/sdkErrors';
import { parseU64Decimal } from '../../main/common/seq/seq';
import { createMediaDigester } from '../bindings/mediaDigest';
import { diskGateFromEnv, MediaFileWriter, SdkFileError } from './mediaFileWriter';
import { PrefetchingChunkSource } from './chunkPrefetch';
import {
  checkRequestParams,
  type DecryptEnvelopesParams,
  type EnvelopeDecryptResult,
  type EnvelopeInput,
  type HostError,
  type HostLogLevel,
  type HostMethod,
  type HostParams,
  type HostRequest,
  type HostResponse,
  type HostResult,
  type LoadResult,
  type PulledMessage,
  type PullPageParams,
  type PullPageResult,
} from './protocol';
import { parseChatDataPage } from './chatDataPage';

/** A failure with its protocol shape, thrown inside handlers and turned into an error response. */
class HostFailure extends Error {
  constructor(readonly error: HostError) {
    super(error.message);
  }
}

type Handlers = { [M in HostMethod]: (params: HostParams<M>) => Promise<HostResult<M>> | HostResult<M> };

/**
 * The SDK host's request handlers, independent of the transport (Electron parentPort or Node IPC).
 * One library and one corp per host; `init` again replaces the handles (old ones destroyed once idle).
 */
export class SdkHostService {
  private sdk: FinanceSdk | null = null;
  private rsa: RandomKeyDecryptor | null = null;
  private rsaProblem = 'the library is not loaded yet';
  private pool: HandlePool | null = null;
  private shuttingDown = false;
  /** Each chunk's next one is fetched while it is written (chunkPrefetch.ts). */
  private readonly chunkBuffers = new ChunkBuffers();
  private readonly chunks = new PrefetchingChunkSource({
    // Copied into buffers the writer gives back once a chunk is hashed and written (chunkBuffers.ts).
    fetch: (params) => this.requirePool().getMediaChunk(params, (length) => this.chunkBuffers.take(length)),
    compare: (params, expected) => this.requirePool().compareMediaChunk(params, expected),
    release: (data) => this.chunkBuffers.give(data),
  });
  private readonly mediaFiles = new MediaFileWriter(
    this.chunks,
    () => {
      const digester = createMediaDigester();
      this.log('info', `media digests: ${digester.backend}`);
      return digester;
    },
    diskGateFromEnv(process.env),
  );
  /** RSA calls in flight per decryptEnvelopes batch; koffi rejects async calls beyond max_async_calls (256). */
  // Two RSA calls in flight per core keep libcrypto's async worker threads busy between event-loop turns.
  private readonly rsaConcurrency = Math.max(2, Math.min(16, 2 * availableParallelism()));

  constructor(private readonly log: (level: HostLogLevel, message: string) => void) {}

  private readonly handlers: Handlers = {
    load: (params) => this.load(params),
    init: (params) => {
      const sdk = this.requireSdk();
      const previous = this.pool;
      this.pool = new HandlePool(sdk, params);
      // Chunks fetched ahead on the old handles (maybe for another corp's secret) are not answers.
      this.chunks.clear();
      // Old handles may still have calls queued; they are destroyed once idle, never under a call.
      if (previous) void previous.destroy();
      this.log('info', `initialised ${this.pool.size} SDK handles for corp ${params.corpid}`);
      return { handles: this.pool.size };
    },
    getChatData: async (params) => {
      const seq = parseU64Decimal(params.seq);
      if (seq === null) throw badRequest('seq must be a u64 decimal string');
      const raw = await this.requirePool().getChatData({
        seq,
        limit: params.limit,
        proxy: params.proxy,
        passwd: params.passwd,
        timeout: params.timeout,
      });
      return { raw };
    },
    decryptData: (params) => {
      const outcome = this.requireSdk().decryptData(params.encryptKey, params.encryptMsg);
      if (!outcome.ok) throw new SdkCallError('DecryptData', outcome.sdkCode);
      return outcome.plaintextBase64 === undefined
        ? { plaintext: outcome.plaintext }
        : { plaintext: outcome.plaintext, plaintextBase64: outcome.plaintextBase64 };
    },
    getMediaChunk: async (params) => {
      const chunk = await this.requirePool().getMediaChunk(params);
      return { data: chunk.data, outIndexBuf: chunk.outIndexBuf, isFinish: chunk.isFinish };
    },
    mediaChunkToFile: (params) => this.mediaFiles.chunkToFile(params),
    decryptRandomKey: async (params) => ({
      randomKey: await this.requireRsa().decryptAsync(params.privateKeyPem, params.encryptRandomKey),
    }),
    decryptEnvelopes: async (params) => ({
      results: await this.decryptEnvelopes(params.privateKeys, params.envelopes),
    }),
    pullPage: (params) => this.pullPage(params),
    stats: () => {
      const memory = process.memoryUsage();
      return {
        pid: process.pid,
        rss: memory.rss,
        heapUsed: memory.heapUsed,
        calls: this.sdk ? { ...this.sdk.calls } : {},
        openSlices: this.sdk?.openSlices ?? 0,
        openMediaData: this.sdk?.openMediaData ?? 0,
        handles: this.pool?.size ?? 0,
        rsaBackend: this.rsa?.backend ?? null,
      };
    },
    shutdown: async () => {
      this.shuttingDown = true;
      const pool = this.pool;
      this.pool = null;
      this.chunks.clear();
      await pool?.destroy();
      await this.mediaFiles.close();
      this.rsa?.dispose();
      this.rsa = null;
      return {};
    },
  };

  async handle(request: HostRequest): Promise<HostResponse> {
    try {
      if (this.shuttingDown) {
        throw new HostFailure({ code: 'shutting-down', message: 'the SDK host is shutting down' });
      }
      const problem = checkRequestParams(
        request.method,
        request.params as unknown as Record<string, unknown>,
      );
      if (problem) throw badRequest(`${request.method}: ${problem}`);
      const handler = this.handlers[request.method] as (params: unknown) => unknown;
      const result = (await handler(request.params)) as HostResult<HostMethod>;
      return { id: request.id, ok: true, result };
    } catch (error) {
      const hostError = toHostError(error);
      if (hostError.code === 'internal') this.log('error', `${request.method} failed: ${hostError.message}`);
      return { id: request.id, ok: false, error: hostError };
    }
  }

  private load(params: HostParams<'load'>): LoadResult {
    if (this.sdk) {
      if (this.sdk.libraryPath === path.resolve(params.libraryPath)) return this.loadResult(this.sdk);
      // dlclose of a library with static OpenSSL/curl and live threads is unsafe: start a new host instead.
      throw badRequest(`another SDK library is already loaded (${this.sdk.libraryPath}); restart the host`);
    }
    const sdk = loadFinanceSdk(
      params.libraryPath,
      params.deepBind === undefined ? {} : { deepBind: params.deepBind },
    );
    this.sdk = sdk;
    try {
      this.rsa = createRandomKeyDecryptor(params.rsaBackend ?? 'auto');
    } catch (error) {
      this.rsaProblem = error instanceof Error ? error.message : String(error);
      this.log('error', `no RSA backend: ${this.rsaProblem}`);
    }
    this.log('info', `loaded ${sdk.libraryPath}; RSA backend ${this.rsa?.backend ?? 'none'}`);
    return this.loadResult(sdk);
  }

  private loadResult(sdk: FinanceSdk): LoadResult {
    return {
      libraryPath: sdk.libraryPath,
      symbols: [...sdk.symbols],
      rsa: this.rsa
        ? { backend: this.rsa.backend, description: this.rsa.description }
        : { backend: null, problem: this.rsaProblem },
    };
  }

  /**
   * GetChatData → parse → decrypt, one request per page (docs/wecom-sdk.md §3.1–§3.2). A malformed
   * item is returned apart and the rest of the page is decrypted; the ciphertexts come back only for
   * messages that were not decrypted.
   */
  private async pullPage(params: PullPageParams): Promise<PullPageResult> {
    const seq = parseU64Decimal(params.seq);
    if (seq === null) throw badRequest('seq must be a u64 decimal string');
    const { text, invalidUtf8Base64 } = await this.requirePool().getChatDataText({
      seq,
      limit: params.limit,
      proxy: params.proxy,
      passwd: params.passwd,
      timeout: params.timeout,
    });
    const page = parseChatDataPage(text);
    if (!page.ok) {
      return 'errcode' in page
        ? { kind: 'errcode', errcode: page.errcode, errmsg: page.errmsg }
        : { kind: 'malformed-page', problem: page.malformed };
    }
    const results = await this.decryptEnvelopes(params.privateKeys, page.envelopes);
    const messages = page.envelopes.map((envelope, index): PulledMessage => {
      const result = results[index] as EnvelopeDecryptResult;
      const message: PulledMessage = {
        seq: envelope.seq,
        msgid: envelope.msgid,
        publickeyVer: envelope.publickeyVer,
        result,
      };
      if (result.status !== 'ok') {
        message.envelope = {
          encryptRandomKey: envelope.encryptRandomKey,
          encryptChatMsg: envelope.encryptChatMsg,
        };
      }
      return message;
    });
    if (page.malformed.length > 0)
      this.log('warn', `pullPage: ${page.malformed.length} malformed chatdata item(s) kept raw`);
    return {
      kind: 'page',
      items: page.items,
      messages,
      malformed: page.malformed,
      invalidUtf8: invalidUtf8Base64 !== undefined,
    };
  }

  /** docs/wecom-sdk.md §3.2 per envelope: key by publickey_ver → RSA → DecryptData; failures are per envelope. */
  private async decryptEnvelopes(
    privateKeys: DecryptEnvelopesParams['privateKeys'],
    envelopes: readonly EnvelopeInput[],
  ): Promise<EnvelopeDecryptResult[]> {
    const sdk = this.requireSdk();
    const rsa = this.rsa;
    const decryptOne = async (envelope: EnvelopeInput): Promise<EnvelopeDecryptResult> => {
      const pem = privateKeys[envelope.publickeyVer];
      if (pem === undefined) {
        return { msgid: envelope.msgid, status: 'missing-key', publickeyVer: envelope.publickeyVer };
      }
      if (!rsa) {
        return {
          msgid: envelope.msgid,
          status: 'rsa-failed',
          reason: 'decrypt-failed',
          message: this.rsaProblem,
        };
      }
      let randomKey: string;
      try {
        randomKey = await rsa.decryptAsync(pem, envelope.encryptRandomKey);
      } catch (error) {
        if (!(error instanceof RsaDecryptError)) throw error;
        return {
          msgid: envelope.msgid,
          status: 'rsa-failed',
          reason: error.reason,
          message: `publickey_ver ${envelope.publickeyVer}: ${error.message}`,
        };
      }
      const outcome = sdk.decryptData(randomKey, envelope.encryptChatMsg);
      if (!outcome.ok) {
        return {
          msgid: envelope.msgid,
          status: 'decrypt-failed',
          sdkCode: outcome.sdkCode,
          message: new SdkCallError('DecryptData', outcome.sdkCode).message,
        };
      }
      return outcome.plaintextBase64 === undefined
        ? { msgid: envelope.msgid, status: 'ok', plaintext: outcome.plaintext }
        : {
            msgid: envelope.msgid,
            status: 'ok',
            plaintext: outcome.plaintext,
            plaintextBase64: outcome.plaintextBase64,
          };
    };
    return mapWithConcurrency(envelopes, this.rsaConcurrency, decryptOne);
  }

  private requireSdk(): FinanceSdk {
    if (!this.sdk) throw new HostFailure({ code: 'not-loaded', message: 'load the SDK library first' });
    return this.sdk;
  }

  private requirePool(): HandlePool {
    this.requireSdk();
    if (!this.pool)
      throw new HostFailure({ code: 'not-initialized', message: 'call init (corpid, secret) first' });
    return this.pool;
  }

  private requireRsa(): RandomKeyDecryptor {
    this.requireSdk();
    if (!this.rsa)
      throw new HostFailure({ code: 'rsa-failed', message: this.rsaProblem, rsaReason: 'decrypt-failed' });
    return this.rsa;
  }
}

function badRequest(message: string): HostFailure {
  return new HostFailure({ code: 'bad-request', message });
}

function toHostError(error: unknown): HostError {
  if (error instanceof HostFailure) return error.error;
  if (error instanceof SdkLoadError) {
    return {
      code: 'load-failed',
      message: error.message,
      loadKind: error.kind,
      ...(error.missingSymbols.length > 0 ? { missingSymbols: [...error.missingSymbols] } : {}),
    };
  }
  if (error instanceof SdkCallError)
    return { code: 'sdk-error', message: error.message, sdkCode: error.sdkCode };
  if (error instanceof RsaDecryptError)
    return { code: 'rsa-failed', message: error.message, rsaReason: error.reason };
  if (error instanceof SdkFileError)
    return { code: 'file-failed', message: error.message, ...(error.errno ? { errno: error.errno } : {}) };
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

/** Runs `fn` over `items` with at most `limit` promises pending; results keep input order. */
async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
