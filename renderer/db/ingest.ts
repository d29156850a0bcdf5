import type { IngestMessageDto } from '../../main/contract';
import type { ArchiveDb } from './archiveDb';
import { applyDerived, derivedTables } from './derived';
import { toMessageRow } from './messageRow';
import type { CursorRow, MessageKey, MessageRow } from './rows';
import { assertSeq, maxSeq, toSeqKey } from '../../main/common/seq/seq';

export interface IngestBatch {
  batchId: number;
  /** Highest seq this batch covers, even when none of its messages could be decrypted. */
  cursor: string;
  messages: IngestMessageDto[];
}

export interface CommitResult {
  /** The corp's cursor after the commit: never lower than before. */
  cursor: string;
  /** Rows that did not exist before this batch. */
  added: number;
}

/**
 * Stores one pull batch and moves the corp's cursor in ONE transaction (docs/style.md §10): either the
 * messages and the cursor that covers them are both stored, or neither is. Only IndexedDB work
 * happens inside the transaction — everything else is prepared before it opens.
 *
 * - a msgid already stored overwrites its own row (never a second row), except that a decrypted row
 *   is not downgraded to an undecryptable copy of itself;
 * - the cursor is max(stored, batch), compared as u64, so a late or replayed batch never moves it back.
 */
export async function commitBatch(db: ArchiveDb, corpId: string, batch: IngestBatch): Promise<CommitResult> {
  assertSeq(batch.cursor, 'batch cursor');
  const now = Date.now();
  const incoming = new Map<string, MessageRow>();
  for (const message of batch.messages) incoming.set(message.msgid, toMessageRow(corpId, message, now));
  const keys: MessageKey[] = [...incoming.keys()].map((msgid) => [corpId, msgid]);

  return db.transaction('rw', [db.messages, db.cursors, ...derivedTables(db)], async () => {
    const existing = await db.messages.bulkGet(keys);
    const rows: MessageRow[] = [];
    const before: (MessageRow | undefined)[] = [];
    let added = 0;
    for (const [index, key] of keys.entries()) {
      const next = incoming.get(key[1]);
      if (!next) continue;
      const stored = existing[index];
      if (!stored) {
        added += 1;
        rows.push(next);
        before.push(undefined);
      } else if (!(stored.status === 'ok' && next.status !== 'ok')) {
        rows.push({ ...next, ingestedAt: stored.ingestedAt });
        before.push(stored);
      }
    }
    await db.messages.bulkPut(rows);
    await applyDerived(db, rows, before);

    const previous = await db.cursors.get(corpId);
    const seq = maxSeq(previous?.seq ?? '0', batch.cursor);
    const cursor: CursorRow = {
      corpId,
      seq,
      seqKey: toSeqKey(seq),
      updatedAt: now,
      messages: (previous?.messages ?? 0) + added,
    };
    await db.cursors.put(cursor);
    return { cursor: seq, added };
  });
}

/** The corp's committed cursor, "0" before its first batch (a pull from 0 starts at the oldest retained message). */
export async function readCursor(db: ArchiveDb, corpId: string): Promise<string> {
  return (await db.cursors.get(corpId))?.seq ?? '0';
}
