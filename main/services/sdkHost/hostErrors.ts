import type {
  HostError,
  HostErrorCode,
  HostMethod,
  RsaFailureReason,
  SdkLoadErrorKind,
} from '../../../native/host/protocol';

/** The host answered the request with an error (SDK return code, load failure, RSA failure…). */
export class HostRequestError extends Error {
  override readonly name = 'HostRequestError';
  readonly code: HostErrorCode;
  readonly sdkCode: number | undefined;
  readonly loadKind: SdkLoadErrorKind | undefined;
  readonly missingSymbols: readonly string[] | undefined;
  readonly rsaReason: RsaFailureReason | undefined;
  readonly errno: string | undefined;

  constructor(
    readonly method: HostMethod,
    error: HostError,
  ) {
    super(error.message);
    this.code = error.code;
    this.sdkCode = error.sdkCode;
    this.loadKind = error.loadKind;
    this.missingSymbols = error.missingSymbols;
    this.rsaReason = error.rsaReason;
    this.errno = error.errno;
  }
}

/** The host process died while the request was in flight (e.g. SIGSEGV inside the vendor SDK). */
export class HostCrashedError extends Error {
  override readonly name = 'HostCrashedError';

  constructor(
    readonly method: HostMethod,
    readonly exitCode: number | null,
    readonly signal: string | null,
  ) {
    super(
      `SDK 进程崩溃 / The SDK host process died during ${method} (${signal ? `signal ${signal}` : `exit code ${String(exitCode)}`}); it is restarted automatically`,
    );
  }
}

/** No answer within the deadline. The host is restarted, since a native call cannot be cancelled. */
export class HostTimeoutError extends Error {
  override readonly name = 'HostTimeoutError';

  constructor(
    readonly method: HostMethod,
    readonly timeoutMs: number,
  ) {
    super(`SDK 进程无响应 / The SDK host did not answer ${method} within ${timeoutMs} ms`);
  }
}

/** The client was closed; no more requests. */
export class HostClosedError extends Error {
  override readonly name = 'HostClosedError';

  constructor() {
    super('The SDK host client is closed');
  }
}

/** The host could not be (re)started after repeated attempts; `cause` holds the last failure. */
export class HostUnavailableError extends Error {
  override readonly name = 'HostUnavailableError';

  constructor(
    message: string,
    readonly attempts: number,
    options?: { cause: unknown },
  ) {
    super(`SDK 进程无法启动 / The SDK host is unavailable after ${attempts} attempts: ${message}`, options);
  }
}

/** The host died or hung on the request and is restarted: the request may be tried again. */
export function isHostRestart(error: unknown): error is HostCrashedError | HostTimeoutError {
  return error instanceof HostCrashedError || error instanceof HostTimeoutError;
}
