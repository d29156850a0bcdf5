import { closeSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import type { LibraryHandle } from 'koffi';
import { classifyElfHeader, ELF_HEADER_PREFIX_BYTES } from './elfHeader';
import {
  callAsync,
  compareNative,
  configuredKoffi,
  copyFromNative,
  type AsyncNativeFunction,
  type NativePointer,
} from './koffiRuntime';
import { SdkCallError, SdkLoadError } from './sdkErrors';
import { decodeSdkText, type SdkText } from './sdkText';

/**
 * koffi declarations of the 17 exports of WeWorkFinanceSdk_C.h (docs/wecom-sdk.md §1.3) and the call
 * discipline around them (docs/wecom-sdk.md §1.4): a new Slice/MediaData per call, always freed in `finally`, bytes
 * copied out by length before the free; network calls (GetChatData, GetMediaData) through `.async`
 * so they never block the host's event loop, local calls sync.
 */

export type { NativePointer } from './koffiRuntime';

import { FINANCE_SDK_SYMBOLS, type FinanceSdkSymbol } from '../../main/common/sdk/financeSdkSymbols';

export { FINANCE_SDK_SYMBOLS, type FinanceSdkSymbol };

/**
 * Exact prototypes of the header. The handle and both structs are opaque: the accessors read them,
 * which avoids layout mistakes (docs/wecom-sdk.md §1.6). Byte-returning accessors are `void *` so koffi does
 * not decode them as NUL-terminated strings; their bytes are copied by length.
 */
const PROTOTYPES: Readonly<Record<FinanceSdkSymbol, string>> = {
  NewSdk: 'WeWorkFinanceSdk_t *NewSdk()',
  Init: 'int Init(WeWorkFinanceSdk_t *sdk, const char *corpid, const char *secret)',
  GetChatData:
    'int GetChatData(WeWorkFinanceSdk_t *sdk, unsigned long long seq, unsigned int limit, const char *proxy, const char *passwd, int timeout, Slice_t *chatDatas)',
  DecryptData: 'int DecryptData(const char *encrypt_key, const char *encrypt_msg, Slice_t *msg)',
  GetMediaData:
    'int GetMediaData(WeWorkFinanceSdk_t *sdk, const char *indexbuf, const char *sdkFileid, const char *proxy, const char *passwd, int timeout, MediaData_t *media_data)',
  DestroySdk: 'void DestroySdk(WeWorkFinanceSdk_t *sdk)',
  NewSlice: 'Slice_t *NewSlice()',
  FreeSlice: 'void FreeSlice(Slice_t *slice)',
  GetContentFromSlice: 'void *GetContentFromSlice(Slice_t *slice)',
  GetSliceLen: 'int GetSliceLen(Slice_t *slice)',
  NewMediaData: 'MediaData_t *NewMediaData()',
  FreeMediaData: 'void FreeMediaData(MediaData_t *media_data)',
  GetOutIndexBuf: 'void *GetOutIndexBuf(MediaData_t *media_data)',
  GetData: 'void *GetData(MediaData_t *media_data)',
  GetIndexLen: 'int GetIndexLen(MediaData_t *media_data)',
  GetDataLen: 'int GetDataLen(MediaData_t *media_data)',
  IsMediaDataFinish: 'int IsMediaDataFinish(MediaData_t *media_data)',
};

/** Typed view of the 17 functions, one call each (counted). Pointers are BigInt; NULL is null. */
export interface FinanceSdkFunctions {
  NewSdk(): NativePointer | null;
  Init(sdk: NativePointer, corpid: string, secret: string): number;
  GetChatData(
    sdk: NativePointer,
    seq: bigint,
    limit: number,
    proxy: string,
    passwd: string,
    timeout: number,
    chatDatas: NativePointer,
  ): Promise<number>;
  DecryptData(encryptKey: string, encryptMsg: string, msg: NativePointer): number;
  GetMediaData(
    sdk: NativePointer,
    indexbuf: string,
    sdkFileid: string,
    proxy: string,
    passwd: string,
    timeout: number,
    mediaData: NativePointer,
  ): Promise<number>;
  DestroySdk(sdk: NativePointer): void;
  NewSlice(): NativePointer | null;
  FreeSlice(slice: NativePointer): void;
  GetContentFromSlice(slice: NativePointer): NativePointer | null;
  GetSliceLen(slice: NativePointer): number;
  NewMediaData(): NativePointer | null;
  FreeMediaData(mediaData: NativePointer): void;
  GetOutIndexBuf(mediaData: NativePointer): NativePointer | null;
  GetData(mediaData: NativePointer): NativePointer | null;
  GetIndexLen(mediaData: NativePointer): number;
  GetDataLen(mediaData: NativePointer): number;
  IsMediaDataFinish(mediaData: NativePointer): number;
}

/** The network functions run through koffi's `.async` (libuv worker threads). */
const ASYNC_SYMBOLS: ReadonlySet<FinanceSdkSymbol> = new Set(['GetChatData', 'GetMediaData']);

/** The network arguments GetChatData and GetMediaData both end with: proxy, its password, timeout (s). */
function network(request: { proxy: string; passwd: string; timeout: number }): [string, string, number] {
  return [request.proxy, request.passwd, request.timeout];
}

export interface ChatDataRequest {
  /** Exclusive cursor (docs/wecom-sdk.md §1.3): messages with seq > this are returned. u64 as BigInt. */
  seq: bigint;
  limit: number;
  proxy: string;
  passwd: string;
  /** Seconds. */
  timeout: number;
}

export interface MediaChunkRequest {
  sdkfileid: string;
  /** "" for the first chunk, then the previous `outIndexBuf` verbatim (docs/wecom-sdk.md §5). */
  indexbuf: string;
  proxy: string;
  passwd: string;
  timeout: number;
}

export interface MediaChunk {
  data: Buffer;
  outIndexBuf: string;
  isFinish: boolean;
}

export interface ComparedMediaChunk {
  /** Bytes in this chunk. */
  length: number;
  /** They equal the expected bytes. */
  same: boolean;
  outIndexBuf: string;
  isFinish: boolean;
}

/** `plaintextBase64`: the exact bytes, present only when they are not valid UTF-8 (see sdkText.ts). */
export type DecryptOutcome =
  { ok: true; plaintext: string; plaintextBase64?: string } | { ok: false; sdkCode: number };

export interface LoadFinanceSdkOptions {
  /**
   * RTLD_DEEPBIND (default true): the vendor `.so` statically links OpenSSL/curl/protobuf, and plain
   * Node exports its own OpenSSL symbols, which would otherwise win symbol resolution (docs/wecom-sdk.md §1.5).
   */
  deepBind?: boolean;
}

/** Type names are global in koffi (a second `koffi.opaque('X')` throws), so declare them once. */
let opaqueTypesDeclared = false;
function declareOpaqueTypes(): void {
  if (opaqueTypesDeclared) return;
  const koffi = configuredKoffi();
  koffi.opaque('WeWorkFinanceSdk_t');
  koffi.opaque('Slice_t');
  koffi.opaque('MediaData_t');
  opaqueTypesDeclared = true;
}

/**
 * Opens `libraryPath` and resolves all 17 exports, or throws a classified `SdkLoadError`:
 * missing file → ELF magic/class/machine → dlopen (RTLD_NOW, so an unresolved symbol fails here,
 * not at the first call) → every export, collecting all missing names.
 */
export function loadFinanceSdk(libraryPath: string, options: LoadFinanceSdkOptions = {}): FinanceSdk {
  const absolutePath = path.resolve(libraryPath);
  checkLibraryFile(absolutePath);
  declareOpaqueTypes();
  const koffi = configuredKoffi();

  let library: LibraryHandle;
  try {
    library = koffi.load(absolutePath, { deep: options.deepBind ?? true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new SdkLoadError(
      'dlopen-failed',
      absolutePath,
      message.replace(/^Failed to load shared library: /, ''),
    );
  }

  const resolved = new Map<FinanceSdkSymbol, AsyncNativeFunction & ((...args: unknown[]) => unknown)>();
  const missing: string[] = [];
  for (const symbol of FINANCE_SDK_SYMBOLS) {
    try {
      resolved.set(symbol, library.func(PROTOTYPES[symbol]));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!/Cannot find function/.test(message)) {
        library.unload();
        throw new SdkLoadError('dlopen-failed', absolutePath, `cannot bind ${symbol}: ${message}`);
      }
      missing.push(symbol);
    }
  }
  if (missing.length > 0) {
    library.unload();
    throw new SdkLoadError(
      'missing-exports',
      absolutePath,
      `missing ${missing.length} of ${FINANCE_SDK_SYMBOLS.length}: ${missing.join(', ')}`,
      missing,
    );
  }
  return new FinanceSdk(absolutePath, resolved);
}

function checkLibraryFile(libraryPath: string): void {
  let size: number;
  try {
    const stats = statSync(libraryPath);
    if (!stats.isFile())
      throw new SdkLoadError('missing-file', libraryPath, 'the path is not a regular file');
    size = stats.size;
  } catch (error) {
    if (error instanceof SdkLoadError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new SdkLoadError('missing-file', libraryPath, `cannot stat the file (${code})`);
  }
  const header = new Uint8Array(Math.min(size, ELF_HEADER_PREFIX_BYTES));
  let fd: number | undefined;
  try {
    fd = openSync(libraryPath, 'r');
    readSync(fd, header, 0, header.length, 0);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new SdkLoadError('missing-file', libraryPath, `cannot read the file (${code})`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  const classification = classifyElfHeader(header);
  if (!classification.ok) throw new SdkLoadError(classification.kind, libraryPath, classification.detail);
}

/** One loaded SDK library: the raw functions plus helpers that own the Slice/MediaData lifecycle. */
export class FinanceSdk {
  readonly symbols: readonly FinanceSdkSymbol[] = FINANCE_SDK_SYMBOLS;
  /** Calls per export since load, for `stats` and for tests that every export is exercised. */
  readonly calls: Record<FinanceSdkSymbol, number>;
  readonly fn: FinanceSdkFunctions;
  private slicesOpen = 0;
  private mediaDataOpen = 0;

  constructor(
    readonly libraryPath: string,
    native: ReadonlyMap<FinanceSdkSymbol, AsyncNativeFunction & ((...args: unknown[]) => unknown)>,
  ) {
    const calls = {} as Record<FinanceSdkSymbol, number>;
    const fn: Partial<Record<FinanceSdkSymbol, (...args: unknown[]) => unknown>> = {};
    for (const symbol of FINANCE_SDK_SYMBOLS) {
      calls[symbol] = 0;
      const nativeFunction = native.get(symbol);
      if (!nativeFunction) throw new Error(`internal: ${symbol} not bound`);
      fn[symbol] = ASYNC_SYMBOLS.has(symbol)
        ? (...args: unknown[]) => {
            calls[symbol] += 1;
            return callAsync<number>(nativeFunction, args);
          }
        : (...args: unknown[]) => {
            calls[symbol] += 1;
            return nativeFunction(...args);
          };
    }
    this.calls = calls;
    this.fn = fn as unknown as FinanceSdkFunctions;
  }

  /** Slices/MediaData allocated and not yet freed: must be 0 between calls (leak check). */
  get openSlices(): number {
    return this.slicesOpen;
  }

  get openMediaData(): number {
    return this.mediaDataOpen;
  }

  /** NewSdk + Init. Init only stores credentials; wrong ones surface on the first pull (docs/wecom-sdk.md §1.3). */
  createHandle(corpid: string, secret: string): NativePointer {
    const handle = this.fn.NewSdk();
    if (handle === null) throw new SdkCallError('NewSdk', 10003);
    const rc = this.fn.Init(handle, corpid, secret);
    if (rc !== 0) {
      this.fn.DestroySdk(handle);
      throw new SdkCallError('Init', rc);
    }
    return handle;
  }

  destroyHandle(handle: NativePointer): void {
    this.fn.DestroySdk(handle);
  }

  /**
   * GetChatData → the JSON text exactly as the SDK wrote it (decoded by length, docs/wecom-sdk.md §1.4).
   * Bytes that are not UTF-8 come out as U+FFFD; `getChatDataText` also says whether that happened.
   */
  async getChatData(handle: NativePointer, request: ChatDataRequest): Promise<string> {
    return (await this.getChatDataText(handle, request)).text;
  }

  async getChatDataText(handle: NativePointer, request: ChatDataRequest): Promise<SdkText> {
    const slice = this.newSlice();
    try {
      const rc = await this.fn.GetChatData(handle, request.seq, request.limit, ...network(request), slice);
      if (rc !== 0) throw new SdkCallError('GetChatData', rc);
      return decodeSdkText(this.sliceBytes(slice));
    } finally {
      this.freeSlice(slice);
    }
  }

  /** DecryptData is local and handle-free (docs/wecom-sdk.md §3.2): a sync call. */
  decryptData(encryptKey: string, encryptMsg: string): DecryptOutcome {
    const slice = this.newSlice();
    try {
      const rc = this.fn.DecryptData(encryptKey, encryptMsg, slice);
      if (rc !== 0) return { ok: false, sdkCode: rc };
      const { text, invalidUtf8Base64 } = decodeSdkText(this.sliceBytes(slice));
      return invalidUtf8Base64 === undefined
        ? { ok: true, plaintext: text }
        : { ok: true, plaintext: text, plaintextBase64: invalidUtf8Base64 };
    } finally {
      this.freeSlice(slice);
    }
  }

  /** One GetMediaData chunk (≤ 512 KB, docs/wecom-sdk.md §5); `data` is binary, copied by GetDataLen. */
  getMediaChunk(
    handle: NativePointer,
    request: MediaChunkRequest,
    /** Where the chunk is copied to (a ChunkBuffers view in the host's writer); a fresh Buffer by default. */
    allocate?: (length: number) => Buffer,
  ): Promise<MediaChunk> {
    return this.withMediaChunk(handle, request, (data, length) => ({
      data: copyFromNative(data, length, allocate),
    }));
  }

  /**
   * One GetMediaData chunk compared with `expected(length)` (the bytes it should equal, or null when
   * there are none) right in the SDK's buffer: a file being checked against a stored copy is never
   * copied into JavaScript memory. `expected` is called synchronously, before the buffer is freed.
   */
  compareMediaChunk(
    handle: NativePointer,
    request: MediaChunkRequest,
    expected: (length: number) => Uint8Array | null,
  ): Promise<ComparedMediaChunk> {
    return this.withMediaChunk(handle, request, (data, length) => {
      const bytes = expected(length);
      const same =
        bytes !== null &&
        bytes.byteLength === length &&
        (length === 0 || (data !== null && compareNative(data, bytes, length)));
      return { length, same };
    });
  }

  /** GetMediaData into a fresh MediaData_t; `use` sees its data before it is freed. */
  private async withMediaChunk<T>(
    handle: NativePointer,
    request: MediaChunkRequest,
    use: (data: NativePointer | null, length: number) => T,
  ): Promise<T & { outIndexBuf: string; isFinish: boolean }> {
    const mediaData = this.fn.NewMediaData();
    if (mediaData === null) throw new SdkCallError('NewMediaData', 10003);
    this.mediaDataOpen += 1;
    try {
      const rc = await this.fn.GetMediaData(
        handle,
        request.indexbuf,
        request.sdkfileid,
        ...network(request),
        mediaData,
      );
      if (rc !== 0) throw new SdkCallError('GetMediaData', rc);
      const used = use(this.fn.GetData(mediaData), this.fn.GetDataLen(mediaData));
      const outIndexBuf = copyFromNative(
        this.fn.GetOutIndexBuf(mediaData),
        this.fn.GetIndexLen(mediaData),
      ).toString('utf8');
      return { ...used, outIndexBuf, isFinish: this.fn.IsMediaDataFinish(mediaData) === 1 };
    } finally {
      this.fn.FreeMediaData(mediaData);
      this.mediaDataOpen -= 1;
    }
  }

  private newSlice(): NativePointer {
    const slice = this.fn.NewSlice();
    if (slice === null) throw new SdkCallError('NewSlice', 10003);
    this.slicesOpen += 1;
    return slice;
  }

  private freeSlice(slice: NativePointer): void {
    this.fn.FreeSlice(slice);
    this.slicesOpen -= 1;
  }

  private sliceBytes(slice: NativePointer): Buffer {
    return copyFromNative(this.fn.GetContentFromSlice(slice), this.fn.GetSliceLen(slice));
  }
}
