import { createHash, createPublicKey, verify as verifySignature } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { EvidenceProblemDto, EvidenceVerifyReportDto } from '../../contract';
import { canonicalForm, type AuditEntry } from '../../common/audit/auditChain';
import {
  BUNDLE_FORMAT,
  FILES,
  UNLISTED_IN_MANIFEST,
  contentDigestOf,
  manifestHashOf,
  type Manifest,
  type ManifestFile,
} from './bundleFormat';
import { checkSumsFile, listFolderFiles } from '../signedFolder/signedFolder';
import { hashFile } from './hashedFile';
import { publicKeyFingerprint } from './signingKey';

/**
 * Checks an evidence bundle (issue 13, docs/evidence.md §6) with node:crypto only — the app's
 * "Verify a bundle" and `npm run verify-evidence` run this same code. Every file of the manifest is
 * hashed, every file of the folder must be listed, SHA256SUMS must agree, the manifest's own hash and
 * its Ed25519 signature must hold, and the audit entries must be intact. Each problem names its file.
 */
export async function verifyBundle(
  folder: string,
  options: { pinnedFingerprint?: string } = {},
): Promise<EvidenceVerifyReportDto> {
  const problems: EvidenceProblemDto[] = [];
  const problem = (file: string, kind: EvidenceProblemDto['problem'], detail: string) =>
    problems.push({ file, problem: kind, detail });
  const report = (manifest: Manifest | null, checked: number, fingerprint: string | null) => ({
    ok: problems.length === 0,
    folder,
    exportId: manifest?.exportId ?? null,
    checked,
    signerFingerprint: fingerprint,
    problems,
  });

  let present: Set<string>;
  try {
    present = new Set(await listFolderFiles(folder));
  } catch (error) {
    problem('', 'unreadable', `The folder cannot be read: ${(error as Error).message}`);
    return report(null, 0, null);
  }

  // The manifest, its own hash.
  let manifestBytes: Buffer;
  let manifest: Manifest;
  try {
    manifestBytes = await readFile(path.join(folder, FILES.manifest));
    manifest = JSON.parse(manifestBytes.toString('utf8')) as Manifest;
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    problem(
      FILES.manifest,
      missing ? 'missing' : 'manifest',
      missing ? 'manifest.json is missing.' : 'manifest.json is not JSON.',
    );
    return report(null, 0, null);
  }
  if (manifest.format !== BUNDLE_FORMAT || !Array.isArray(manifest.files)) {
    problem(FILES.manifest, 'manifest', `Not a bundle of format ${BUNDLE_FORMAT}.`);
    return report(manifest, 0, null);
  }
  if (manifestHashOf(manifest) !== manifest.manifestHash)
    problem(FILES.manifest, 'altered', 'The manifest does not match its own manifestHash (it was edited).');
  if (contentDigestOf(manifest.files) !== manifest.contentDigest)
    problem(FILES.manifest, 'altered', 'The manifest does not match its contentDigest (it was edited).');

  // The signature over manifest.json, by signer.pub (and the pinned key, when given).
  let fingerprint: string | null = null;
  try {
    const publicKey = createPublicKey(await readFile(path.join(folder, FILES.signer), 'utf8'));
    fingerprint = publicKeyFingerprint(publicKey);
    const signature = await readFile(path.join(folder, FILES.signature));
    if (!verifySignature(null, manifestBytes, publicKey, signature))
      problem(FILES.signature, 'signature', 'The signature does not match manifest.json and signer.pub.');
    if (fingerprint !== manifest.signature?.publicKeyFingerprint)
      problem(FILES.signer, 'signature', 'signer.pub is not the key the manifest names.');
    if (
      options.pinnedFingerprint &&
      normaliseFingerprint(options.pinnedFingerprint) !== normaliseFingerprint(fingerprint)
    )
      problem(FILES.signer, 'signature', `Signed by ${fingerprint}, not by the pinned key.`);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const file =
      code === 'ENOENT' ? path.basename((error as NodeJS.ErrnoException).path ?? FILES.signer) : FILES.signer;
    problem(
      file,
      code === 'ENOENT' ? 'missing' : 'signature',
      `${file} cannot be used: ${(error as Error).message}`,
    );
  }

  // Every listed file: present, same size and SHA-256.
  const listed = new Map<string, ManifestFile>();
  let checked = 0;
  for (const entry of manifest.files) {
    listed.set(entry.path, entry);
    if (!isBundlePath(entry.path)) {
      problem(FILES.manifest, 'manifest', `The manifest lists an unsafe path: ${entry.path}`);
      continue;
    }
    if (!present.has(entry.path)) {
      problem(entry.path, 'missing', 'Listed in the manifest but not in the folder.');
      continue;
    }
    const actual = await hashFile(path.join(folder, entry.path));
    checked += 1;
    if (actual.sha256 !== entry.sha256 || actual.size !== entry.size)
      problem(
        entry.path,
        'altered',
        `SHA-256 ${actual.sha256} (${actual.size} bytes), expected ${entry.sha256} (${entry.size} bytes).`,
      );
  }
  for (const file of present)
    if (!listed.has(file) && !UNLISTED_IN_MANIFEST.includes(file))
      problem(file, 'extra', 'In the folder but not in the manifest (added after the export).');
  for (const file of UNLISTED_IN_MANIFEST)
    if (!present.has(file) && !problems.some((p) => p.file === file && p.problem === 'missing'))
      problem(file, 'missing', `${file} is missing.`);

  await checkSums(folder, manifest, manifestBytes, present, problem);
  if (listed.has(FILES.audit) && present.has(FILES.audit))
    checkAudit(await readFile(path.join(folder, FILES.audit), 'utf8'), manifest, problem);
  return report(manifest, checked, fingerprint);
}

type Report = (file: string, kind: EvidenceProblemDto['problem'], detail: string) => void;

/** SHA256SUMS must list exactly the bundle's files but itself, with their true hashes. */
async function checkSums(
  folder: string,
  manifest: Manifest,
  manifestBytes: Buffer,
  present: ReadonlySet<string>,
  problem: Report,
): Promise<void> {
  const expected = new Map<string, string>(manifest.files.map((file) => [file.path, file.sha256]));
  expected.set(FILES.manifest, createHash('sha256').update(manifestBytes).digest('hex'));
  if (present.has(FILES.signature))
    expected.set(FILES.signature, (await hashFile(path.join(folder, FILES.signature))).sha256);
  await checkSumsFile(folder, FILES.sums, expected, (detail) => problem(FILES.sums, 'sums', detail));
}

/**
 * audit.jsonl: every entry's hash is its canonical form's SHA-256, seqs ascend, consecutive entries
 * link (prevHash), and the last entry is this export's.
 */
function checkAudit(text: string, manifest: Manifest, problem: Report): void {
  const lines = text.split('\n').filter((line) => line !== '');
  let previous: AuditEntry | null = null;
  for (const [index, line] of lines.entries()) {
    let entry: AuditEntry;
    try {
      entry = JSON.parse(line) as AuditEntry;
    } catch {
      problem(FILES.audit, 'audit-chain', `Line ${index + 1} is not JSON.`);
      return;
    }
    const hash = createHash('sha256').update(canonicalForm(entry), 'utf8').digest('hex');
    if (hash !== entry.hash)
      problem(FILES.audit, 'audit-chain', `Entry seq ${entry.seq} does not match its hash.`);
    if (previous && entry.seq <= previous.seq)
      problem(FILES.audit, 'audit-chain', `Entry seq ${entry.seq} is out of order.`);
    if (previous && entry.seq === previous.seq + 1 && entry.prevHash !== previous.hash)
      problem(FILES.audit, 'audit-chain', `Entry seq ${entry.seq} does not link to seq ${previous.seq}.`);
    previous = entry;
  }
  const last = previous as (AuditEntry & { target?: { exportId?: unknown } }) | null;
  if (!last || last.action !== 'evidence.exported' || last.target?.exportId !== manifest.exportId)
    problem(FILES.audit, 'audit-chain', 'The last entry is not this export’s own entry.');
  if (lines.length !== manifest.counts?.auditEntries)
    problem(
      FILES.audit,
      'audit-chain',
      `${lines.length} entries, the manifest says ${manifest.counts?.auditEntries}.`,
    );
}

function normaliseFingerprint(value: string): string {
  return value.replace(/[^0-9a-f]/gi, '').toLowerCase();
}

/** A relative path of the bundle: forward slashes, no `..`, nothing absolute. */
function isBundlePath(file: string): boolean {
  return (
    typeof file === 'string' &&
    file !== '' &&
    !file.startsWith('/') &&
    !file.includes('\\') &&
    file.split('/').every((part) => part !== '' && part !== '.' && part !== '..')
  );
}
