/**
 * The seq-numbered request/response protocol between the main process and the SDK host process
 * (docs/style.md §4). Pure TypeScript: no node or electron imports, so main, the host and tests share it.
 *
 * main → host: `HostRequest` (`id` increases per request). host → main: `HostResponse` with the same
 * `id`, or a `HostEvent`. Secrets (the archive secret, private keys) travel only main → host; no
 * response, error or log event ever echoes them.
 */

import { parseU64Decimal } from '../../main/common/seq/seq';

export const HOST_PROTOCOL_VERSION = 1;

export type SdkLoadErrorKind =
  'missing-file' | 'not-elf' | 'wrong-arch' | 'dlopen-failed' | 'missing-exports';
export type RsaBackendName = 'node-crypto' | 'libcrypto';
export type RsaBackendPreference = 'auto' | RsaBackendName;
export type RsaFailureReason = 'bad-private-key' | 'bad-ciphertext' | 'decrypt-failed' | 'invalid-random-key';

export interface LoadParams {
  /** Absolute path of libWeWorkFinanceSdk_C.so (vendor or stand-in). */
  libraryPath: string;
  /** RTLD_DEEPBIND for the SDK library; default true (docs/wecom-sdk.md §1.5). */
  deepBind?: boolean;
  rsaBackend?: RsaBackendPreference;
}

export interface LoadResult {
  libraryPath: string;
  /** The 17 resolved exports. */
  symbols: string[];
  rsa: { backend: RsaBackendName; description: string } | { backend: null; problem: string };
}

export interface InitParams {
  corpid: string;
  /** 会话内容存档 Secret. Never echoed. */
  secret: string;
  /** Media handles beside the chat handle (default 2, at most 8). */
  mediaHandles?: number;
}

export interface InitResult {
  handles: number;
}

export interface GetChatDataParams {
  /** Exclusive cursor, u64 as a decimal string (exact beyond 2^53; docs/wecom-sdk.md §1.6). */
  seq: string;
  /** 1..1000; other values are passed through and the SDK answers 10000. */
  limit: number;
  proxy: string;
  passwd: string;
  /** Seconds. */
  timeout: number;
}

export interface GetChatDataResult {
  /** The JSON text exactly as the SDK returned it (may carry a non-zero errcode, docs/wecom-sdk.md §1.3). */
  raw: string;
}

export interface DecryptDataParams {
  /** The RSA-decrypted random key. */
  encryptKey: string;
  encryptMsg: string;
}

export interface DecryptDataResult {
  plaintext: string;
  /** The exact bytes, base64, present only when DecryptData's output is not valid UTF-8. */
  plaintextBase64?: string;
}

export interface GetMediaChunkParams {
  sdkfileid: string;
  /** "" first, then the previous `outIndexBuf` verbatim (docs/wecom-sdk.md §5). */
  indexbuf: string;
  proxy: string;
  passwd: string;
  timeout: number;
}

export interface GetMediaChunkResult {
  data: Uint8Array;
  outIndexBuf: string;
  isFinish: boolean;
}

export interface MediaChunkToFileParams extends GetMediaChunkParams {
  /** Absolute path of the download's part file (main's media folder); the chunk is written at `offset`. */
  file: string;
  /** Bytes of `file` that are already good; anything after them is replaced by this chunk. */
  offset: number;
  /**
   * The message's md5 and size name a file that is stored already (`size` bytes at `offset` of
   * `file`): compare instead of store. Each chunk is compared byte for byte with the stored bytes at
   * the same place and nothing is written; the first difference, or the last chunk, answers whether
   * the bytes are that file (`known`) or not (`different`).
   */
  compareWith?: { file: string; offset: number; size: number };
  /**
   * A file that turns out to be a single chunk (most images, voice and stickers) is appended to this
   * pack file instead of becoming a part file of its own — unless its md5/size are not the expected
   * ones (`keepOnlyIf`, while another whole download can be tried).
   */
  pack?: {
    file: string;
    keepOnlyIf?: { md5: string; size: number | null };
  };
}

/**
 * One chunk written straight to disk in the host: the bytes never cross to main. The host hashes the
 * file as it grows (re-reading the first `offset` bytes when it has no running hash, e.g. after a
 * restart) and reports the digests with the last chunk; a compared file reports none (its digests
 * are the stored file's).
 */
export interface MediaChunkToFileResult {
  /** Length of this chunk. */
  bytes: number;
  outIndexBuf: string;
  isFinish: boolean;
  /** The first bytes of the file (≤ 64, for type sniffing), with the chunk at offset 0 (not compared). */
  head?: Uint8Array;
  /** With the last chunk: MD5 and SHA-256 of the whole file, lowercase hex. */
  md5?: string;
  sha256?: string;
  /**
   * Absent: the chunk is in `file`. Otherwise where the file went: appended at `offset` of the pack
   * (a single-chunk file), or nowhere — `known`: the bytes are those of `compareWith`; `different`:
   * they are not (or the stored file cannot be read); `unexpected`: a single-chunk file with another
   * md5/size than `pack.keepOnlyIf`.
   */
  stored?: { kind: 'pack'; offset: number } | { kind: 'none'; reason: 'known' | 'different' | 'unexpected' };
}

export interface DecryptRandomKeyParams {
  privateKeyPem: string;
  encryptRandomKey: string;
}

export interface DecryptRandomKeyResult {
  randomKey: string;
}

/** The five envelope fields of GetChatData (docs/wecom-sdk.md §3.1), camel-cased; matches the contract's EnvelopeDto. */
export interface EnvelopeInput {
  msgid: string;
  publickeyVer: number;
  encryptRandomKey: string;
  encryptChatMsg: string;
}

export interface DecryptEnvelopesParams {
  /** PEM private key per publickey_ver (PKCS#1 or PKCS#8). Never echoed. */
  privateKeys: Readonly<Record<number, string>>;
  envelopes: readonly EnvelopeInput[];
}

/** Per envelope, in request order. */
export type EnvelopeDecryptResult =
  /** `plaintextBase64`: the exact bytes, present only when they are not valid UTF-8. */
  | { msgid: string; status: 'ok'; plaintext: string; plaintextBase64?: string }
  | { msgid: string; status: 'missing-key'; publickeyVer: number }
  | { msgid: string; status: 'rsa-failed'; reason: RsaFailureReason; message: string }
  | { msgid: string; status: 'decrypt-failed'; sdkCode: number; message: string };

export interface DecryptEnvelopesResult {
  results: EnvelopeDecryptResult[];
}

/**
 * One page in one request: GetChatData, the envelopes parsed, RSA + DecryptData per envelope — so the
 * envelopes do not travel host → main → host. The cursor stays main's: the host keeps no state.
 */
export interface PullPageParams extends GetChatDataParams {
  /** PEM private key per publickey_ver (PKCS#1 or PKCS#8). Never echoed. */
  privateKeys: Readonly<Record<number, string>>;
}

/**
 * A message of the page with its outcome. The envelope's two ciphertexts come back only when the
 * message was not decrypted (main keeps them for a later retry); a decrypted message does not carry them.
 */
export interface PulledMessage {
  seq: string;
  msgid: string;
  publickeyVer: number;
  result: EnvelopeDecryptResult;
  envelope?: { encryptRandomKey: string; encryptChatMsg: string };
}

/** A chatdata item that is not a valid envelope (see native/host/chatDataPage.ts). */
export interface MalformedEnvelopeItem {
  index: number;
  seq: string | null;
  msgid: string;
  raw: string;
  problem: string;
}

export type PullPageResult =
  | {
      kind: 'page';
      /** Items in chatdata, valid or not: a page shorter than `limit` is the last one. */
      items: number;
      messages: PulledMessage[];
      malformed: MalformedEnvelopeItem[];
      /** GetChatData's text was not valid UTF-8 (its items were read from the lenient decoding). */
      invalidUtf8: boolean;
    }
  /** GetChatData returned 0 with a non-zero errcode (docs/wecom-sdk.md §2.2). */
  | { kind: 'errcode'; errcode: number; errmsg: string }
  /** Not JSON, not an object, or chatdata not an array. */
  | { kind: 'malformed-page'; problem: string };

export interface StatsResult {
  pid: number;
  rss: number;
  heapUsed: number;
  /** Calls per SDK export since load. */
  calls: Record<string, number>;
  /** Slices / MediaData allocated and not freed; 0 when idle. */
  openSlices: number;
  openMediaData: number;
  handles: number;
  rsaBackend: RsaBackendName | null;
}

type NoParams = Record<string, never>;

/** method → params/result. */
export interface HostMethods {
  load: { params: LoadParams; result: LoadResult };
  init: { params: InitParams; result: InitResult };
  getChatData: { params: GetChatDataParams; result: GetChatDataResult };
  decryptData: { params: DecryptDataParams; result: DecryptDataResult };
  getMediaChunk: { params: GetMediaChunkParams; result: GetMediaChunkResult };
  mediaChunkToFile: { params: MediaChunkToFileParams; result: MediaChunkToFileResult };
  decryptRandomKey: { params: DecryptRandomKeyParams; result: DecryptRandomKeyResult };
  decryptEnvelopes: { params: DecryptEnvelopesParams; result: DecryptEnvelopesResult };
  pullPage: { params: PullPageParams; result: PullPageResult };
  stats: { params: NoParams; result: StatsResult };
  shutdown: { params: NoParams; result: NoParams };
}

export type HostMethod = keyof HostMethods;
export type HostParams<M extends HostMethod> = HostMethods[M]['params'];
export type HostResult<M extends HostMethod> = HostMethods[M]['result'];

export const HOST_METHODS: readonly HostMethod[] = [
  'load',
  'init',
  'getChatData',
  'decryptData',
  'getMediaChunk',
  'mediaChunkToFile',
  'decryptRandomKey',
  'decryptEnvelopes',
  'pullPage',
  'stats',
  'shutdown',
];

export type HostRequest = { [M in HostMethod]: { id: number; method: M; params: HostParams<M> } }[HostMethod];

export type HostErrorCode =
  /** Malformed request or parameters. */
  | 'bad-request'
  /** `load` has not succeeded yet. */
  | 'not-loaded'
  /** `init` has not succeeded yet. */
  | 'not-initialized'
  /** The library cannot be used; see `loadKind`. */
  | 'load-failed'
  /** An SDK function returned non-zero; see `sdkCode` (docs/wecom-sdk.md §2.1). */
  | 'sdk-error'
  /** RSA step failed; see `rsaReason`. */
  | 'rsa-failed'
  /** Reading or writing a media part file failed (disk full, permissions); see `message`. */
  | 'file-failed'
  | 'shutting-down'
  | 'internal';

export interface HostError {
  code: HostErrorCode;
  message: string;
  sdkCode?: number;
  loadKind?: SdkLoadErrorKind;
  missingSymbols?: string[];
  rsaReason?: RsaFailureReason;
  /** With `file-failed`: the file system's errno code (ENOSPC and EDQUOT stop the media queue). */
  errno?: string;
}

export type HostResponse<M extends HostMethod = HostMethod> =
  { id: number; ok: true; result: HostResult<M> } | { id: number; ok: false; error: HostError };

export type HostLogLevel = 'debug' | 'info' | 'warn' | 'error';

export type HostEvent =
  | { event: 'ready'; protocolVersion: number; pid: number; transport: 'electron-parent-port' | 'node-ipc' }
  | { event: 'log'; level: HostLogLevel; message: string };

export type HostToMainMessage = HostResponse | HostEvent;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isHostMethod(value: unknown): value is HostMethod {
  return typeof value === 'string' && (HOST_METHODS as readonly string[]).includes(value);
}

/** Structural check of an incoming message; `checkRequestParams` validates the params. */
export function isHostRequest(value: unknown): value is HostRequest {
  return (
    isObject(value) && Number.isSafeInteger(value.id) && isHostMethod(value.method) && isObject(value.params)
  );
}

export function isHostResponse(value: unknown): value is HostResponse {
  if (!isObject(value) || !Number.isSafeInteger(value.id)) return false;
  if (value.ok === true) return 'result' in value;
  return value.ok === false && isObject(value.error) && typeof value.error.code === 'string';
}

export function isHostEvent(value: unknown): value is HostEvent {
  return isObject(value) && (value.event === 'ready' || value.event === 'log');
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isIntegerIn = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
const U32_MAX = 0xffff_ffff;
const I32_MAX = 0x7fff_ffff;

const isAbsolutePath = (value: unknown): value is string =>
  isString(value) && value.startsWith('/') && !value.includes('\0');

function checkPack(pack: unknown): string | null {
  if (!isObject(pack) || !isAbsolutePath(pack.file)) return 'pack.file must be an absolute path';
  const keep = pack.keepOnlyIf;
  if (keep !== undefined) {
    if (!isObject(keep) || !isString(keep.md5)) return 'pack.keepOnlyIf.md5 must be a string';
    if (keep.size !== null && !isIntegerIn(keep.size, 0, Number.MAX_SAFE_INTEGER))
      return 'pack.keepOnlyIf.size must be a non-negative integer or null';
  }
  return null;
}

function checkEnvelope(value: unknown, index: number): string | null {
  if (!isObject(value)) return `envelopes[${index}] is not an object`;
  if (!isString(value.msgid)) return `envelopes[${index}].msgid must be a string`;
  if (!isIntegerIn(value.publickeyVer, 0, U32_MAX)) return `envelopes[${index}].publickeyVer must be a u32`;
  if (!isString(value.encryptRandomKey)) return `envelopes[${index}].encryptRandomKey must be a string`;
  if (!isString(value.encryptChatMsg)) return `envelopes[${index}].encryptChatMsg must be a string`;
  return null;
}

function checkChatDataParams(
  params: Record<string, unknown>,
  requireStrings: (...names: string[]) => string | null,
): string | null {
  if (!isString(params.seq) || parseU64Decimal(params.seq) === null)
    return 'seq must be a u64 decimal string';
  if (!isIntegerIn(params.limit, 0, U32_MAX)) return 'limit must be a u32 integer';
  if (!isIntegerIn(params.timeout, 0, I32_MAX)) return 'timeout must be a non-negative int (seconds)';
  return requireStrings('proxy', 'passwd');
}

function checkPrivateKeys(privateKeys: unknown): string | null {
  if (!isObject(privateKeys)) return 'privateKeys must be an object of version → PEM';
  for (const [version, pem] of Object.entries(privateKeys)) {
    const parsed = parseU64Decimal(version);
    if (parsed === null || parsed > BigInt(U32_MAX) || !isString(pem))
      return 'privateKeys must map u32 versions to PEM strings';
  }
  return null;
}

/**
 * Validates `params` for `method`; returns a problem description or null. The description names
 * fields only, never their values (they may be secrets).
 */
export function checkRequestParams(method: HostMethod, params: Record<string, unknown>): string | null {
  const requireStrings = (...names: string[]): string | null => {
    for (const name of names) if (!isString(params[name])) return `${name} must be a string`;
    return null;
  };
  switch (method) {
    case 'load':
      if (!isString(params.libraryPath) || params.libraryPath.length === 0)
        return 'libraryPath must be a non-empty string';
      if (params.deepBind !== undefined && typeof params.deepBind !== 'boolean')
        return 'deepBind must be a boolean';
      if (
        params.rsaBackend !== undefined &&
        params.rsaBackend !== 'auto' &&
        params.rsaBackend !== 'node-crypto' &&
        params.rsaBackend !== 'libcrypto'
      )
        return 'rsaBackend must be auto, node-crypto or libcrypto';
      return null;
    case 'init':
      if (params.mediaHandles !== undefined && !isIntegerIn(params.mediaHandles, 1, 8))
        return 'mediaHandles must be an integer 1..8';
      return requireStrings('corpid', 'secret');
    case 'getChatData':
      return checkChatDataParams(params, requireStrings);
    case 'pullPage':
      return checkChatDataParams(params, requireStrings) ?? checkPrivateKeys(params.privateKeys);
    case 'decryptData':
      return requireStrings('encryptKey', 'encryptMsg');
    case 'getMediaChunk':
      if (!isIntegerIn(params.timeout, 0, I32_MAX)) return 'timeout must be a non-negative int (seconds)';
      return requireStrings('sdkfileid', 'indexbuf', 'proxy', 'passwd');
    case 'mediaChunkToFile':
      if (!isIntegerIn(params.timeout, 0, I32_MAX)) return 'timeout must be a non-negative int (seconds)';
      if (!isIntegerIn(params.offset, 0, Number.MAX_SAFE_INTEGER))
        return 'offset must be a non-negative integer';
      if (!isAbsolutePath(params.file)) return 'file must be an absolute path';
      if (params.compareWith !== undefined) {
        const compare: unknown = params.compareWith;
        if (
          !isObject(compare) ||
          !isAbsolutePath(compare.file) ||
          !isIntegerIn(compare.offset, 0, Number.MAX_SAFE_INTEGER) ||
          !isIntegerIn(compare.size, 0, Number.MAX_SAFE_INTEGER)
        )
          return 'compareWith must name an absolute file, a non-negative offset and a size';
      }
      if (params.pack !== undefined) {
        const problem = checkPack(params.pack);
        if (problem) return problem;
      }
      return requireStrings('sdkfileid', 'indexbuf', 'proxy', 'passwd');
    case 'decryptRandomKey':
      return requireStrings('privateKeyPem', 'encryptRandomKey');
    case 'decryptEnvelopes': {
      const keysProblem = checkPrivateKeys(params.privateKeys);
      if (keysProblem) return keysProblem;
      if (!Array.isArray(params.envelopes)) return 'envelopes must be an array';
      for (const [index, envelope] of params.envelopes.entries()) {
        const problem = checkEnvelope(envelope, index);
        if (problem) return problem;
      }
      return null;
    }
    case 'stats':
    case 'shutdown':
      return null;
  }
}
