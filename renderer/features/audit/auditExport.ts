import { canonicalJson, type AuditEntry } from '../../../main/common/audit/auditChain';
import type { AuditHeadDto } from '../../../main/contract';

/** How an exported line is formed, stated in the export's head file and in docs/audit-trail.md. */
export const CANONICAL_FORM_STATEMENT =
  'Each line is one entry as JSON with object keys sorted by UTF-16 code units at every depth, no ' +
  'whitespace, strings escaped as JSON.stringify does, UTF-8, lines ending in \\n, in seq order. An ' +
  "entry's hash is the SHA-256 (lowercase hex) of the same form of the entry without its hash field; " +
  "prevHash is the previous entry's hash, 64 zeros for seq 1.";

export interface AuditExportFile {
  name: string;
  mediaType: string;
  text: string;
}

/**
 * The trail as JSON Lines (each line the entry's canonical JSON, hash included) and a head file with
 * main's recorded head and the statement of the canonical form, for a verifier outside the app.
 */
export function exportAuditTrail(
  entries: readonly AuditEntry[],
  head: AuditHeadDto | null,
  baseName: string,
  exportedAt: number,
): AuditExportFile[] {
  const lines = entries.map((entry) => `${canonicalJson(entry)}\n`).join('');
  const last = entries.at(-1);
  const headFile = {
    exportedAt: new Date(exportedAt).toISOString(),
    entries: entries.length,
    last: last ? { seq: last.seq, hash: last.hash } : null,
    mainHead: head,
    canonicalForm: CANONICAL_FORM_STATEMENT,
    verify: `npm run verify-trail -- ${baseName}.jsonl --head ${head?.hash ?? last?.hash ?? ''}`.trim(),
  };
  return [
    { name: `${baseName}.jsonl`, mediaType: 'application/jsonl', text: lines },
    {
      name: `${baseName}.head.json`,
      mediaType: 'application/json',
      text: `${JSON.stringify(headFile, null, 2)}\n`,
    },
  ];
}
