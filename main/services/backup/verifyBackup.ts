import { createHash, createPublicKey, verify as verifySignature } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { BackupProblemDto } from '../../contract';
import type { ManifestFile } from '../evidence/bundleFormat';
import { hashFile } from '../evidence/hashedFile';
import { publicKeyFingerprint } from '../evidence/signingKey';
import { checkSumsFile, listFolderFiles } from '../signedFolder/signedFolder';
import {
  BACKUP_FILES,
  BACKUP_FORMAT,
  MEDIA_DIR,
  UNLISTED,
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
  Object.values(BACKUP_FILES).filter((name) => !UNLISTED.includes(name)),
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
  const problems: BackupProblemDto[] = [];
  const problem = (file: string, kind: BackupProblemDto['problem'], detail: string) =>
    problems.push({ file, problem: kind, detail });
  const done = (manifest: BackupManifest | null, checked: number, fingerprint: string | null) => ({
    ok: problems.length === 0,
    checked,
    problems,
    manifest,
    signerFingerprint: fingerprint,
  });

  let present: Set<string>;
  try {
    present = new Set(await listFolderFiles(folder));
  } catch (error) {
    problem(
      '',
      'unreadable',
      `The folder cannot be read: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
    );
    return done(null, 0, null);
  }

  let manifestBytes: Buffer;
  let manifest: BackupManifest;
  try {
    manifestBytes = await readFile(path.join(folder, BACKUP_FILES.manifest));
    manifest = JSON.parse(manifestBytes.toString('utf8')) as BackupManifest;
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    problem(
      BACKUP_FILES.manifest,
      missing ? 'missing' : 'manifest',
      missing ? 'manifest.json is missing: this is not a backup folder.' : 'manifest.json is not JSON.',
    );
    return done(null, 0, null);
  }
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

  let fingerprint: string | null = null;
  try {
    const publicKey = createPublicKey(await readFile(path.join(folder, BACKUP_FILES.signer), 'utf8'));
    fingerprint = publicKeyFingerprint(publicKey);
    const signature = await readFile(path.join(folder, BACKUP_FILES.signature));
    if (!verifySignature(null, manifestBytes, publicKey, signature))
      problem(
        BACKUP_FILES.signature,
        'signature',
        'The signature does not match manifest.json and signer.pub.',
      );
    if (fingerprint !== manifest.signature?.publicKeyFingerprint)
      problem(BACKUP_FILES.signer, 'signature', 'signer.pub is not the key the manifest names.');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const errorPath = (error as NodeJS.ErrnoException).path;
    const file = code === 'ENOENT' && errorPath ? path.basename(errorPath) : BACKUP_FILES.signer;
    problem(file, code === 'ENOENT' ? 'missing' : 'signature', `${file} cannot be used.`);
  }

  const listed = new Map<string, ManifestFile>();
  let checked = 0;
  for (const entry of manifest.files) {
    listed.set(entry.path, entry);
    if (typeof entry.path !== 'string' || !isBackupPath(manifest, entry.path)) {
      problem(
        BACKUP_FILES.manifest,
        'manifest',
        `The manifest lists a path a backup never holds: ${String(entry.path)}`,
      );
      continue;
    }
    if (!present.has(entry.path)) {
      problem(entry.path, 'missing', 'Listed in the manifest but not in the folder.');
      continue;
    }
    const actual = await hashFile(path.join(folder, ...entry.path.split('/')));
    checked += 1;
    if (actual.sha256 !== entry.sha256 || actual.size !== entry.size)
      problem(
        entry.path,
        'altered',
        `SHA-256 ${actual.sha256} (${actual.size} bytes), expected ${entry.sha256} (${entry.size} bytes).`,
      );
  }
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
  for (const file of present)
    if (!listed.has(file) && !UNLISTED.includes(file))
      problem(file, 'extra', 'In the folder but not in the manifest (added after the backup).');
  for (const file of UNLISTED)
    if (!present.has(file) && !problems.some((p) => p.file === file && p.problem === 'missing'))
      problem(file, 'missing', `${file} is missing.`);

  await checkSums(folder, manifest, manifestBytes, present, problem);
  return done(manifest, checked, fingerprint);
}

/** SHA256SUMS must list exactly the folder's files but itself, with their true hashes. */
async function checkSums(
  folder: string,
  manifest: BackupManifest,
  manifestBytes: Buffer,
  present: ReadonlySet<string>,
  problem: (file: string, kind: BackupProblemDto['problem'], detail: string) => void,
): Promise<void> {
  const expected = new Map<string, string>(manifest.files.map((file) => [file.path, file.sha256]));
  expected.set(BACKUP_FILES.manifest, createHash('sha256').update(manifestBytes).digest('hex'));
  if (present.has(BACKUP_FILES.signature))
    expected.set(BACKUP_FILES.signature, (await hashFile(path.join(folder, BACKUP_FILES.signature))).sha256);
  await checkSumsFile(folder, BACKUP_FILES.sums, expected, (detail) =>
    problem(BACKUP_FILES.sums, 'sums', detail),
  );
}
