import Dexie from 'dexie';
import type { Table } from 'dexie';
import { chatDaysDerivedIndex } from './chatDays';
import { checkDerivedIndexes, type DerivedIndex } from './derived';
import { messageProblemsDerivedIndex } from './messageProblems';
import type { CursorRow, MessageKey, MessageRow } from './rows';
import { schemaVersions } from './schema';
import type { DataKeyHolder } from './sealed';
import { sealingMiddleware } from './sealedTables';

export const ARCHIVE_DB_NAME = 'wecom-archive';

export interface ArchiveDbOptions {
  /**
   * The derived indexes every messages write keeps in step (db/derived.ts). The app passes its list
   * once, in its composition root (app/compose.ts); a database that never writes messages (the
   * search worker's) or a test that needs none passes nothing.
   */
  derived?: readonly DerivedIndex[];
  /** Injectable IndexedDB for tests (fake-indexeddb); the browser's own by default. */
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
  /**
   * The data key the archive's text is sealed under (db/sealed.ts, docs/security.md §8). The app and
   * its workers always pass one; opening then waits until the key is set. Without one (tests that
   * are not about encryption) rows are stored plain and sealed rows cannot be read.
   */
  dataKey?: DataKeyHolder;
}

/**
 * The archive (docs/product.md §1): the renderer owns it, main only delivers batches. One Dexie class with
 * every schema version; rows are read with `useLiveQuery` or paged queries, never copied into state.
 */
export class ArchiveDb extends Dexie {
  // `declare`, not fields: class fields would overwrite the tables Dexie installs in its constructor.
  declare messages: Table<MessageRow, MessageKey>;
  declare cursors: Table<CursorRow, string>;
  /** Written in the same transaction as the messages, in this order (ingest.ts, redecrypt.ts); chatDays.ts and messageProblems.ts first. */
  readonly derived: readonly DerivedIndex[];
  readonly dataKey: DataKeyHolder | null;

  constructor(options: ArchiveDbOptions = {}) {
    super(ARCHIVE_DB_NAME, {
      ...(options.indexedDB ? { indexedDB: options.indexedDB } : {}),
      ...(options.IDBKeyRange ? { IDBKeyRange: options.IDBKeyRange } : {}),
      // An acknowledged batch must survive a power cut: main treats the ack as "stored", and WeCom
      // deletes the source within days (docs/wecom-sdk.md §7). Chrome's default durability is "relaxed".
      chromeTransactionDurability: 'strict',
    });
    this.dataKey = options.dataKey ?? null;
    if (options.dataKey) {
      const keys = options.dataKey;
      this.use(sealingMiddleware(keys));
      // Nothing reads or writes before the key is there (the v7 upgrade waits for it itself).
      this.on('ready', () => keys.ready().then(() => undefined));
    }
    for (const { version, stores, upgrade } of schemaVersions) {
      const declared = this.version(version).stores(stores);
      if (upgrade) declared.upgrade(upgrade);
    }
    // The chats' day counts are the timeline's positions, and the undecrypted messages are what
    // re-decryption and every status count read: kept by every database that writes messages.
    this.derived = checkDerivedIndexes([
      chatDaysDerivedIndex,
      messageProblemsDerivedIndex,
      ...(options.derived ?? []),
    ]);
  }
}
