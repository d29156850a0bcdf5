/** Data shapes that cross between main and the renderer. Plain JSON-compatible objects only. */
import type { MessageHeader } from '../common/message/model';

/**
 * Which shell hosts the app. The renderer branches on it only in About/diagnostics and for external
 * links (in Electron, main's dialog is the one confirmation; reading/cards/ExternalLink.tsx).
 */
export type ShellKind = 'electron' | 'web';

export interface AppInfoDto {
  shell: ShellKind;
  version: string;
  /** How secrets are kept: OS keyring through safeStorage, or a 0600 file (browser shell; warned). */
  secretStorage: { kind: 'safeStorage' | 'file-0600'; location?: string };
  /** True when the bundled stand-in library and demo archive are present. */
  demoAvailable: boolean;
  /** Which RSA PKCS#1 v1.5 implementation the SDK host uses (docs/platform-facts.md §3). */
  rsaBackend: string | null;
  dataDir: string;
}

/** The audit trail's chain head as main recorded it (docs/audit-trail.md): last seq, its hash, when. */
export interface AuditHeadDto {
  seq: number;
  hash: string;
  recordedAt: number;
}

export interface KeyDto {
  /** publickey_ver this private key belongs to. */
  version: number;
  /** First 16 hex chars of SHA-256 over the DER public key; identifies a key without revealing it. */
  fingerprint: string;
  /** True once a real message envelope of this version decrypted with it. */
  verified: boolean;
  importedAt: number;
}

export interface CorpDto {
  id: string;
  corpid: string;
  name: string;
  /** Secret present in main's store; the value never leaves main. */
  hasSecret: boolean;
  hasContactSecret: boolean;
  keys: KeyDto[];
  /** Absolute path of libWeWorkFinanceSdk_C.so; null = the bundled stand-in (demo only). */
  libraryPath: string | null;
  /** SHA-256 (hex) of the library file the user confirmed in main; the host loads only that file. */
  librarySha256: string | null;
  proxyUrl: string | null;
  hasProxyCredentials: boolean;
  timeoutSec: number;
  batchLimit: number;
  apiBaseUrl: string;
  /** Pull every N minutes while the app runs; null = manual only. */
  scheduleMinutes: number | null;
  isDemo: boolean;
  lastSuccessAt: number | null;
}

/**
 * What the settings form sends. Omitted secrets keep their stored value; '' removes them — except
 * when the API base URL, proxy or library changes: then the secret (and the proxy credentials, the
 * contact secret when stored) must be sent again in the same request (`secret-required`), so a stored
 * secret never follows a new destination. A new or changed `libraryPath` must have been confirmed in
 * main first (`chooseLibrary` / `confirmLibraryCode`).
 */
export interface CorpInputDto {
  id?: string | undefined;
  corpid: string;
  name: string;
  secret?: string | undefined;
  contactSecret?: string | undefined;
  libraryPath: string | null;
  proxyUrl: string | null;
  proxyCredentials?: string | undefined;
  timeoutSec: number;
  batchLimit: number;
  apiBaseUrl: string;
  scheduleMinutes: number | null;
}

/**
 * The outcome of choosing the SDK library in main. Electron: main's open dialog and its confirmation
 * (path + SHA-256) answer `confirmed` or `cancelled`. Browser shell: main printed a one-time code in
 * the shell's terminal (`code-required`); `confirmLibraryCode` with that code answers `confirmed`.
 */
export type LibraryChoiceDto =
  | { state: 'confirmed'; libraryPath: string; sha256: string }
  | { state: 'cancelled' }
  | { state: 'code-required'; challengeId: string; libraryPath: string; sha256: string };

/**
 * Open with the system application. Electron: main's own dialogs confirm (`opened` / `cancelled`).
 * Browser shell: main answers `confirm-required` with a nonce bound to this file and its displayed
 * name; only `confirmOpenMedia` with that nonce opens it. `displayName` has bidi/invisible controls
 * written out as `<U+202E>`; `fileType` is the extension after its last dot ('' for none; 'ELF' for an
 * executable detected by its magic bytes); `dangerous` types need `allowDangerous` as well.
 */
export type OpenWithDto =
  | { state: 'opened'; displayName: string }
  | { state: 'cancelled' }
  | {
      state: 'confirm-required';
      nonce: string;
      displayName: string;
      fileType: string;
      dangerous: boolean;
      expiresAt: number;
    };

/** The five envelope fields of GetChatData (docs/wecom-sdk.md §3.1); seq as a decimal string (u64). */
export interface EnvelopeDto {
  seq: string;
  msgid: string;
  publickeyVer: number;
  encryptRandomKey: string;
  encryptChatMsg: string;
}

/**
 * `sdk-crash`: the SDK host died (or hung) on this message every time it was decrypted alone; it is
 * kept with its envelope and retried like `missing-key`. `malformed-envelope`: GetChatData's item was
 * not a valid envelope; its text is kept in `raw` and it cannot be decrypted.
 */
export type DecryptStatus = 'ok' | 'missing-key' | 'decrypt-failed' | 'sdk-crash' | 'malformed-envelope';

/**
 * Header fields extracted in main from the decrypted JSON, for indexing; raw JSON is authoritative.
 * The message model's header without msgid (msgtime: ms UTC; switch records: their `time`).
 */
export type MessageHeaderDto = Omit<MessageHeader, 'msgid'>;

/** One archived message as delivered to the renderer for storage. */
export interface IngestMessageDto {
  seq: string;
  msgid: string;
  publickeyVer: number;
  status: DecryptStatus;
  /**
   * Why it is not decrypted. New rows say only `decrypt` ("cannot decrypt with key vN": which step
   * failed is not told, so the verb is no oracle; the detail is in the local log), `parse`,
   * `sdk-crash` or `envelope`; `rsa` / `sdk` are on rows stored by earlier versions.
   */
  failure?: {
    stage: 'decrypt' | 'parse' | 'sdk-crash' | 'envelope' | 'rsa' | 'sdk';
    sdkCode?: number;
    message: string;
  };
  /**
   * The decrypted JSON text exactly as DecryptData returned it (status ok; for `malformed-envelope`,
   * the chatdata item's text).
   */
  raw?: string;
  /**
   * Present only when DecryptData's bytes were not valid UTF-8: those exact bytes, base64; `raw` is
   * then their lenient decoding (U+FFFD for each bad sequence), kept for reading and search.
   */
  rawBase64?: string;
  /** `sdk-crash`: how many times the SDK host died on a request holding this message. */
  crashCount?: number;
  header?: MessageHeaderDto;
  /** Kept for messages that could not be decrypted yet, so a later key import can retry. */
  envelope?: Pick<EnvelopeDto, 'encryptRandomKey' | 'encryptChatMsg'>;
}

export type PullState = 'idle' | 'starting' | 'pulling' | 'backing-off' | 'caught-up' | 'stopped' | 'failed';

export interface PullErrorDto {
  at: number;
  /** Classification key shown translated in the UI, e.g. `sdk-10009`, `errcode-40001`, `host-crashed`. */
  kind: string;
  sdkCode?: number;
  errcode?: number;
  retryable: boolean;
  message: string;
}

export interface PullStatusDto {
  corpId: string;
  state: PullState;
  /** Messages delivered in this pull session. */
  pulled: number;
  /** Messages per second over the last few batches. */
  ratePerSec: number;
  /** Highest seq acknowledged as committed by the renderer (decimal). */
  committedSeq: string;
  lastSuccessAt: number | null;
  /** Current batch limit (halved on 301058). */
  limit: number;
  errors: PullErrorDto[];
  /** Set when the pull stopped on a non-retryable error. */
  fatal: PullErrorDto | null;
  nextScheduledAt: number | null;
}

export interface DecryptResultDto {
  msgid: string;
  status: DecryptStatus;
  failure?: IngestMessageDto['failure'];
  raw?: string;
  rawBase64?: string;
  crashCount?: number;
  header?: MessageHeaderDto;
}

/** A WeCom errcode a directory look-up answered (docs/wecom-sdk.md §2.2), e.g. 301059 for a non-internal group. */
export interface DirectoryErrorDto {
  errcode: number;
  message: string;
}

/** One group member as msgaudit/groupchat/get or externalcontact/groupchat/get report it (docs/wecom-sdk.md §6.2, §6.3). */
export interface GroupMemberDto {
  userid: string;
  /** Milliseconds. */
  joinTime: number | null;
  /** externalcontact only: 1 corp member → internal, 2 → external. */
  type: 'internal' | 'external' | null;
  name: string | null;
  groupNickname: string | null;
  invitor: string | null;
  joinScene: number | null;
}

/** An external member's archiving consent (docs/wecom-sdk.md §6.6, §6.7). */
export interface ConsentDto {
  userid: string | null;
  externalUserid: string;
  /** Agree | Disagree | Default_Agree (as WeCom spells it). */
  status: string;
  /** Milliseconds; null when unknown. */
  changeTime: number | null;
}

/** A group chat resolved through the APIs; `source` null = neither API knew it (see `error`). */
export interface GroupInfoDto {
  roomid: string;
  source: 'msgaudit' | 'externalcontact' | null;
  name: string | null;
  owner: string | null;
  /** Milliseconds. */
  createTime: number | null;
  notice: string | null;
  members: GroupMemberDto[];
  admins: string[];
  consent: ConsentDto[] | null;
  error: DirectoryErrorDto | null;
}

export interface RobotInfoDto {
  robotId: string;
  name: string | null;
  creator: string | null;
  error: DirectoryErrorDto | null;
}

/** An external contact through externalcontact/get (docs/wecom-sdk.md §6.10): needs the customer-contact secret. */
export interface ExternalContactDto {
  externalUserid: string;
  name: string | null;
  /** 'wechat' (type 1) or 'wecom' (type 2, a member of another corp). */
  type: 'wechat' | 'wecom' | null;
  corpName: string | null;
  error: DirectoryErrorDto | null;
}

/** What resolveDirectory found; every requested id appears once, resolved or with its error. */
export interface DirectoryResultDto {
  groups: GroupInfoDto[];
  robots: RobotInfoDto[];
  singleConsents: ConsentDto[];
  singleConsentError: DirectoryErrorDto | null;
  /** Single-chat counterparts asked for by `externalUserids` (none without a customer-contact secret). */
  externalContacts: ExternalContactDto[];
  resolvedAt: number;
}

/**
 * The archive's data key (docs/security.md §8): 32 bytes, base64. Only in getDataKey's answer; the
 * renderer imports it as a non-extractable CryptoKey and drops the bytes.
 */
export interface DataKeyDto {
  key: string;
}

/** The app lock (docs/security.md §9): whether a passphrase is set, whether the app is locked now. */
export interface LockStateDto {
  configured: boolean;
  locked: boolean;
  /** Lock after this many idle minutes (0: only on demand); null when no lock is set. */
  idleMinutes: number | null;
}
