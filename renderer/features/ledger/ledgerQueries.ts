import Dexie from 'dexie';
import type { ArchiveDb } from '../../db';
import { countProblems, stateCounts, statesIn, statusCounts } from '../../db';
import { ledgerTables, type ErrorLogRow, type LedgerGapRow, type LedgerRunRow } from './ledgerRows';

/** WeCom's retention (docs/wecom-sdk.md §7): 5 days now, 3 days in older documentation. */
export const RETENTION_SHORT_MS = 3 * 86_400_000;
export const RETENTION_LONG_MS = 5 * 86_400_000;

export interface DayCount {
  /** Local calendar day, `YYYY-MM-DD`. */
  day: string;
  messages: number;
}

export interface DecryptOutcomes {
  total: number;
  ok: number;
  decryptFailed: number;
  sdkCrash: number;
  missingKey: Array<{ version: number; count: number }>;
}

export interface LedgerReport {
  corpId: string;
  generatedAt: number;
  lastSuccessAt: number | null;
  /** Time since the last successful pull against the 3- and 5-day windows. */
  retention: { sinceLastSuccessMs: number | null; pastShortWindow: boolean; pastLongWindow: boolean };
  runs: LedgerRunRow[];
  gaps: LedgerGapRow[];
  perDay: DayCount[];
  decrypt: DecryptOutcomes;
  /** Media items by download state, and failed ones by cause (SDK code or `other`). */
  media: { byState: Record<string, number>; failedByCause: Record<string, number> };
  errors: ErrorLogRow[];
}

const pad = (value: number) => String(value).padStart(2, '0');

export function localDay(ms: number): string {
  const date = new Date(ms);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/**
 * Decrypted messages per local day of their msgtime, oldest first. Reads only index keys
 * (`[corpId+convId+msgtime]`), never the rows; messages not decrypted yet have no msgtime and are
 * counted in the decrypt outcomes instead.
 */
export async function messagesPerDay(db: ArchiveDb, corpId: string): Promise<DayCount[]> {
  const keys = (await db.messages
    .where('[corpId+convId+msgtime]')
    .between([corpId, Dexie.minKey, Dexie.minKey], [corpId, Dexie.maxKey, Dexie.maxKey], true, true)
    .keys()) as unknown as Array<[string, string, number]>;
  const counts = new Map<string, number>();
  for (const [, , msgtime] of keys) {
    const day = localDay(msgtime);
    counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, messages]) => ({ day, messages }));
}

export async function decryptOutcomes(db: ArchiveDb, corpId: string): Promise<DecryptOutcomes> {
  const [counts, sdkCrash] = await Promise.all([
    statusCounts(db, corpId),
    countProblems(db, corpId, 'sdk-crash'),
  ]);
  return { ...counts, ok: Math.max(0, counts.ok - sdkCrash), sdkCrash };
}

async function mediaOutcomes(db: ArchiveDb, corpId: string): Promise<LedgerReport['media']> {
  const byState: Record<string, number> = {};
  const failedByCause: Record<string, number> = {};
  const [counts, failed] = await Promise.all([stateCounts(db, corpId), statesIn(db, corpId, 'failed')]);
  for (const [state, count] of Object.entries(counts)) if (count > 0) byState[state] = count;
  for (const row of failed) {
    const cause =
      row.failure?.sdkCode === null || row.failure === undefined ? 'other' : `sdk-${row.failure.sdkCode}`;
    failedByCause[cause] = (failedByCause[cause] ?? 0) + 1;
  }
  return { byState, failedByCause };
}

const corpBetween = <T>(table: Dexie.Table<T, number>, index: string, corpId: string) =>
  table.where(index).between([corpId, Dexie.minKey], [corpId, Dexie.maxKey], true, true);

export async function corpGaps(db: ArchiveDb, corpId: string): Promise<LedgerGapRow[]> {
  return corpBetween(ledgerTables(db).gaps, '[corpId+recordedAt]', corpId).toArray();
}

export async function corpRuns(db: ArchiveDb, corpId: string, limit = 500): Promise<LedgerRunRow[]> {
  return corpBetween(ledgerTables(db).runs, '[corpId+startedAt]', corpId).reverse().limit(limit).toArray();
}

export async function corpErrors(db: ArchiveDb, corpId: string, limit = 500): Promise<ErrorLogRow[]> {
  return corpBetween(ledgerTables(db).errors, '[corpId+at]', corpId).reverse().limit(limit).toArray();
}

export function retentionOf(lastSuccessAt: number | null, now: number): LedgerReport['retention'] {
  const since = lastSuccessAt === null ? null : Math.max(0, now - lastSuccessAt);
  return {
    sinceLastSuccessMs: since,
    pastShortWindow: since === null || since > RETENTION_SHORT_MS,
    pastLongWindow: since === null || since > RETENTION_LONG_MS,
  };
}

export async function ledgerReport(
  db: ArchiveDb,
  corpId: string,
  lastSuccessAt: number | null,
  now: number,
): Promise<LedgerReport> {
  const [runs, gaps, perDay, decrypt, media, errors] = await Promise.all([
    corpRuns(db, corpId),
    corpGaps(db, corpId),
    messagesPerDay(db, corpId),
    decryptOutcomes(db, corpId),
    mediaOutcomes(db, corpId),
    corpErrors(db, corpId),
  ]);
  return {
    corpId,
    generatedAt: now,
    lastSuccessAt,
    retention: retentionOf(lastSuccessAt, now),
    runs,
    gaps,
    perDay,
    decrypt,
    media,
    errors,
  };
}
