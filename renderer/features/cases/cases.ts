import type { Table } from 'dexie';
import type { JsonValue } from '../../../main/common/audit/auditChain';
import type { ArchiveDb } from '../../db';
import type { AuditTrail } from '../audit';
import type { ReviewerIdentity } from '../reviewer';

/**
 * Cases (issue 11): a named investigation holding messages and conversations from any chat and corp,
 * in schema version 6's `cases` and `caseItems` tables (never in message rows). A message can be in
 * several cases. Every change is appended to the audit trail with its before and after.
 */
export const CASE_STATUSES = ['open', 'on-hold', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export interface CaseRow {
  id: string;
  name: string;
  description: string;
  status: CaseStatus;
  createdAt: number;
  createdBy: string;
  updatedAt: number;
}

export type CaseItemKind = 'message' | 'conversation';

export interface CaseItemRow {
  caseId: string;
  corpId: string;
  kind: CaseItemKind;
  /** The msgid of a message, the convId of a conversation. */
  ref: string;
  convId: string;
  /** The message's time; a conversation's last message time when added. */
  msgtime: number;
  addedAt: number;
  addedBy: string;
}

export type CaseItemInput = Pick<CaseItemRow, 'corpId' | 'kind' | 'ref' | 'convId' | 'msgtime'>;

export const CASE_NAME_MAX = 120;
export const CASE_DESCRIPTION_MAX = 5_000;

export interface CaseTables {
  cases: Table<CaseRow, string>;
  items: Table<CaseItemRow, [string, string, string, string]>;
}

export function caseTables(db: ArchiveDb): CaseTables {
  return { cases: db.table('cases'), items: db.table('caseItems') };
}

export interface CasesDeps {
  db: ArchiveDb;
  auditTrail: Pick<AuditTrail, 'append'>;
  reviewer: Pick<ReviewerIdentity, 'reviewer'>;
  now?: () => number;
  newId?: () => string;
}

const caseView = (row: CaseRow): JsonValue => ({
  name: row.name,
  description: row.description,
  status: row.status,
});

const itemTarget = (caseId: string, item: CaseItemInput): { [key: string]: JsonValue } => ({
  caseId,
  corpId: item.corpId,
  kind: item.kind,
  ref: item.ref,
  convId: item.convId,
});

export class Cases {
  private readonly tables: CaseTables;
  private readonly now: () => number;
  private readonly newId: () => string;

  constructor(private readonly deps: CasesDeps) {
    this.tables = caseTables(deps.db);
    this.now = deps.now ?? Date.now;
    this.newId = deps.newId ?? (() => crypto.randomUUID());
  }

  private by(): string {
    return this.deps.reviewer.reviewer?.name ?? '';
  }

  /** Creates an open case; answers it, or null when the name is empty. */
  async create(name: string, description = ''): Promise<CaseRow | null> {
    const trimmed = name.trim().slice(0, CASE_NAME_MAX);
    if (!trimmed) return null;
    const at = this.now();
    const row: CaseRow = {
      id: this.newId(),
      name: trimmed,
      description: description.trim().slice(0, CASE_DESCRIPTION_MAX),
      status: 'open',
      createdAt: at,
      createdBy: this.by(),
      updatedAt: at,
    };
    await this.tables.cases.add(row);
    await this.deps.auditTrail.append('case.created', { caseId: row.id }, { after: caseView(row) });
    return row;
  }

  /** Changes name, description or status; nothing is written when nothing changes. */
  async update(
    id: string,
    patch: Partial<Pick<CaseRow, 'name' | 'description' | 'status'>>,
  ): Promise<CaseRow | null> {
    const before = await this.tables.cases.get(id);
    if (!before) return null;
    const next: CaseRow = {
      ...before,
      ...(patch.name !== undefined && patch.name.trim()
        ? { name: patch.name.trim().slice(0, CASE_NAME_MAX) }
        : {}),
      ...(patch.description !== undefined
        ? { description: patch.description.trim().slice(0, CASE_DESCRIPTION_MAX) }
        : {}),
      ...(patch.status !== undefined ? { status: patch.status } : {}),
    };
    if (JSON.stringify(caseView(next)) === JSON.stringify(caseView(before))) return before;
    next.updatedAt = this.now();
    await this.tables.cases.put(next);
    await this.deps.auditTrail.append(
      'case.changed',
      { caseId: id },
      { before: caseView(before), after: caseView(next) },
    );
    return next;
  }

  /** Adds the items not in the case yet; answers how many were added. */
  async addItems(caseId: string, items: readonly CaseItemInput[]): Promise<number> {
    const { cases, items: table } = this.tables;
    const at = this.now();
    const by = this.by();
    let added: CaseItemInput[] = [];
    await this.deps.db.transaction('rw', cases, table, async () => {
      const owner = await cases.get(caseId);
      if (!owner) throw new Error(`no case ${caseId}`);
      const keys = items.map(
        (item) => [caseId, item.corpId, item.kind, item.ref] as [string, string, string, string],
      );
      const existing = await table.bulkGet(keys);
      const seen = new Set<string>();
      added = items.filter((_, i) => {
        const key = keys[i]?.join('\u0000') ?? '';
        if (existing[i] !== undefined || seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      await table.bulkPut(added.map((item) => ({ ...itemOf(item), caseId, addedAt: at, addedBy: by })));
      if (added.length > 0) await cases.update(caseId, { updatedAt: at });
    });
    for (const item of added) await this.deps.auditTrail.append('case.item-added', itemTarget(caseId, item));
    return added.length;
  }

  async removeItem(caseId: string, item: CaseItemInput): Promise<void> {
    const key: [string, string, string, string] = [caseId, item.corpId, item.kind, item.ref];
    const before = await this.tables.items.get(key);
    if (!before) return;
    await this.tables.items.delete(key);
    await this.deps.auditTrail.append('case.item-removed', itemTarget(caseId, item));
  }

  /** Every case, most recently changed first. */
  list(): Promise<CaseRow[]> {
    return this.tables.cases.orderBy('updatedAt').reverse().toArray();
  }

  /** A case's items sorted by time (its own timeline), oldest first. */
  async items(caseId: string): Promise<CaseItemRow[]> {
    const rows = await this.tables.items.where('caseId').equals(caseId).toArray();
    return rows.sort((a, b) => a.msgtime - b.msgtime || a.ref.localeCompare(b.ref));
  }

  /** The cases a message or conversation is in. */
  async casesOf(corpId: string, ref: string): Promise<string[]> {
    const rows = await this.tables.items.where('[corpId+ref]').equals([corpId, ref]).toArray();
    return [...new Set(rows.map((row) => row.caseId))];
  }
}

function itemOf(item: CaseItemInput): CaseItemInput {
  return { corpId: item.corpId, kind: item.kind, ref: item.ref, convId: item.convId, msgtime: item.msgtime };
}
