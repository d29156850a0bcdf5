/**
 * Client-side checks of a private key import before anything is sent: the version must be an
 * integer ≥ 1 (publickey_ver) and some key text must be present. Parsing the key is main's job.
 */
export type KeyImportProblem = 'versionInvalid' | 'empty';

export function checkKeyImport(
  versionText: string,
  keyText: string,
): { version: number } | { problem: KeyImportProblem } {
  const trimmed = versionText.trim();
  const version = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || !Number.isSafeInteger(version) || version < 1)
    return { problem: 'versionInvalid' };
  if (keyText.trim() === '') return { problem: 'empty' };
  return { version };
}

/** The version to suggest: the lowest version with messages waiting for a key, else one past the newest key. */
export function suggestedKeyVersion(keyVersions: number[], missingVersions: number[]): number {
  const missing = missingVersions.filter((version) => !keyVersions.includes(version));
  if (missing.length > 0) return Math.min(...missing);
  return keyVersions.length > 0 ? Math.max(...keyVersions) + 1 : 1;
}
