import { z } from 'zod';

/**
 * Evidence export (issue 13): the renderer reads the archive and streams it to main in chunks; main
 * writes the bundle (docs/evidence.md), hashes, signs and verifies it. These are the verbs' schemas
 * and results; `methods.ts` lists them with the other verbs.
 */

const id = z.string().min(1).max(128);
const seqString = z.string().regex(/^(0|[1-9]\d{0,19})$/, 'seq must be an unsigned decimal integer');

export const EVIDENCE_SCOPE_KINDS = [
  'conversation',
  'selection',
  'search',
  'case',
  'rule',
  'person',
] as const;
export type EvidenceScopeKind = (typeof EVIDENCE_SCOPE_KINDS)[number];

/** What the reviewer asked for, recorded in the manifest as given (no message content). */
export const evidenceScopeSchema = z.object({
  kind: z.enum(EVIDENCE_SCOPE_KINDS),
  /** One line a person reads, e.g. the chat's title and the range. */
  title: z.string().max(500),
  /** The filter: conversation id and range, search query and filters, case id… */
  parameters: z
    .record(z.string().max(64), z.union([z.string().max(4000), z.number(), z.boolean(), z.null()]))
    .refine((value) => Object.keys(value).length <= 64, 'at most 64 parameters'),
  /** Messages of context before and after each asked message (0: none). */
  contextMessages: z.number().int().min(0).max(1000),
});
export type EvidenceScope = z.infer<typeof evidenceScopeSchema>;

export const evidenceBeginSchema = z.object({
  scope: evidenceScopeSchema,
  locale: z.enum(['zh-CN', 'en']),
  /** IANA zone every time in the bundle is written in, and stated with it. */
  timeZone: z.string().min(1).max(64),
  reviewer: z.object({ name: z.string().max(200), employeeId: z.string().max(200).optional() }),
  /** The bundle's words in the reviewer's language (renderer/i18n), key → text. */
  labels: z
    .record(z.string().max(100), z.string().max(1000))
    .refine((value) => Object.keys(value).length <= 500, 'at most 500 labels'),
  /** Print report.pdf from index.html (slow for very large exports). */
  includePdf: z.boolean(),
  /** Download media that is not stored yet before copying it into the bundle. */
  fetchMissingMedia: z.boolean(),
  /** Also write the finished folder as one `<folder>.zip` beside it. */
  zip: z.boolean().optional(),
  /** How many messages the renderer will send (progress only). */
  expectedMessages: z.number().int().min(0).max(100_000_000),
  /** Absolute folder the bundle's folder is created in; default `<data dir>/evidence`. */
  parentDir: z.string().min(1).max(4096).optional(),
});

export const evidenceMarksSchema = z.object({
  flag: z.string().max(200).nullable(),
  tags: z.array(z.string().max(200)).max(100),
  note: z.string().max(20_000).nullable(),
  cases: z.array(z.string().max(500)).max(100),
});
export type EvidenceMarks = z.infer<typeof evidenceMarksSchema>;

export const evidenceMessageSchema = z.object({
  corpId: id,
  /** The WeCom corpid of that corp. */
  corpid: z.string().max(64),
  msgid: z.string().min(1).max(512),
  seq: seqString,
  publickeyVer: z.number().int().min(0).max(1_000_000),
  status: z.string().min(1).max(32),
  raw: z
    .string()
    .max(16 * 1024 * 1024)
    .optional(),
  rawBase64: z
    .string()
    .max(24 * 1024 * 1024)
    .optional(),
  envelope: z
    .object({ encryptRandomKey: z.string().max(4096), encryptChatMsg: z.string().max(64 * 1024 * 1024) })
    .optional(),
  convId: z.string().max(1024).optional(),
  /** The chat's title as the reader shows it. */
  convLabel: z.string().max(1000).optional(),
  /** Sent only as context around an asked message. */
  context: z.boolean(),
  marks: evidenceMarksSchema.optional(),
});
export type EvidenceMessageDto = z.infer<typeof evidenceMessageSchema>;

export const evidenceAppendSchema = z.object({
  exportId: id,
  messages: z.array(evidenceMessageSchema).max(2000),
  /** Display names of the ids these messages mention (userid → name), as the reader resolved them. */
  names: z
    .record(z.string().max(256), z.string().max(500))
    .refine((value) => Object.keys(value).length <= 20_000, 'at most 20000 names'),
});

/** An audit entry as stored (docs/audit-trail.md); main checks it again when it verifies the bundle. */
export const evidenceAuditEntrySchema = z
  .object({
    seq: z.number().int().min(1),
    time: z.number(),
    action: z.string().max(200),
    prevHash: z.string().max(64),
    hash: z.string().max(64),
  })
  .passthrough();

export const evidenceFinishSchema = z.object({
  exportId: id,
  /** The trail entries about the exported items, the export's own entry last. */
  audit: z.array(evidenceAuditEntrySchema).max(200_000),
});

export interface EvidenceBeginDto {
  exportId: string;
  /** The bundle's folder (absolute). */
  folder: string;
}

export interface EvidenceAppendDto {
  received: number;
  mediaFiles: number;
  mediaMissing: number;
}

export interface EvidenceExportDto {
  exportId: string;
  folder: string;
  messages: number;
  mediaFiles: number;
  mediaMissing: number;
  /** Files listed in SHA256SUMS. */
  files: number;
  /** SHA-256 of the manifest's canonical form (docs/evidence.md §3). */
  manifestHash: string;
  /** SHA-256 over the content files' sums (the PDF footer's "bundle hash"). */
  contentDigest: string;
  signerFingerprint: string;
  pdf: 'written' | 'skipped' | 'failed';
  /** Why the PDF could not be printed (no browser…); the rest of the bundle is complete. */
  pdfProblem?: string;
  /** The bundle as one .zip beside the folder (asked with `zip`). */
  zip: 'written' | 'skipped' | 'failed';
  zipFile?: string;
  /** Why the .zip could not be written; the folder is complete. */
  zipProblem?: string;
}

export interface EvidenceSignerDto {
  algorithm: 'Ed25519';
  /** SPKI PEM, exactly as written to signer.pub. */
  publicKeyPem: string;
  /** SHA-256 of the DER public key, hex in groups of four. */
  fingerprint: string;
  storage: 'safeStorage' | 'file-0600';
}

/**
 * What a check of a signed folder (an evidence bundle or a backup: manifest.json, its signature and
 * SHA256SUMS over the files, main/services/signedFolder) can find wrong with one of its files.
 */
export const SIGNED_FOLDER_PROBLEMS = [
  'missing',
  'extra',
  'altered',
  'signature',
  'manifest',
  'sums',
  'unreadable',
] as const;

export const EVIDENCE_PROBLEMS = [...SIGNED_FOLDER_PROBLEMS, 'audit-chain'] as const;
export type EvidenceProblemKind = (typeof EVIDENCE_PROBLEMS)[number];

export interface EvidenceProblemDto {
  /** The file's path inside the bundle ('' for the folder itself). */
  file: string;
  problem: EvidenceProblemKind;
  detail: string;
}

export interface EvidenceVerifyReportDto {
  ok: boolean;
  folder: string;
  exportId: string | null;
  /** Files whose hash was checked. */
  checked: number;
  signerFingerprint: string | null;
  problems: EvidenceProblemDto[];
}

export const evidenceVerifySchema = z.object({
  folder: z.string().min(1).max(4096),
  /** A fingerprint the recipient pinned; the bundle's signer must be this key. */
  pinnedFingerprint: z.string().max(200).optional(),
});

/** Main → renderer while finishing (media, PDF, hashes, signature). */
export interface EvidenceProgressDto {
  exportId: string;
  phase: 'media' | 'pdf' | 'hashing' | 'signing' | 'zip' | 'done';
  done: number;
  total: number;
}
