import { z } from 'zod';
import type {
  AppInfoDto,
  AuditHeadDto,
  CorpDto,
  DataKeyDto,
  DecryptResultDto,
  DirectoryResultDto,
  KeyDto,
  LibraryChoiceDto,
  LockStateDto,
  OpenWithDto,
  PullStatusDto,
} from './dto';
import type { ConnectionTestDto, NotificationShownDto } from './connectionTestDto';
import {
  MEDIA_KINDS,
  type MediaQueueStatusDto,
  type MediaSourceDto,
  type MediaStateDto,
  type MediaVerifyReportDto,
} from './mediaDto';
import { METHOD_NAMES, type MethodName } from '../common/contract/methodNames';
import {
  evidenceAppendSchema,
  evidenceBeginSchema,
  evidenceFinishSchema,
  evidenceVerifySchema,
  type EvidenceAppendDto,
  type EvidenceBeginDto,
  type EvidenceExportDto,
  type EvidenceSignerDto,
  type EvidenceVerifyReportDto,
} from './evidenceDto';
import {
  backupAppendSchema,
  backupBeginSchema,
  restoreBeginSchema,
  restoreOpenSchema,
  restoreReadSchema,
  type BackupBeginDto,
  type BackupResultDto,
  type BackupStepDto,
  type DataFolderUsageDto,
  type RestoreBeginDto,
  type RestoreChunkDto,
  type RestoreFinishDto,
  type RestoreOpenDto,
} from './backupDto';

export { isMethodName } from '../common/contract/methodNames';
export type { MethodName } from '../common/contract/methodNames';

/**
 * The one IPC contract (docs/style.md §2): every renderer → main verb with the zod schema main uses to
 * parse its argument and the type of its result. The verb names are the common core's `METHOD_NAMES`
 * (main/common/contract), from which preload, both shells and the renderer's bridge are built; no
 * channel string is written anywhere else.
 */

const id = z.string().min(1).max(128);
/** Unsigned 64-bit decimal (the SDK's seq). */
export const seqString = z.string().regex(/^(0|[1-9]\d{0,19})$/, 'seq must be an unsigned decimal integer');
const keyVersion = z.number().int().min(1).max(1_000_000);

export const corpInputSchema = z.object({
  id: id.optional(),
  corpid: z.string().trim().min(1).max(64),
  name: z.string().trim().min(1).max(100),
  secret: z.string().max(512).optional(),
  contactSecret: z.string().max(512).optional(),
  libraryPath: z.string().min(1).max(4096).nullable(),
  proxyUrl: z.string().max(2048).nullable(),
  proxyCredentials: z.string().max(1024).optional(),
  timeoutSec: z.number().int().min(1).max(600),
  batchLimit: z.number().int().min(1).max(1000),
  apiBaseUrl: z.string().max(2048),
  scheduleMinutes: z
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .nullable(),
});

export const envelopeSchema = z.object({
  seq: seqString,
  msgid: z.string().min(1).max(512),
  publickeyVer: keyVersion,
  encryptRandomKey: z.string().min(1).max(4096),
  encryptChatMsg: z
    .string()
    .min(1)
    .max(64 * 1024 * 1024),
});

const sdkfileid = z.string().min(1).max(8192);
const mediaKind = z.enum(MEDIA_KINDS);

export const mediaRequestSchema = z.object({
  sdkfileid,
  msgid: z.string().min(1).max(512),
  kind: mediaKind,
  md5sum: z.string().max(64),
  size: z.number().int().nonnegative().nullable(),
});

export const requestSchemas = {
  getAppInfo: z.object({}),
  listCorps: z.object({}),
  saveCorp: corpInputSchema,
  removeCorp: z.object({ corpId: id }),
  /** keyText: PEM (PKCS#1 or PKCS#8) or bare base64 without header lines; normalised in main. */
  importPrivateKey: z.object({
    corpId: id,
    version: keyVersion,
    keyText: z
      .string()
      .min(1)
      .max(64 * 1024),
    /** An envelope of that version from the local archive, to prove the key by test-decrypting. */
    sample: envelopeSchema.optional(),
  }),
  removePrivateKey: z.object({ corpId: id, version: keyVersion }),
  enableDemo: z.object({}),
  /** cursor: the max seq committed in IndexedDB (the renderer owns the archive). */
  startPull: z.object({ corpId: id, cursor: seqString }),
  stopPull: z.object({ corpId: id }),
  /** Sent after the batch's messages and the new cursor were committed in one transaction. */
  ackBatch: z.object({ corpId: id, batchId: z.number().int().nonnegative(), committedSeq: seqString }),
  getPullStatuses: z.object({}),
  /** Re-decrypt stored envelopes (after a key import), in chunks the renderer chooses. */
  decryptEnvelopes: z.object({ corpId: id, envelopes: z.array(envelopeSchema).max(2000) }),
  /** Names, members and consent of chats through the WeCom HTTP APIs (docs/wecom-sdk.md §6); secrets stay in main. */
  resolveDirectory: z.object({
    corpId: id,
    roomids: z.array(id).max(100),
    robotIds: z.array(id).max(100),
    singlePairs: z.array(z.object({ userid: id, externalUserid: id })).max(500),
    /** Single-chat counterparts to name through externalcontact/get (customer-contact secret only). */
    externalUserids: z.array(id).max(100).default([]),
  }),
  /** Queue media downloads: `demand` (visible or clicked) goes before `background` (download-all). */
  mediaEnqueue: z.object({
    corpId: id,
    items: z.array(mediaRequestSchema).max(1000),
    mode: z.enum(['demand', 'background']),
  }),
  /** pause / resume the corp's queue; `cancel-background` drops background items not yet started. */
  mediaQueueControl: z.object({ corpId: id, action: z.enum(['pause', 'resume', 'cancel-background']) }),
  getMediaQueueStatus: z.object({ corpId: id }),
  getMediaStates: z.object({ corpId: id, sdkfileids: z.array(sdkfileid).max(1000) }),
  /**
   * An opaque URL for a downloaded item. `view`: the original bytes; `play`: voice decoded to WAV
   * in-app (cached), as an attachment named `fileName` when one is given; `download`: the original
   * bytes as an attachment named `fileName`.
   */
  getMediaSource: z.object({
    corpId: id,
    sdkfileid,
    purpose: z.enum(['view', 'play', 'download']),
    fileName: z.string().max(1024).optional(),
  }),
  /**
   * Opens a copy of the file with the system's default application. The confirmation happens in main
   * (Electron dialogs) or through `confirmOpenMedia` with the nonce this answers (browser shell).
   */
  openMediaExternally: z.object({ corpId: id, sdkfileid, fileName: z.string().max(1024) }),
  /** Browser shell: the user confirmed the name and type shown for this nonce (single use). */
  confirmOpenMedia: z.object({ nonce: id, allowDangerous: z.boolean() }),
  /**
   * Choose the SDK library in main. Electron: a native open dialog, then a native confirmation with
   * the path and SHA-256 (`libraryPath` only suggests the folder). Browser shell: `libraryPath` is
   * required; main prints a one-time code in the shell's terminal.
   */
  chooseLibrary: z.object({ libraryPath: z.string().min(1).max(4096).optional() }),
  /** Browser shell: the one-time code the user read in the shell's terminal. */
  confirmLibraryCode: z.object({ challengeId: id, code: z.string().trim().min(1).max(32) }),
  /** Reads every stored file of the corp against its recorded SHA-256 (MediaVerifyReportDto). */
  verifyStoredMedia: z.object({ corpId: id }),
  /**
   * After 10010 (docs/wecom-sdk.md §2.1, §7): pull again from the oldest message WeCom still retains
   * (cursor 0). The renderer records the gap after `committedSeq` in its ledger before it asks.
   */
  continueFromOldestRetained: z.object({ corpId: id, committedSeq: seqString }),
  /** Init + one GetChatData(limit 1) + one gettoken with the stored settings (ConnectionTestDto). */
  testConnection: z.object({ corpId: id }),
  /** An OS notification from main where the shell has one (Electron); see NotificationShownDto. */
  showNotification: z.object({ title: z.string().min(1).max(200), body: z.string().max(1000) }),
  /** The audit trail's head after an append (docs/audit-trail.md), kept in main's data folder. */
  recordAuditHead: z.object({
    seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    hash: z.string().regex(/^[0-9a-f]{64}$/, 'hash must be 64 lowercase hex digits'),
  }),
  /** The head main recorded last (null: none yet), for Verify trail. */
  getAuditHead: z.object({}),
  /** Evidence export (issue 13, docs/evidence.md): opens a bundle folder; messages follow in chunks. */
  evidenceBegin: evidenceBeginSchema,
  evidenceAppend: evidenceAppendSchema,
  /** Writes audit.jsonl, README, report.pdf, the manifest, SHA256SUMS and the signature. */
  evidenceFinish: evidenceFinishSchema,
  /** Stops an export and removes its unfinished folder. */
  evidenceCancel: z.object({ exportId: id }),
  /** The installation's signing key: public half and fingerprint only. */
  getEvidenceSigner: z.object({}),
  /** Checks a bundle folder: every hash, the signature, the audit entries; names what is wrong. */
  verifyEvidence: evidenceVerifySchema,
  /** The archive's data key (docs/security.md §8): the one answer that carries key bytes; never logged. */
  getDataKey: z.object({}),
  /** The app lock (docs/security.md §9): answered while locked, like unlockApp and lockApp. */
  getLockState: z.object({}),
  /** Sets or changes the passphrase (`current` needed once one is set) and the idle minutes (0: on demand only). */
  configureLock: z.object({
    current: z.string().max(1024).optional(),
    passphrase: z.string().max(1024).optional(),
    idleMinutes: z
      .number()
      .int()
      .min(0)
      .max(24 * 60),
  }),
  removeLock: z.object({ current: z.string().max(1024) }),
  lockApp: z.object({}),
  unlockApp: z.object({ passphrase: z.string().max(1024) }),
  /** Whole-archive backup (issue 13, docs/backup.md): opens the folder; table rows follow in chunks. */
  backupBegin: backupBeginSchema,
  backupAppend: backupAppendSchema,
  /** Copies the next media store files into the backup (called until `finished`). */
  backupMedia: z.object({ backupId: id }),
  /** Settings, secrets.enc (passphrase-wrapped), README, manifest, SHA256SUMS and the signature. */
  backupFinish: z.object({ backupId: id }),
  /** Stops a backup and removes its unfinished folder. */
  backupCancel: z.object({ backupId: id }),
  /** Verifies a backup folder completely and opens secrets.enc; touches nothing in this profile. */
  restoreOpen: restoreOpenSchema,
  /** Main's side: settings, secrets, the data key (refused on a non-empty profile unless `replace`). */
  restoreBegin: restoreBeginSchema,
  /** The next chunk of one table's rows, hashed again as it is read. */
  restoreRead: restoreReadSchema,
  /** Copies the next media files into the store (called until `finished`). */
  restoreMedia: z.object({ restoreId: id }),
  restoreFinish: z.object({ restoreId: id }),
  restoreCancel: z.object({ restoreId: id }),
  /** The data folder's location and the media store's size (Settings). */
  getDataFolderUsage: z.object({}),
} as const satisfies { readonly [M in MethodName]: z.ZodType };

export const methodNames: readonly MethodName[] = METHOD_NAMES;

export interface MethodResults {
  getAppInfo: AppInfoDto;
  listCorps: CorpDto[];
  saveCorp: CorpDto;
  removeCorp: null;
  importPrivateKey: KeyDto;
  removePrivateKey: null;
  enableDemo: CorpDto;
  startPull: PullStatusDto;
  stopPull: PullStatusDto;
  ackBatch: null;
  getPullStatuses: PullStatusDto[];
  decryptEnvelopes: DecryptResultDto[];
  resolveDirectory: DirectoryResultDto;
  mediaEnqueue: MediaStateDto[];
  mediaQueueControl: MediaQueueStatusDto;
  getMediaQueueStatus: MediaQueueStatusDto;
  getMediaStates: MediaStateDto[];
  getMediaSource: MediaSourceDto;
  openMediaExternally: OpenWithDto;
  confirmOpenMedia: OpenWithDto;
  chooseLibrary: LibraryChoiceDto;
  confirmLibraryCode: LibraryChoiceDto;
  verifyStoredMedia: MediaVerifyReportDto;
  continueFromOldestRetained: PullStatusDto;
  testConnection: ConnectionTestDto;
  showNotification: NotificationShownDto;
  recordAuditHead: AuditHeadDto;
  getAuditHead: AuditHeadDto | null;
  evidenceBegin: EvidenceBeginDto;
  evidenceAppend: EvidenceAppendDto;
  evidenceFinish: EvidenceExportDto;
  evidenceCancel: null;
  getEvidenceSigner: EvidenceSignerDto;
  verifyEvidence: EvidenceVerifyReportDto;
  getDataKey: DataKeyDto;
  getLockState: LockStateDto;
  configureLock: LockStateDto;
  removeLock: LockStateDto;
  lockApp: LockStateDto;
  unlockApp: LockStateDto;
  backupBegin: BackupBeginDto;
  backupAppend: { received: number };
  backupMedia: BackupStepDto;
  backupFinish: BackupResultDto;
  backupCancel: null;
  restoreOpen: RestoreOpenDto;
  restoreBegin: RestoreBeginDto;
  restoreRead: RestoreChunkDto;
  restoreMedia: BackupStepDto;
  restoreFinish: RestoreFinishDto;
  restoreCancel: null;
  getDataFolderUsage: DataFolderUsageDto;
}

export type MethodParams<M extends MethodName> = z.input<(typeof requestSchemas)[M]>;
export type ParsedParams<M extends MethodName> = z.output<(typeof requestSchemas)[M]>;
