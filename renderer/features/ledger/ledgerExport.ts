import type { LedgerReport } from './ledgerQueries';

/**
 * The ledger as files for an auditor: one JSON document with everything, one CSV per table flattened
 * into one file with a `section` column, and a manifest with the SHA-256 of each file (the evidence
 * bundles of a later issue hash their files the same way).
 */
export interface ExportFile {
  name: string;
  mediaType: string;
  text: string;
}

export interface LedgerExport {
  files: ExportFile[];
  manifest: ExportFile;
}

/** RFC 4180: quote fields with a comma, quote or line break; double the quotes. */
export function csvField(value: unknown): string {
  const text =
    value === null || value === undefined
      ? ''
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const iso = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString());

export function ledgerCsv(report: LedgerReport): string {
  const header = ['section', 'corpId', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
  const rows: unknown[][] = [];
  rows.push([
    'columns:run',
    '',
    'startedAt',
    'endedAt',
    'trigger',
    'startSeq',
    'endSeq',
    'messages',
    'outcome',
    'errorsByCause',
  ]);
  for (const run of report.runs)
    rows.push([
      'run',
      run.corpId,
      iso(run.startedAt),
      iso(run.endedAt),
      run.trigger,
      run.startSeq,
      run.endSeq,
      run.messages,
      run.outcome,
      run.errorsByCause,
    ]);
  rows.push([
    'columns:gap',
    '',
    'afterSeq',
    'firstSeqAfter',
    'afterTime',
    'firstTimeAfter',
    'recordedAt',
    'reviewer',
    'reason',
    'acknowledgedBy',
  ]);
  for (const gap of report.gaps)
    rows.push([
      'gap',
      gap.corpId,
      gap.afterSeq,
      gap.firstSeqAfter,
      iso(gap.afterTime),
      iso(gap.firstTimeAfter),
      iso(gap.recordedAt),
      gap.reviewer,
      gap.reason,
      gap.acknowledgedBy,
    ]);
  rows.push(['columns:day', '', 'day', 'messages']);
  for (const day of report.perDay) rows.push(['day', report.corpId, day.day, day.messages]);
  rows.push(['columns:decrypt', '', 'outcome', 'count']);
  rows.push(['decrypt', report.corpId, 'ok', report.decrypt.ok]);
  rows.push(['decrypt', report.corpId, 'decrypt-failed', report.decrypt.decryptFailed]);
  rows.push(['decrypt', report.corpId, 'sdk-crash', report.decrypt.sdkCrash]);
  for (const { version, count } of report.decrypt.missingKey)
    rows.push(['decrypt', report.corpId, `missing-key v${version}`, count]);
  rows.push(['columns:media', '', 'state or cause', 'count']);
  for (const [state, count] of Object.entries(report.media.byState))
    rows.push(['media', report.corpId, state, count]);
  for (const [cause, count] of Object.entries(report.media.failedByCause))
    rows.push(['media-failed', report.corpId, cause, count]);
  rows.push(['columns:error', '', 'at', 'source', 'kind', 'message']);
  for (const error of report.errors)
    rows.push(['error', error.corpId, iso(error.at), error.source, error.kind, error.message]);
  rows.push([
    'retention',
    report.corpId,
    iso(report.lastSuccessAt),
    report.retention.sinceLastSuccessMs,
    report.retention.pastShortWindow,
    report.retention.pastLongWindow,
  ]);
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

export async function exportLedger(report: LedgerReport, baseName: string): Promise<LedgerExport> {
  const files: ExportFile[] = [
    { name: `${baseName}.json`, mediaType: 'application/json', text: `${JSON.stringify(report, null, 2)}\n` },
    { name: `${baseName}.csv`, mediaType: 'text/csv', text: ledgerCsv(report) },
  ];
  const entries = await Promise.all(
    files.map(async (file) => ({
      name: file.name,
      bytes: new TextEncoder().encode(file.text).length,
      sha256: await sha256Hex(file.text),
    })),
  );
  const manifest: ExportFile = {
    name: `${baseName}.manifest.json`,
    mediaType: 'application/json',
    text: `${JSON.stringify({ kind: 'wecom-archive-ledger', generatedAt: new Date(report.generatedAt).toISOString(), corpId: report.corpId, files: entries }, null, 2)}\n`,
  };
  return { files, manifest };
}
