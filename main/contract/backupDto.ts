import { z } from 'zod';
import { SIGNED_FOLDER_PROBLEMS } from './evidenceDto';

/**
 * Whole-archive backup and restore (issue 13, docs/backup.md). The renderer reads every IndexedDB table
 * and streams its rows to main in chunks; main writes them with the media store, the non-secret
 * settings and the passphrase-wrapped data key into one folder with manifest.json, SHA256SUMS and an
 * Ed25519 signature. Restore verifies the whole folder first, then hands the rows back chunk by chunk.
 */

const id = z.string().min(1).max(128);
/** The backup passphrase: it wraps the archive's data key (and the secrets, when included). */
const passphrase = z.string().min(10, 'the backup passphrase needs at least 10 characters').max(1024);
const folder = z.string().min(1).max(4096);
const tableName = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'a table name is letters, digits and _ (at most 64)');
const keyPath = z.union([z.string().max(200), z.array(z.string().max(200)).max(16), z.null()]);

export const backupTableSchema = z.object({
  name: tableName,
  /** The table's primary key path as IndexedDB has it (null: keys outside the rows). */
  keyPath,
  autoIncrement: z.boolean(),
  /** Rows the renderer counted when the backup began (progress; the manifest records what was written). */
  rows: z.number().int().min(0).max(1_000_000_000),
});
export type BackupTableDto = z.infer<typeof backupTableSchema>;

export const backupBeginSchema = z.object({
  passphrase,
  /** Also the corps' secrets, proxy credentials, private keys and the signing key, inside secrets.enc. */
  includeSecrets: z.boolean(),
  /** The IndexedDB schema version the rows are in (renderer/db/schema.ts). */
  schemaVersion: z.number().int().min(1).max(10_000),
  tables: z.array(backupTableSchema).min(1).max(500),
  /** The renderer's own preferences (language, reviewer, time zone…): no secrets. */
  localSettings: z
    .record(z.string().max(200), z.string().max(100_000))
    .refine((value) => Object.keys(value).length <= 200, 'at most 200 settings'),
  /** Absolute folder the backup's folder is created in; default `<data dir>/backups`. */
  parentDir: folder.optional(),
});

export const backupAppendSchema = z.object({
  backupId: id,
  table: tableName,
  /** JSONL: one encoded row per line (renderer/features/backup/rowCodec.ts), each line ending in \n. */
  lines: z.string().max(32 * 1024 * 1024),
  rows: z.number().int().min(0).max(100_000),
});

export interface BackupBeginDto {
  backupId: string;
  /** The backup's folder (absolute). */
  folder: string;
}

export interface BackupStepDto {
  /** Media files copied (backup) or restored so far, of `total`. */
  done: number;
  total: number;
  bytes: number;
  finished: boolean;
}

export interface BackupResultDto {
  backupId: string;
  folder: string;
  tables: number;
  rows: number;
  mediaFiles: number;
  mediaBytes: number;
  /** Files listed in SHA256SUMS. */
  files: number;
  manifestHash: string;
  signerFingerprint: string;
  includesSecrets: boolean;
}

/** A signed folder's problems, and a backup's own: a wrong passphrase for secrets.enc, an unknown format version. */
export const BACKUP_PROBLEMS = [...SIGNED_FOLDER_PROBLEMS, 'passphrase', 'version'] as const;
export type BackupProblemKind = (typeof BACKUP_PROBLEMS)[number];

export interface BackupProblemDto {
  /** The file's path inside the backup ('' for the folder itself). */
  file: string;
  problem: BackupProblemKind;
  detail: string;
}

export interface BackupSummaryDto {
  backupId: string;
  createdAt: string;
  schemaVersion: number;
  tables: Array<{ name: string; rows: number }>;
  rows: number;
  mediaFiles: number;
  mediaBytes: number;
  includesSecrets: boolean;
  signerFingerprint: string;
}

export interface RestoreOpenDto {
  ok: boolean;
  folder: string;
  /** Set when every check held: the handle the following restore verbs take. */
  restoreId: string | null;
  /** Files whose hash was checked. */
  checked: number;
  problems: BackupProblemDto[];
  summary: BackupSummaryDto | null;
  /** Main's side of this profile holds nothing yet (no corps, no media files). */
  mainEmpty: boolean;
}

export const restoreOpenSchema = z.object({
  folder,
  passphrase: z.string().min(1).max(1024),
  /** The newest IndexedDB schema version this app knows: a backup from a newer app is refused. */
  schemaVersion: z.number().int().min(1).max(10_000),
});

export const restoreBeginSchema = z.object({
  restoreId: id,
  /** The user confirmed replacing what this profile holds (moved aside in the data folder, not deleted). */
  replace: z.boolean(),
});

export interface RestoreBeginDto {
  /** Where main moved the profile's previous media store and settings (replace), or null. */
  movedAside: string | null;
  /** Main's media queues had run in this session: the app must be restarted to use the restored store. */
  restartRequired: boolean;
}

export const restoreReadSchema = z.object({
  restoreId: id,
  table: tableName,
  /** Byte offset in the table's file (0 first, then the previous answer's nextOffset). */
  offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
});

export interface RestoreChunkDto {
  lines: string;
  rows: number;
  nextOffset: number;
  done: boolean;
}

export interface RestoreFinishDto {
  /** The renderer's preferences as backed up. */
  localSettings: Record<string, string>;
  rows: number;
  mediaFiles: number;
}

export interface DataFolderUsageDto {
  dataDir: string;
  mediaDir: string;
  mediaFiles: number;
  mediaBytes: number;
}
