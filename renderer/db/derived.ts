import type { Table } from 'dexie';
import type { ArchiveDb } from './archiveDb';
import type { MessageRow } from './rows';

/**
 * Data derived from messages (conversation summaries, media items, the search index…) kept in step
 * with them: every derived index is updated INSIDE the transaction that writes the messages (ingest
 * and re-decryption), so a crash can never leave a message stored without its derived rows or the
 * other way round. Each feature registers its index in its own module (see `registerDerivedIndex`).
 */
export interface DerivedIndex {
  /** For errors and logs. */
  readonly name: string;
  /** The tables `apply` writes; they join the messages transaction. */
  tables(db: ArchiveDb): Table[];
  /**
   * Called inside the transaction with the rows just written (new or changed), decrypted or not.
   * `previous[i]` is the stored copy of `rows[i]` before this write, when there was one.
   * Only IndexedDB work may be awaited here (STYLE.md §10): no fetch, no timers, no IPC.
   */
  apply(
    db: ArchiveDb,
    rows: readonly MessageRow[],
    previous: readonly (MessageRow | undefined)[],
  ): Promise<void>;
}

const registry: DerivedIndex[] = [];

/** Registers a derived index for every ArchiveDb of this page; idempotent by name. */
export function registerDerivedIndex(index: DerivedIndex): void {
  const at = registry.findIndex((existing) => existing.name === index.name);
  if (at >= 0) registry[at] = index;
  else registry.push(index);
}

export function derivedIndexes(): readonly DerivedIndex[] {
  return registry;
}

/** The tables a messages write must lock: messages, plus every derived index's tables. */
export function derivedTables(db: ArchiveDb): Table[] {
  return registry.flatMap((index) => index.tables(db));
}

/** Runs every derived index on the rows just written (inside the caller's transaction). */
export async function applyDerived(
  db: ArchiveDb,
  rows: readonly MessageRow[],
  previous: readonly (MessageRow | undefined)[],
): Promise<void> {
  if (rows.length === 0) return;
  for (const index of registry) await index.apply(db, rows, previous);
}
