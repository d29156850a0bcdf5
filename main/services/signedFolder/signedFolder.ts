import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * What a folder checked by `sha256sum -c SHA256SUMS` needs on the reading side, for any folder format
 * (the evidence bundle, docs/evidence.md §5; the backup, docs/backup.md §2): its files, and whether its
 * SHA256SUMS states exactly the expected hashes. Problems are reported, never thrown.
 */

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
