import type { ArchiveDb, DerivedIndex, MessageKey, MessageRow } from '../db';
import { allSearchTables, searchTables, type BackfillState } from './indexStore';
import { rowsToIndex, writeBlocks } from './indexWriter';

/**
 * The search index as a derived index: written in the same transaction as the messages. The app's
 * composition root gives it to the ArchiveDb before the first ingest.
 */
export const searchDerivedIndex: DerivedIndex = {
  name: 'search',
  tables: (db) => allSearchTables(db),
  apply: async (db, rows, previous, parsed) => {
    await writeBlocks(db, rowsToIndex(rows, previous), parsed);
  },
};

export interface BackfillStep {
  indexed: number;
  done: boolean;
}

/**
 * Indexes, chunk by chunk, the messages stored before the index existed (schema v3 upgrade). Each
 * chunk is read and indexed in one transaction with the messages, so ingest waits for it briefly
 * and never interleaves. Rows ingested since the upgrade were indexed by their own ingest.
 */
export async function backfillStep(db: ArchiveDb, chunk = 1000): Promise<BackfillStep> {
  const tables = searchTables(db);
  return db.transaction('rw', [db.messages, ...allSearchTables(db)], async () => {
    const state = (await tables.state.get('backfill')) as BackfillState | undefined;
    if (!state || state.done) return { indexed: 0, done: true };
    const range = state.after ? db.messages.where(':id').above(state.after) : db.messages.toCollection();
    const rows: MessageRow[] = await range.limit(chunk).toArray();
    const last = rows.at(-1);
    const fresh = rows.filter((row) => row.ingestedAt < state.before);
    const indexed = await writeBlocks(
      db,
      rowsToIndex(
        fresh,
        fresh.map(() => undefined),
      ),
    );
    const next: BackfillState = last
      ? { ...state, after: [last.corpId, last.msgid] satisfies MessageKey }
      : { key: 'backfill', before: state.before, done: true };
    await tables.state.put(next);
    return { indexed: indexed > 0 ? fresh.length : 0, done: next.done };
  });
}

/** Whether stored messages still wait for the backfill (search then scans instead). */
export async function backfillPending(db: ArchiveDb): Promise<boolean> {
  const state = (await searchTables(db).state.get('backfill')) as BackfillState | undefined;
  return state !== undefined && !state.done;
}
