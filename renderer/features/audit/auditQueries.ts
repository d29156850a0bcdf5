import type { AuditEntry } from '../../../main/common/audit/auditChain';
import type { ArchiveDb } from '../../db';
import { auditTable } from './auditTrail';

export interface AuditFilter {
  reviewer: string | null;
  action: string | null;
  /** Local days as ISO "YYYY-MM-DD", '' for open. */
  from: string;
  to: string;
}

export const NO_FILTER: AuditFilter = { reviewer: null, action: null, from: '', to: '' };

const dayStart = (day: string) => new Date(`${day}T00:00:00`).getTime();

function matches(filter: AuditFilter): (entry: AuditEntry) => boolean {
  const from = filter.from ? dayStart(filter.from) : -Infinity;
  const to = filter.to ? dayStart(filter.to) + 86_400_000 : Infinity;
  return (entry) =>
    (filter.reviewer === null || entry.reviewer.name === filter.reviewer) &&
    (filter.action === null || entry.action === filter.action) &&
    entry.time >= from &&
    entry.time < to;
}

/** One page of the trail, newest first, with the number of entries that match the filter. */
export async function auditPage(
  db: ArchiveDb,
  filter: AuditFilter,
  page: number,
  pageSize: number,
): Promise<{ rows: AuditEntry[]; total: number }> {
  const table = auditTable(db);
  const filtered = () => table.orderBy('seq').reverse().filter(matches(filter));
  const [total, rows] = await Promise.all([
    filtered().count(),
    filtered()
      .offset(page * pageSize)
      .limit(pageSize)
      .toArray(),
  ]);
  return { rows, total };
}

/** Every reviewer name in the trail, for the filter. */
export async function auditReviewers(db: ArchiveDb): Promise<string[]> {
  return (await auditTable(db).orderBy('reviewer.name').uniqueKeys()).map(String);
}
