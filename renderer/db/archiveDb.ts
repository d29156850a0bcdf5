import Dexie from 'dexie';
import type { Table } from 'dexie';
import { checkDerivedIndexes, type DerivedIndex } from './derived';
import type { CursorRow, MessageKey, MessageRow } from './rows';
import { schemaVersions } from './schema';

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
}

/**
 * The archive (docs/product.md §1): the renderer owns it, main only delivers batches. One Dexie class with
 * every schema version; rows are read with `useLiveQuery` or paged queries, never copied into state.
 */
export class ArchiveDb extends Dexie {
  // `declare`, not fields: class fields would overwrite the tables Dexie installs in its constructor.
  declare messages: Table<MessageRow, MessageKey>;
  declare cursors: Table<CursorRow, string>;
  /** Written in the same transaction as the messages, in this order (ingest.ts, redecrypt.ts). */
  readonly derived: readonly DerivedIndex[];

  constructor(options: ArchiveDbOptions = {}) {
    super(ARCHIVE_DB_NAME, {
      ...(options.indexedDB ? { indexedDB: options.indexedDB } : {}),
      ...(options.IDBKeyRange ? { IDBKeyRange: options.IDBKeyRange } : {}),
      // An acknowledged batch must survive a power cut: main treats the ack as "stored", and WeCom
      // deletes the source within days (docs/wecom-sdk.md §7). Chrome's default durability is "relaxed".
      chromeTransactionDurability: 'strict',
    });
    for (const { version, stores, upgrade } of schemaVersions) {
      const declared = this.version(version).stores(stores);
      if (upgrade) declared.upgrade(upgrade);
    }
    this.derived = checkDerivedIndexes(options.derived ?? []);
  }
}
