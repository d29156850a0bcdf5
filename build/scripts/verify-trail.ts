import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { verifyChain, type AuditHead, type AuditVerification } from '../../main/common/audit/auditChain';

/**
 * `npm run verify-trail -- FILE [--head HASH | --head SEQ:HASH]`: checks an exported audit trail
 * (JSON Lines, docs/audit-trail.md) with the app's own rules and node:crypto. Exit 0: intact; 1: broken
 * (the first broken link is printed); 2: bad usage or an unreadable file.
 */
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export function parseTrail(text: string): unknown[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      try {
        return JSON.parse(line) as unknown;
      } catch {
        throw new Error(`line ${index + 1} is not JSON`);
      }
    });
}

/** `HASH` names the last entry by its hash (its seq is looked up); `SEQ:HASH` states both. */
export function parseHead(value: string, entries: readonly unknown[]): AuditHead {
  const match = /^(?:(\d+):)?([0-9a-f]{64})$/.exec(value);
  if (!match?.[2]) throw new Error('--head takes 64 lowercase hex digits, optionally prefixed by "SEQ:"');
  const hash = match[2];
  if (match[1]) return { seq: Number(match[1]), hash };
  const found = entries.find((entry) => (entry as { hash?: unknown }).hash === hash) as
    { seq?: unknown } | undefined;
  // A head whose entry is gone: the tail was cut at least up to it (the seq is unknown, so after the end).
  return { seq: typeof found?.seq === 'number' ? found.seq : entries.length + 1, hash };
}

export async function verifyTrailFile(file: string, head: string | null): Promise<AuditVerification> {
  const entries = parseTrail(readFileSync(file, 'utf8'));
  return verifyChain(entries, head === null ? null : parseHead(head, entries), sha256);
}

async function main(argv: string[]): Promise<number> {
  const headAt = argv.indexOf('--head');
  const head = headAt >= 0 ? (argv[headAt + 1] ?? '') : null;
  const positional = argv.filter((_, index) => headAt < 0 || (index !== headAt && index !== headAt + 1));
  const file = positional[0];
  if (!file) {
    process.stderr.write('usage: npm run verify-trail -- FILE [--head HASH | --head SEQ:HASH]\n');
    return 2;
  }
  try {
    const started = performance.now();
    const report = await verifyTrailFile(file, head);
    const ms = (performance.now() - started).toFixed(0);
    if (report.broken) {
      process.stdout.write(
        `BROKEN at seq ${report.broken.seq}: ${report.broken.kind} (${report.count} entries read)\n`,
      );
      return 1;
    }
    const last = report.last ? `last seq ${report.last.seq} ${report.last.hash}` : 'empty';
    const checked = head === null ? 'no head given: a removed tail cannot be seen' : 'matches the head';
    process.stdout.write(`OK ${report.count} entries, ${last}; ${checked} (${ms} ms)\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`verify-trail: ${file}: ${(error as Error).message}\n`);
    return 2;
  }
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  void main(process.argv.slice(2)).then((code) => process.exit(code));
}
