import type { ArchiveServiceDeps } from '../services/archiveService.types';

export type ShellLog = ArchiveServiceDeps['log'];

/**
 * Field names whose values never reach a log line, whoever passes them (docs/style.md §5). The service
 * should not log secrets in the first place; this is the second fence.
 */
const sensitiveFieldName = /secret|token|passw|credential|private|key(text|pem)?$|authorization|cookie/i;

function redact(fields: Record<string, unknown>): Record<string, unknown> {
  const safe: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    safe[name] = sensitiveFieldName.test(name) ? '[redacted]' : value;
  }
  return safe;
}

/** One JSON object per line on `write` (stderr by default), so logs stay greppable and parseable. */
export function createJsonLog(
  write: (line: string) => void = (line) => process.stderr.write(line),
  now: () => Date = () => new Date(),
): ShellLog {
  return (level, message, fields) => {
    const entry = { time: now().toISOString(), level, message, ...(fields ? redact(fields) : {}) };
    let line: string;
    try {
      line = JSON.stringify(entry);
    } catch {
      // Cyclic or BigInt fields: keep the message rather than lose the line.
      line = JSON.stringify({ time: entry.time, level, message, fields: '[unserialisable]' });
    }
    write(`${line}\n`);
  };
}
