/**
 * Errors crossing the IPC boundary. Handlers answer with result envelopes, never thrown errors
 * (docs/style.md §3). Messages are English for logs; the renderer shows zh-CN/en text keyed by `code`.
 * Nothing here may carry a secret or key material.
 */
export type ArchiveErrorCode =
  | 'invalid-request' // zod rejected the arguments
  | 'forbidden-sender' // IPC from an unexpected frame/origin
  | 'not-found' // unknown corp, key or media id
  | 'corp-invalid' // corp settings failed validation (see `field`)
  | 'key-invalid' // private key text could not be parsed (see `detail`)
  | 'key-mismatch' // key parses but does not decrypt this corp's messages of that version
  | 'library-unavailable' // SDK library missing / not ELF x86-64 / dlopen failed / missing exports
  | 'sdk-error' // the SDK returned a non-zero code (see `sdkCode`)
  | 'api-error' // a WeCom errcode in JSON (see `errcode`)
  | 'host-crashed' // the SDK process died while the request was in flight
  | 'pull-running' // a pull is already running for this corp
  | 'secret-required' // a new destination (API URL, proxy, library) needs the secret re-entered (see `field`)
  | 'library-unconfirmed' // the library path was not chosen and confirmed in main (dialog / terminal code)
  | 'library-changed' // the library file's SHA-256 differs from the one the user confirmed
  | 'confirmation-invalid' // a one-time code or nonce that is wrong, used or expired (see `detail`)
  | 'open-refused-type' // open-with of an executable/script type without the second confirmation
  | 'app-locked' // the app lock is on: only the lock's own verbs are answered (docs/security.md §9)
  | 'lock-refused' // a wrong or too short passphrase, too many tries, or no lock set (see `detail`)
  | 'internal';

export interface ArchiveError {
  code: ArchiveErrorCode;
  /**
   * English detail for logs and the error details view, composed by main; for `internal` it is a fixed
   * sentence (the exception's own text goes to main's log only). The UI's text comes from `code`.
   */
  message: string;
  /** Which settings field is wrong, for `corp-invalid`. */
  field?: string;
  /** A sub-reason, e.g. key parsing: `not-pem`, `not-rsa`, `not-2048`, `encrypted-key`. */
  detail?: string;
  sdkCode?: number;
  errcode?: number;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ArchiveError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (error: ArchiveError): Result<never> => ({ ok: false, error });
