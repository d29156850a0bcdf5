import path from 'node:path';
import { verifyBundle } from '../../main/services/evidence/verifyBundle';

/**
 * `npm run verify-evidence -- DIR [--pin FINGERPRINT]`: checks an evidence bundle (issue 13,
 * docs/evidence.md §6) with node:crypto, no build needed — the same code as the app's "Verify a bundle".
 * Prints one line per problem, naming the file. Exit 0: everything holds; 1: a problem; 2: bad usage.
 */
async function main(argv: string[]): Promise<number> {
  const pinAt = argv.indexOf('--pin');
  const pin = pinAt >= 0 ? argv[pinAt + 1] : undefined;
  const positional = argv.filter((_, index) => pinAt < 0 || (index !== pinAt && index !== pinAt + 1));
  const folder = positional[0];
  if (!folder || (pinAt >= 0 && !pin)) {
    process.stderr.write('usage: npm run verify-evidence -- DIR [--pin FINGERPRINT]\n');
    return 2;
  }
  const report = await verifyBundle(path.resolve(folder), pin ? { pinnedFingerprint: pin } : {});
  for (const problem of report.problems)
    process.stdout.write(`${problem.problem.toUpperCase()} ${problem.file || '.'}: ${problem.detail}\n`);
  if (report.signerFingerprint) process.stdout.write(`signer ${report.signerFingerprint}\n`);
  process.stdout.write(
    report.ok
      ? `OK ${report.exportId ?? ''}: ${report.checked} files, signature and audit entries hold\n`
      : `FAILED ${report.exportId ?? ''}: ${report.problems.length} problem(s)\n`,
  );
  return report.ok ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
