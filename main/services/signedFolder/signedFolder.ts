import { createHash, createPublicKey, verify as verifySignature } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SIGNED_FOLDER_PROBLEMS } from '../../contract';
import { hashFile } from '../evidence/hashedFile';
import { publicKeyFingerprint } from '../evidence/signingKey';

/**
 * What a folder checked by `sha256sum -c SHA256SUMS` needs on the reading side, for any folder format
 * (the evidence bundle, docs/evidence.md §5; the backup, docs/backup.md §2): its files, and whether its
 * SHA256SUMS states exactly the expected hashes. Problems are reported, never thrown.
 *
 * Both formats' verifiers run the same steps from here: read the folder and manifest.json
 * (`readSignedFolder`), check the Ed25519 signature (`checkSignature`), every listed file
 * (`checkListedFiles`), and what is not listed: extra files, the unlisted three, SHA256SUMS
 * (`checkUnlisted`). Each format adds its own checks between them.
 */

/** The names every signed folder uses for its manifest, sums, signature and key. */
export const SIGNED_FILES = {
  manifest: 'manifest.json',
  sums: 'SHA256SUMS',
  signature: 'manifest.sig',
  signer: 'signer.pub',
} as const;

/** Files the manifest cannot list (it is signed, then summed): checked through the signature and SHA256SUMS. */
export const UNLISTED_FILES: readonly string[] = [
  SIGNED_FILES.manifest,
  SIGNED_FILES.signature,
  SIGNED_FILES.sums,
];

/** One file as a manifest lists it. */
export interface ManifestFile {
  path: string;
  size: number;
  sha256: string;
}

/** Reports one problem naming a file of the folder ('' for the folder itself). */
export type FolderProblem = (
  file: string,
  kind: (typeof SIGNED_FOLDER_PROBLEMS)[number],
  detail: string,
) => void;

/** Every file below `folder`, '/'-separated relative paths (anything that is not a directory counts). */
export async function listFolderFiles(folder: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string, prefix: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(path.join(dir, entry.name), relative);
      else out.push(relative);
    }
  };
  await walk(folder, '');
  return out;
}

/**
 * Compares the SHA256SUMS file `sumsFile` of `folder` with `expected` (path → SHA-256): a malformed line,
 * a listed file not expected, another hash, or an expected file not listed is each one `problem` call
 * naming the sums file. A missing sums file is left to the caller (it reports missing files).
 */
export async function checkSumsFile(
  folder: string,
  sumsFile: string,
  expected: ReadonlyMap<string, string>,
  problem: (detail: string) => void,
): Promise<void> {
  let text: string;
  try {
    text = await readFile(path.join(folder, sumsFile), 'utf8');
  } catch {
    return;
  }
  const sums = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const match = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (!match?.[1] || !match[2]) {
      problem(`A line is not "<sha256>  <file>": ${line.slice(0, 80)}`);
      continue;
    }
    sums.set(match[2], match[1]);
  }
  for (const [file, sha] of sums) {
    const want = expected.get(file);
    if (want === undefined) problem(`${sumsFile} lists ${file}, which the manifest does not.`);
    else if (want !== sha) problem(`${sumsFile} states another hash for ${file}.`);
  }
  for (const file of expected.keys()) if (!sums.has(file)) problem(`${sumsFile} does not list ${file}.`);
}

/** A verifier's problem list and the `problem` function that adds to it. */
export function problemList<Kind extends string>(): {
  problems: Array<{ file: string; problem: Kind; detail: string }>;
  problem: (file: string, kind: Kind, detail: string) => void;
} {
  const problems: Array<{ file: string; problem: Kind; detail: string }> = [];
  return { problems, problem: (file, kind, detail) => void problems.push({ file, problem: kind, detail }) };
}

/** A folder being verified: its files, manifest.json's bytes and the problems found so far. */
export interface FolderCheck {
  folder: string;
  present: ReadonlySet<string>;
  manifestBytes: Buffer;
  problems: ReadonlyArray<{ file: string; problem: string }>;
  problem: FolderProblem;
}

/**
 * The folder's files and manifest.json as bytes and parsed JSON (its shape is the caller's to check), or
 * null after reporting why not: the folder cannot be listed (`unreadable` gives the detail), or
 * manifest.json is missing (`missingManifest`) or not JSON.
 */
export async function readSignedFolder(
  folder: string,
  { problems, problem }: Pick<FolderCheck, 'problems' | 'problem'>,
  details: { unreadable: (error: NodeJS.ErrnoException) => string; missingManifest: string },
): Promise<(FolderCheck & { manifest: unknown }) | null> {
  let present: Set<string>;
  try {
    present = new Set(await listFolderFiles(folder));
  } catch (error) {
    problem('', 'unreadable', details.unreadable(error as NodeJS.ErrnoException));
    return null;
  }
  try {
    const manifestBytes = await readFile(path.join(folder, SIGNED_FILES.manifest));
    const manifest = JSON.parse(manifestBytes.toString('utf8')) as unknown;
    return { folder, present, manifestBytes, problems, problem, manifest };
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    problem(
      SIGNED_FILES.manifest,
      missing ? 'missing' : 'manifest',
      missing ? details.missingManifest : 'manifest.json is not JSON.',
    );
    return null;
  }
}

/**
 * manifest.sig must be signer.pub's Ed25519 signature over the manifest's bytes, signer.pub the key the
 * manifest names (`namedFingerprint`) and, when given, the pinned key. Returns signer.pub's fingerprint
 * (null when it cannot be read). `withCause` adds the error's message to an unusable file's detail.
 */
export async function checkSignature(
  { folder, manifestBytes, problem }: FolderCheck,
  namedFingerprint: string | undefined,
  options: { pinnedFingerprint?: string | undefined; withCause: boolean },
): Promise<string | null> {
  let fingerprint: string | null = null;
  try {
    const publicKey = createPublicKey(await readFile(path.join(folder, SIGNED_FILES.signer), 'utf8'));
    fingerprint = publicKeyFingerprint(publicKey);
    const signature = await readFile(path.join(folder, SIGNED_FILES.signature));
    if (!verifySignature(null, manifestBytes, publicKey, signature))
      problem(
        SIGNED_FILES.signature,
        'signature',
        'The signature does not match manifest.json and signer.pub.',
      );
    if (fingerprint !== namedFingerprint)
      problem(SIGNED_FILES.signer, 'signature', 'signer.pub is not the key the manifest names.');
    if (
      options.pinnedFingerprint &&
      normaliseFingerprint(options.pinnedFingerprint) !== normaliseFingerprint(fingerprint)
    )
      problem(SIGNED_FILES.signer, 'signature', `Signed by ${fingerprint}, not by the pinned key.`);
  } catch (error) {
    const { code, path: errorPath, message } = error as NodeJS.ErrnoException;
    const file = code === 'ENOENT' && errorPath ? path.basename(errorPath) : SIGNED_FILES.signer;
    problem(
      file,
      code === 'ENOENT' ? 'missing' : 'signature',
      options.withCause ? `${file} cannot be used: ${message}` : `${file} cannot be used.`,
    );
  }
  return fingerprint;
}

function normaliseFingerprint(value: string): string {
  return value.replace(/[^0-9a-f]/gi, '').toLowerCase();
}

/**
 * Every file the manifest lists must be a path of the format (`isPath`; `notAPath` words the problem),
 * present, and of its listed size and SHA-256. Returns the listed files by path and how many were hashed.
 */
export async function checkListedFiles(
  { folder, present, problem }: FolderCheck,
  files: readonly ManifestFile[],
  paths: { isPath: (file: string) => boolean; notAPath: (file: string) => string },
): Promise<{ listed: Map<string, ManifestFile>; checked: number }> {
  const listed = new Map<string, ManifestFile>();
  let checked = 0;
  for (const entry of files) {
    listed.set(entry.path, entry);
    if (typeof entry.path !== 'string' || !paths.isPath(entry.path)) {
      problem(SIGNED_FILES.manifest, 'manifest', paths.notAPath(String(entry.path)));
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
  return { listed, checked };
}

/**
 * What the manifest does not list: a file of the folder it does not list is `extra` (`addedAfter`, e.g.
 * 'the backup', says after what), each of the three unlisted files must be there (unless `problems`
 * already has it missing), and SHA256SUMS must state exactly the listed files, manifest.json and
 * manifest.sig.
 */
export async function checkUnlisted(
  { folder, present, manifestBytes, problems, problem }: FolderCheck,
  files: readonly ManifestFile[],
  listed: ReadonlyMap<string, ManifestFile>,
  addedAfter: string,
): Promise<void> {
  for (const file of present)
    if (!listed.has(file) && !UNLISTED_FILES.includes(file))
      problem(file, 'extra', `In the folder but not in the manifest (added after ${addedAfter}).`);
  for (const file of UNLISTED_FILES)
    if (!present.has(file) && !problems.some((p) => p.file === file && p.problem === 'missing'))
      problem(file, 'missing', `${file} is missing.`);

  const expected = new Map<string, string>(files.map((file) => [file.path, file.sha256]));
  expected.set(SIGNED_FILES.manifest, createHash('sha256').update(manifestBytes).digest('hex'));
  if (present.has(SIGNED_FILES.signature))
    expected.set(SIGNED_FILES.signature, (await hashFile(path.join(folder, SIGNED_FILES.signature))).sha256);
  await checkSumsFile(folder, SIGNED_FILES.sums, expected, (detail) =>
    problem(SIGNED_FILES.sums, 'sums', detail),
  );
}
