import { createHash } from 'node:crypto';
import { canonicalJson } from '../../common/audit/auditChain';
import { SIGNED_FILES, type ManifestFile } from '../signedFolder/signedFolder';

export type { ManifestFile };

/**
 * The bundle's fixed facts (docs/evidence.md): file names, the manifest's shape and canonical form, the
 * CSV columns, the SHA256SUMS lines. The writer and the verifier (in the app and `npm run
 * verify-evidence`) both read them from here.
 */

export const BUNDLE_FORMAT = 'wecom-archive-evidence/1';

export const FILES = {
  html: 'index.html',
  pdf: 'report.pdf',
  csv: 'messages.csv',
  jsonl: 'messages.jsonl',
  media: 'media.jsonl',
  audit: 'audit.jsonl',
  readme: 'README.txt',
  ...SIGNED_FILES,
} as const;

export const MEDIA_DIR = 'media';

/**
 * messages.csv columns, in this order forever (a new column goes at the end, docs/evidence.md §2.3).
 * `review_*` are the reviewers' marks, not part of the archived message.
 */
export const CSV_COLUMNS = [
  'row',
  'corpid',
  'seq',
  'msgid',
  'status',
  'publickey_ver',
  'time',
  'time_utc_ms',
  'conversation',
  'conv_id',
  'sender_id',
  'sender_name',
  'tolist',
  'roomid',
  'msgtype',
  'action',
  'text',
  'media_files',
  'media_sha256',
  'context',
  'review_flag',
  'review_tags',
  'review_note',
  'review_cases',
] as const;

/** One CSV field (RFC 4180): quoted when it holds a comma, quote, CR/LF or edge spaces. */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function csvLine(values: readonly string[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

export interface Manifest {
  format: typeof BUNDLE_FORMAT;
  exportId: string;
  createdAt: string;
  createdAtMs: number;
  timeZone: string;
  locale: string;
  reviewer: { name: string; employeeId?: string };
  app: { name: string; version: string; shell: string };
  scope: {
    kind: string;
    title: string;
    parameters: Record<string, string | number | boolean | null>;
    contextMessages: number;
  };
  counts: {
    messages: number;
    askedMessages: number;
    contextMessages: number;
    conversations: number;
    mediaFiles: number;
    mediaMissing: number;
    auditEntries: number;
  };
  corps: Array<{ corpId: string; corpid: string; messages: number; seqFrom: string; seqTo: string }>;
  timeRange: { fromMs: number | null; toMs: number | null };
  /** Every file of the bundle but manifest.json, manifest.sig and SHA256SUMS, sorted by path. */
  files: ManifestFile[];
  /** SHA-256 of the SHA256SUMS lines of every listed file except report.pdf (printed in the PDF's footer). */
  contentDigest: string;
  signature: { algorithm: 'Ed25519'; publicKeyFingerprint: string; file: string; signs: string };
  canonicalForm: string;
  /** SHA-256 of canonicalJson(this manifest without `manifestHash`). */
  manifestHash: string;
}

export const CANONICAL_FORM =
  'manifestHash = SHA-256 (lowercase hex) of the UTF-8 bytes of the manifest without its manifestHash field, ' +
  'as JSON with object keys sorted by UTF-16 code units at every depth and no whitespace (docs/audit-trail.md, Canonical form).';

export const sha256Text = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export function manifestHashOf(manifest: Omit<Manifest, 'manifestHash'> | Manifest): string {
  return sha256Text(canonicalJson({ ...manifest, manifestHash: undefined }));
}

/** `<sha256>  <path>` lines as `sha256sum` writes and `sha256sum -c` reads them (text mode, two spaces). */
export function sumsLines(files: readonly ManifestFile[]): string {
  return files.map((file) => `${file.sha256}  ${file.path}\n`).join('');
}

export function contentDigestOf(files: readonly ManifestFile[]): string {
  return sha256Text(sumsLines(files.filter((file) => file.path !== FILES.pdf)));
}

/** Bundle paths sort by UTF-16 code units, so the order never depends on a locale. */
export function byPath(a: ManifestFile, b: ManifestFile): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}
