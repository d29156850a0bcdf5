import { schemaVersions } from '../../../renderer/db/schema';

/**
 * The message store's secondary indexes as the app's schema declares them (renderer/db/schema.ts,
 * the newest version that declares `messages`), as [name, keyPath] for IDBObjectStore.createIndex:
 * what the benches that write bare IndexedDB (bench:ingest's storage floor, bench:key-order) index.
 */
export const APP_MESSAGE_INDEXES: ReadonlyArray<readonly [name: string, keyPath: string | string[]]> =
  (() => {
    const spec = schemaVersions.findLast((version) => version.stores.messages)?.stores.messages;
    if (!spec) throw new Error('renderer/db/schema.ts declares no messages store');
    // Dexie's spec: the primary key first, then one index per entry; "[a+b]" is a compound key path.
    return spec
      .split(',')
      .map((entry) => entry.trim())
      .slice(1)
      .map((entry) => [entry, /^\[.*\]$/.test(entry) ? entry.slice(1, -1).split('+') : entry] as const);
  })();
