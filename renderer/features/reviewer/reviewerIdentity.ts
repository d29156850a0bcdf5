import type { AuditReviewer } from '../../../main/common/audit/auditChain';

/** Where the reviewer is remembered: localStorage in the app (per browser profile), a map in tests. */
export type ReviewerStorage = Pick<Storage, 'getItem' | 'setItem'>;

export const REVIEWER_STORAGE_KEY = 'wecom-archive.reviewer';
export const NAME_MAX = 100;
export const EMPLOYEE_ID_MAX = 64;

export type ReviewerProblem = 'name-required' | 'name-too-long' | 'employee-id-too-long';

/** Trims and checks what the reviewer typed; a problem is a translation key under `reviewer.problem`. */
export function parseReviewer(
  name: string,
  employeeId: string,
): { ok: true; reviewer: AuditReviewer } | { ok: false; problem: ReviewerProblem } {
  const trimmedName = name.trim();
  const trimmedId = employeeId.trim();
  if (!trimmedName) return { ok: false, problem: 'name-required' };
  if (trimmedName.length > NAME_MAX) return { ok: false, problem: 'name-too-long' };
  if (trimmedId.length > EMPLOYEE_ID_MAX) return { ok: false, problem: 'employee-id-too-long' };
  return {
    ok: true,
    reviewer: trimmedId ? { name: trimmedName, employeeId: trimmedId } : { name: trimmedName },
  };
}

function readStored(storage: ReviewerStorage): AuditReviewer | null {
  try {
    const value = JSON.parse(
      storage.getItem(REVIEWER_STORAGE_KEY) ?? 'null',
    ) as Partial<AuditReviewer> | null;
    if (!value || typeof value.name !== 'string') return null;
    const parsed = parseReviewer(value.name, typeof value.employeeId === 'string' ? value.employeeId : '');
    return parsed.ok ? parsed.reviewer : null;
  } catch {
    return null;
  }
}

/**
 * Who is reviewing at this workstation (issue 11): a name and an optional employee id, asked on first
 * use, switchable from the header, remembered per browser profile. Not a secret and not an account:
 * the audit trail records it with every entry.
 */
export class ReviewerIdentity {
  private current: AuditReviewer | null;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly storage: ReviewerStorage) {
    this.current = readStored(storage);
  }

  /** null until someone named themselves on this profile. */
  get reviewer(): AuditReviewer | null {
    return this.current;
  }

  set(reviewer: AuditReviewer): void {
    this.current = reviewer;
    this.storage.setItem(REVIEWER_STORAGE_KEY, JSON.stringify(reviewer));
    for (const listener of this.listeners) listener();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
