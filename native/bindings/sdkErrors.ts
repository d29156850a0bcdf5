/**
 * Typed errors of the SDK bindings. Pure (no koffi, no node imports) so the host, the main-process
 * client and unit tests share them. Messages are bilingual (zh / en) and never contain secrets.
 */

export type SdkLoadErrorKind =
  'missing-file' | 'not-elf' | 'wrong-arch' | 'dlopen-failed' | 'missing-exports';

const LOAD_HEADLINES: Readonly<Record<SdkLoadErrorKind, string>> = {
  'missing-file': '找不到 SDK 库文件 / SDK library file not found',
  'not-elf': '不是 ELF 共享库 / Not an ELF shared library',
  'wrong-arch': 'SDK 库的 CPU 架构不对，需要 x86-64 / Wrong CPU architecture, x86-64 required',
  'dlopen-failed': 'SDK 库无法加载 (dlopen 失败) / The SDK library could not be loaded (dlopen failed)',
  'missing-exports': 'SDK 库缺少导出函数 / The SDK library lacks required exports',
};

/** The library at `libraryPath` cannot be used; `kind` says why, `detail` carries dlopen's own text. */
export class SdkLoadError extends Error {
  override readonly name = 'SdkLoadError';

  constructor(
    readonly kind: SdkLoadErrorKind,
    readonly libraryPath: string,
    readonly detail: string,
    readonly missingSymbols: readonly string[] = [],
  ) {
    super(`${LOAD_HEADLINES[kind]}: ${libraryPath} — ${detail}`);
  }
}

/** SDK return codes of Init/GetChatData/DecryptData/GetMediaData (docs/wecom-sdk.md §2.1, header comment). */
export const SDK_RETURN_CODES: Readonly<Record<number, { zh: string; en: string }>> = {
  10000: { zh: '参数错误，请求参数错误', en: 'invalid arguments' },
  10001: { zh: '网络错误，网络请求错误', en: 'network error or timeout' },
  10002: { zh: '数据解析失败', en: 'response parse failure' },
  10003: { zh: '系统失败', en: 'system failure' },
  10004: { zh: '密钥错误导致加密失败', en: 'key error (secret or keys)' },
  10005: { zh: 'fileid错误', en: 'invalid sdkfileid' },
  10006: { zh: '解密失败', en: 'decryption failed' },
  10007: {
    zh: '找不到消息加密版本的私钥，需要重新传入私钥对',
    en: 'no private key for the message key version',
  },
  10008: { zh: '解析encrypt_key出错', en: 'malformed encrypt_key (decrypted random key)' },
  10009: { zh: 'ip非法', en: 'IP address not in the trusted list' },
  10010: { zh: '数据过期', en: 'data expired (beyond retention)' },
  10011: { zh: '证书错误', en: 'TLS certificate error' },
};

export function describeSdkReturnCode(code: number): string {
  const known = SDK_RETURN_CODES[code];
  return known ? `${code} ${known.zh} / ${known.en}` : `${code} (undocumented return code / 未知返回码)`;
}

/** A vendor function returned a non-zero code. */
export class SdkCallError extends Error {
  override readonly name = 'SdkCallError';

  constructor(
    readonly functionName: string,
    readonly sdkCode: number,
  ) {
    super(`${functionName} → ${describeSdkReturnCode(sdkCode)}`);
  }
}
