import type { Table } from 'dexie';
import { readMessage, type Message } from '../../main/common/message';
import type { ArchiveDb } from './archiveDb';
import type { MessageRow } from './rows';

/**
 * The message model (main/common/message) of each row of one write, read at most once and shared by
 * every derived index of that write (issue 10: reading it once per index cost ~10% of ingest).
 */
export class ParsedRows {
  private readonly models = new Map<MessageRow, Message>();

  /** The row's model; a row without text reads as an unsupported message (readMessage never throws). */
  message(row: MessageRow): Message {
    let model = this.models.get(row);
    if (!model) {
      model = readMessage(row.raw ?? '', row);
      this.models.set(row, model);
    }
    return model;
  }
}

/**
 * Data derived from messages (conversation summaries, media items, the search index…) kept in step
 * with them: every derived index is updated INSIDE the transaction that writes the messages (ingest
 * and re-decryption), so a crash can never leave a message stored without its derived rows or the
 * other way round. Each feature defines its index in its own module; the app's composition root
 * (app/compose.ts) passes the list to the ArchiveDb it builds, and a test passes the ones it needs.
 */
export interface DerivedIndex {
  /** For errors and logs. */
  readonly name: string;
  /** The tables `apply` writes; they join the messages transaction. */
  tables(db: ArchiveDb): Table[];
  /**
   * Called inside the transaction with the rows just written (new or changed), decrypted or not.
   * `previous[i]` is the stored copy of `rows[i]` before this write, when there was one.
   * Only IndexedDB work may be awaited here (docs/style.md §10): no fetch, no timers, no IPC.
   * `parsed` holds the rows' message models, shared with the other indexes of this write.
   */
  apply(
    db: ArchiveDb,
    rows: readonly MessageRow[],
    previous: readonly (MessageRow | undefined)[],
    parsed: ParsedRows,
  ): Promise<void>;
}

/**
 * The indexes of one database, checked once where it is built (ArchiveDb's `derived` option):
 * names are unique, so logs and errors say which index failed.
 */
export function checkDerivedIndexes(indexes: readonly DerivedIndex[]): readonly DerivedIndex[] {
  const seen = new Set<string>();
  for (const index of indexes) {
    if (seen.has(index.name)) throw new Error(`derived index "${index.name}" is given twice`);
    seen.add(index.name);
  }
  return [...indexes];
}

/** The tables a messages write must lock: messages, plus every derived index's tables. */
export function derivedTables(db: ArchiveDb): Table[] {
  return db.derived.flatMap((index) => index.tables(db));
}

/** Runs every derived index on the rows just written (inside the caller's transaction). */
export async function applyDerived(
  db: ArchiveDb,
  rows: readonly MessageRow[],
  previous: readonly (MessageRow | undefined)[],
): Promise<void> {
  if (rows.length === 0) return;
  const parsed = new ParsedRows();
  for (const index of db.derived) await index.apply(db, rows, previous, parsed);
}
