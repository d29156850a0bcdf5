import { canonicalJson } from '../../common/audit/auditChain';
import { sha256Text } from '../evidence/bundleFormat';
import { SIGNED_FILES, type ManifestFile } from '../signedFolder/signedFolder';

/**
 * The backup folder's fixed facts (docs/backup.md §2): file names, the manifest's shape and its
 * canonical hash. The writer and the verifier both read them from here. Hashing, SHA256SUMS lines and
 * the signature are the evidence bundle's (main/services/evidence/bundleFormat.ts, signingKey.ts).
 */

export const BACKUP_FORMAT = 'wecom-archive-backup/1';

export const BACKUP_FILES = {
  ...SIGNED_FILES,
  readme: 'README.txt',
  secrets: 'secrets.enc',
  mainConfig: 'settings/config.json',
  auditHead: 'settings/audit-head.json',
  localSettings: 'settings/renderer.json',
} as const;

export const TABLES_DIR = 'tables';
export const MEDIA_DIR = 'media';

/** The rows of one IndexedDB table: `tables/<name>.jsonl`, one encoded row per line. */
export const tableFile = (name: string): string => `${TABLES_DIR}/${name}.jsonl`;

/**
 * A media store path as the backup may hold it (relative to `<data dir>/media`, '/'-separated): the
 * store names everything by digests, numbers and fixed extensions (main/services/media/mediaPaths.ts),
 * so anything else — `..`, absolute paths, other names — is refused on restore.
 */
const MEDIA_SEGMENT = /^[0-9a-z][0-9a-z._-]{0,127}$/;
export function isSafeMediaPath(relative: string): boolean {
  const parts = relative.split('/');
  return (
    parts.length >= 2 && parts.length <= 6 && parts.every((part) => MEDIA_SEGMENT.test(part) && part !== '..')
  );
}

/** Media store folders that are not archive content: copies handed to other apps (removed at start). */
export const MEDIA_SKIPPED_DIRS: ReadonlySet<string> = new Set(['open']);

export interface BackupTableEntry {
  name: string;
  file: string;
  keyPath: string | string[] | null;
  autoIncrement: boolean;
  rows: number;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  backupId: string;
  createdAt: string;
  createdAtMs: number;
  app: { name: string; version: string; shell: string };
  /** The IndexedDB schema version the rows are in. */
  schemaVersion: number;
  /** How rows are stored: as IndexedDB holds them, sealed fields still sealed (docs/backup.md §3). */
  rowEncoding: string;
  tables: BackupTableEntry[];
  media: { files: number; bytes: number };
  /** Whether secrets.enc holds the corps' secrets and keys too (it always holds the wrapped data key). */
  includesSecrets: boolean;
  /** Every file but manifest.json, manifest.sig and SHA256SUMS, sorted by path. */
  files: ManifestFile[];
  signature: { algorithm: 'Ed25519'; publicKeyFingerprint: string; file: string; signs: string };
  /** SHA-256 of canonicalJson(this manifest without `manifestHash`). */
  manifestHash: string;
}

export const ROW_ENCODING =
  'JSON lines; each line one row exactly as IndexedDB stores it (sealed blobs included), non-JSON values ' +
  'tagged {"$t":kind,"v":…} (renderer/features/backup/rowCodec.ts); a table with keyPath null stores [key,row].';

export function backupManifestHash(manifest: Omit<BackupManifest, 'manifestHash'> | BackupManifest): string {
  return sha256Text(canonicalJson({ ...manifest, manifestHash: undefined }));
}

/** The backup's id, also its folder's name: time (UTC) and 48 random bits given as hex. */
export function backupIdOf(now: number, randomHex: string): string {
  const stamp = new Date(now)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `BK-${stamp}-${randomHex}`;
}

export function backupReadme(backupId: string): string {
  return [
    `WeCom archive backup ${backupId}`,
    '',
    'This folder is a complete backup of one WeCom Archive Viewer profile: every IndexedDB table',
    '(tables/*.jsonl), the media store (media/), the non-secret settings (settings/) and the archive',
    'data key wrapped under the backup passphrase (secrets.enc). Restore it in Settings → Back up and',
    'restore. Check that nothing was changed, offline, with:',
    '',
    '    sha256sum -c SHA256SUMS',
    '',
    'The message texts inside tables/ are sealed (AES-256-GCM) under the data key; without the',
    'passphrase they cannot be read. Media files are stored as downloaded (not encrypted).',
    '',
    `企业微信会话存档备份 ${backupId}`,
    '',
    '本文件夹是一个 WeCom Archive Viewer 配置文件的完整备份：全部 IndexedDB 数据表（tables/*.jsonl）、',
    '媒体库（media/）、非机密设置（settings/）以及用备份口令封装的存档数据密钥（secrets.enc）。',
    '请在“设置 → 备份与恢复”中恢复。可离线用以下命令检查内容未被改动：',
    '',
    '    sha256sum -c SHA256SUMS',
    '',
    'tables/ 中的消息文本以数据密钥（AES-256-GCM）加密保存，没有备份口令无法读取。媒体文件按下载原样保存（未加密）。',
    '',
  ].join('\n');
}
