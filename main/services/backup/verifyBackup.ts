import type { BackupProblemDto } from '../../contract';
import {
  checkListedFiles,
  checkSignature,
  checkUnlisted,
  problemList,
  readSignedFolder,
  UNLISTED_FILES,
} from '../signedFolder/signedFolder';
import {
  BACKUP_FILES,
  BACKUP_FORMAT,
  MEDIA_DIR,
  backupManifestHash,
  isSafeMediaPath,
  tableFile,
  type BackupManifest,
} from './backupFormat';

export interface BackupVerification {
  ok: boolean;
  checked: number;
  problems: BackupProblemDto[];
  manifest: BackupManifest | null;
  signerFingerprint: string | null;
}

const TABLE_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

const FIXED_FILES: ReadonlySet<string> = new Set(
  Object.values(BACKUP_FILES).filter((name) => !UNLISTED_FILES.includes(name)),
);

/** A path the manifest may list: the fixed files, one file per table, or a media store file. */
function isBackupPath(manifest: BackupManifest, file: string): boolean {
  if (FIXED_FILES.has(file)) return true;
  if (file.startsWith(`${MEDIA_DIR}/`)) return isSafeMediaPath(file.slice(MEDIA_DIR.length + 1));
  return manifest.tables.some(
    (table) => TABLE_NAME.test(String(table.name)) && table.file === file && tableFile(table.name) === file,
  );
}

/**
 * Checks a backup folder completely before anything is restored (docs/backup.md §5): the manifest's
 * own hash, its Ed25519 signature by signer.pub, every listed file's size and SHA-256, no file missing
 * or added, SHA256SUMS in agreement, and a schema version this app can read. Each problem names its
 * file. The passphrase is checked afterwards by the caller (secrets.enc).
 */
export async function verifyBackup(
  folder: string,
  options: { maxSchemaVersion: number },
): Promise<BackupVerification> {
  const { problems, problem } = problemList<BackupProblemDto['problem']>();
  const done = (manifest: BackupManifest | null, checked: number, fingerprint: string | null) => ({
    ok: problems.length === 0,
    checked,
    problems,
    manifest,
    signerFingerprint: fingerprint,
  });

  const read = await readSignedFolder(
    folder,
    { problems, problem },
    {
      unreadable: (error) => `The folder cannot be read: ${error.code ?? 'error'}`,
      missingManifest: 'manifest.json is missing: this is not a backup folder.',
    },
  );
  if (!read) return done(null, 0, null);
  const manifest = read.manifest as BackupManifest;
  if (
    manifest?.format !== BACKUP_FORMAT ||
    !Array.isArray(manifest.files) ||
    !Array.isArray(manifest.tables) ||
    typeof manifest.backupId !== 'string'
  ) {
    problem(BACKUP_FILES.manifest, 'manifest', `Not a backup of format ${BACKUP_FORMAT}.`);
    return done(null, 0, null);
  }
  if (backupManifestHash(manifest) !== manifest.manifestHash)
    problem(
      BACKUP_FILES.manifest,
      'altered',
      'The manifest does not match its own manifestHash (it was edited).',
    );
  if (!Number.isInteger(manifest.schemaVersion) || manifest.schemaVersion > options.maxSchemaVersion)
    problem(
      BACKUP_FILES.manifest,
      'version',
      `The backup's archive is schema version ${manifest.schemaVersion}; this app reads up to ${options.maxSchemaVersion}.`,
    );

  const fingerprint = await checkSignature(read, manifest.signature?.publicKeyFingerprint, {
    withCause: false,
  });

  const { listed, checked } = await checkListedFiles(read, manifest.files, {
    isPath: (file) => isBackupPath(manifest, file),
    notAPath: (file) => `The manifest lists a path a backup never holds: ${file}`,
  });
  for (const table of manifest.tables) {
    if (!TABLE_NAME.test(String(table.name)))
      problem(
        BACKUP_FILES.manifest,
        'manifest',
        `The manifest names a table a backup never holds: ${String(table.name)}`,
      );
    else if (!listed.has(table.file))
      problem(table.file, 'missing', `The manifest does not list the file of table ${table.name}.`);
  }
  for (const required of [BACKUP_FILES.secrets, BACKUP_FILES.localSettings])
    if (!listed.has(required)) problem(required, 'missing', `${required} is not in the manifest.`);

  await checkUnlisted(read, manifest.files, listed, 'the backup');
  return done(manifest, checked, fingerprint);
}
