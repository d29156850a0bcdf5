import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { EvidenceProblemDto, EvidenceVerifyReportDto } from '../../contract';
import { canonicalForm, type AuditEntry } from '../../common/audit/auditChain';
import { BUNDLE_FORMAT, FILES, contentDigestOf, manifestHashOf, type Manifest } from './bundleFormat';
import {
  checkListedFiles,
  checkSignature,
  checkUnlisted,
  problemList,
  readSignedFolder,
} from '../signedFolder/signedFolder';

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
  const { problems, problem } = problemList<EvidenceProblemDto['problem']>();
  const report = (manifest: Manifest | null, checked: number, fingerprint: string | null) => ({
    ok: problems.length === 0,
    folder,
    exportId: manifest?.exportId ?? null,
    checked,
    signerFingerprint: fingerprint,
    problems,
  });

  const read = await readSignedFolder(
    folder,
    { problems, problem },
    {
      unreadable: (error) => `The folder cannot be read: ${error.message}`,
      missingManifest: 'manifest.json is missing.',
    },
  );
  if (!read) return report(null, 0, null);
  const manifest = read.manifest as Manifest;

  // The manifest, its own hash.
  if (manifest.format !== BUNDLE_FORMAT || !Array.isArray(manifest.files)) {
    problem(FILES.manifest, 'manifest', `Not a bundle of format ${BUNDLE_FORMAT}.`);
    return report(manifest, 0, null);
  }
  if (manifestHashOf(manifest) !== manifest.manifestHash)
    problem(FILES.manifest, 'altered', 'The manifest does not match its own manifestHash (it was edited).');
  if (contentDigestOf(manifest.files) !== manifest.contentDigest)
    problem(FILES.manifest, 'altered', 'The manifest does not match its contentDigest (it was edited).');

  // The signature over manifest.json, by signer.pub (and the pinned key, when given).
  const fingerprint = await checkSignature(read, manifest.signature?.publicKeyFingerprint, {
    pinnedFingerprint: options.pinnedFingerprint,
    withCause: true,
  });

  // Every listed file: present, same size and SHA-256; nothing else but the three unlisted files.
  const { listed, checked } = await checkListedFiles(read, manifest.files, {
    isPath: isBundlePath,
    notAPath: (file) => `The manifest lists an unsafe path: ${file}`,
  });
  await checkUnlisted(read, manifest.files, listed, 'the export');
  if (listed.has(FILES.audit) && read.present.has(FILES.audit))
    checkAudit(await readFile(path.join(folder, FILES.audit), 'utf8'), manifest, problem);
  return report(manifest, checked, fingerprint);
}

type Report = (file: string, kind: EvidenceProblemDto['problem'], detail: string) => void;

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
