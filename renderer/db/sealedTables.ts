import type Dexie from 'dexie';
import type { DBCore, DBCoreCursor, DBCoreTable, DBCoreTransaction, Middleware, Table } from 'dexie';
import {
  DataKeyUnavailableError,
  isSealedBlob,
  openWith,
  sealWith,
  type DataKeyHolder,
  type HasDataKey,
  type SealedBlob,
} from './sealed';

/**
 * Which stored fields are sealed at rest (docs/security.md §8), table by table. Indexed and key fields
 * stay plain (IndexedDB must compare them); the payload fields named here are moved into one sealed
 * blob per row (`sealed`), bound by its AAD to the row's identity so it cannot be swapped between
 * rows. The sealing middleware below applies this to every write and read, so code above the
 * database (features, derived indexes, tests) sees the plain rows it always saw.
 */
export interface SealedTableSpec {
  /** Payload fields moved into the blob (absent ones are simply not there after opening). */
  readonly fields: readonly string[];
  /** The row's identity, as the AAD's parts after the table name. */
  readonly identity: (row: Record<string, unknown>) => unknown[];
}

export const SEALED_FIELD = 'sealed';

export const SEALED_TABLES: Readonly<Record<string, SealedTableSpec>> = {
  // The decrypted JSON, its exact bytes, the envelope kept for re-decryption, and the failure text.
  messages: {
    fields: ['raw', 'rawBase64', 'envelope', 'failure'],
    identity: (row) => [row.corpId, row.msgid],
  },
  // Media items (db/mediaStore.ts): file names, kinds, sizes, md5s, sdkfileids and where each was first
  // seen, one blob per page of ≤ 256 items; the page's number and its sdkfileid hashes stay plain.
  mediaItems: { fields: ['items'], identity: (row) => [row.corpId, row.page] },
  // The search index's visible texts (and senders) per page of 16 documents; the docs block holds filter columns only.
  searchTexts: { fields: ['texts', 'froms'], identity: (row) => [row.id] },
  // The conversation list's preview of the last message.
  conversations: { fields: ['lastText'], identity: (row) => [row.corpId, row.convId] },
  // The directory cache: names, group names and member lists, robot and consent details.
  directory: {
    fields: ['name', 'group', 'robot', 'consent', 'error'],
    identity: (row) => [row.corpId, row.kind, row.id],
  },
  // The imported staff directory and every name an id was known by (features/people).
  staffDirectory: { fields: ['name', 'department', 'source'], identity: (row) => [row.corpId, row.userid] },
  personNames: { fields: ['name'], identity: (row) => [row.corpId, row.userid, row.source] },
  // Lexicon alerts (issue 12): the message's visible text and the matched spans; status, rules and keys stay plain.
  alerts: { fields: ['text', 'hits'], identity: (row) => [row.corpId, row.msgid] },
  // Each rule's digests of its alerts (rules/alertDigests.ts): digests of message texts, keyed by message.
  alertDigests: { fields: ['entries'], identity: (row) => [row.ruleId, row.shard] },
};

/** The AAD of a row's blob: the table and the row's identity, unambiguous (JSON). */
export function sealedRowAad(table: string, spec: SealedTableSpec, row: Record<string, unknown>): string {
  return JSON.stringify([table, ...spec.identity(row)]);
}

async function sealRow(
  key: CryptoKey,
  table: string,
  spec: SealedTableSpec,
  row: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const payload: Record<string, unknown> = {};
  const plain: Record<string, unknown> = {};
  let any = false;
  for (const [name, value] of Object.entries(row)) {
    if (name === SEALED_FIELD) continue;
    if (spec.fields.includes(name)) {
      if (value !== undefined) {
        payload[name] = value;
        any = true;
      }
    } else plain[name] = value;
  }
  if (!any) return plain;
  plain[SEALED_FIELD] = await sealWith(key, sealedRowAad(table, spec, row), payload);
  return plain;
}

function needsOpening(value: unknown): value is Record<string, unknown> & { sealed: SealedBlob } {
  return (
    typeof value === 'object' &&
    value !== null &&
    isSealedBlob((value as Record<string, unknown>)[SEALED_FIELD])
  );
}

async function openRow(
  key: CryptoKey,
  table: string,
  spec: SealedTableSpec,
  row: Record<string, unknown> & { sealed: SealedBlob },
): Promise<Record<string, unknown>> {
  const { [SEALED_FIELD]: blob, ...plain } = row;
  const payload = await openWith<Record<string, unknown>>(key, sealedRowAad(table, spec, plain), blob);
  return { ...plain, ...payload };
}

/**
 * Keeps an IndexedDB transaction alive while non-IndexedDB work (WebCrypto) runs, and settles inside a
 * request's success callback, where the transaction is active again: the caller can go on placing
 * requests in it. The same technique as Dexie.waitFor, at the DBCore level.
 */
function whileAlive<T>(trans: DBCoreTransaction, work: Promise<T>): Promise<T> {
  const idb = trans as unknown as IDBTransaction;
  return new Promise<T>((resolve, reject) => {
    let settle: (() => void) | null = null;
    work.then(
      (value) => (settle = () => resolve(value)),
      (error: unknown) => (settle = () => reject(error as Error)),
    );
    let store: IDBObjectStore;
    try {
      store = idb.objectStore(idb.objectStoreNames[0] as string);
    } catch (error) {
      reject(error as Error);
      return;
    }
    const spin = () => {
      if (settle) {
        settle();
        return;
      }
      try {
        const request = store.get(-Infinity);
        request.onsuccess = spin;
        request.onerror = () => reject(request.error ?? new Error('keep-alive request failed'));
      } catch (error) {
        // The transaction ended (aborted or committed): settle as the work does, outside it.
        void work.then(resolve, reject);
        void error;
      }
    };
    spin();
  });
}

/** Read transactions whose sealed rows are answered as stored, to be opened after (readUnopened). */
const unopened = new WeakSet<object>();

/**
 * Runs `read` in one read transaction over `tables` in which the sealed tables' rows come back as
 * stored (plain fields, the `sealed` blob unopened). Opening rows inside a transaction keeps it alive
 * by polling IndexedDB while WebCrypto works (whileAlive), a cost per read on top of the decryption;
 * a reader of many rows that places no further request in the transaction reads this way, drops the
 * rows it does not need, and opens the rest with openRows once the transaction is over. A reader
 * that needs only plain fields (keys, indexed fields) never opens them. docs/security.md §8.
 */
export function readUnopened<T>(db: Dexie, tables: Table[], read: () => Promise<T>): Promise<T> {
  return db.transaction('r', tables, async (tx) => {
    // Inside a caller's transaction this one is that transaction: its other reads must still open,
    // so rows come back opened here (openRows passes them through).
    if (tx.parent === undefined || tx.parent === null) unopened.add(tx.idbtrans);
    return read();
  });
}

/** Opens rows of `tableName` read by readUnopened (plain rows pass as they are), all at once. */
export async function openRows<T>(db: HasDataKey, tableName: string, rows: readonly T[]): Promise<T[]> {
  const spec = SEALED_TABLES[tableName];
  if (!spec || !rows.some(needsOpening)) return [...rows];
  if (!db.dataKey) throw new DataKeyUnavailableError('no-key');
  return openEach(db.dataKey.current(), tableName, spec, rows) as Promise<T[]>;
}

/** Every row that holds a blob, opened at once; the others as they are. */
function openEach(
  key: CryptoKey,
  table: string,
  spec: SealedTableSpec,
  values: readonly unknown[],
): Promise<unknown[]> {
  return Promise.all(values.map((value) => (needsOpening(value) ? openRow(key, table, spec, value) : value)));
}

function sealingTable(down: DBCoreTable, spec: SealedTableSpec, keys: DataKeyHolder): DBCoreTable {
  const name = down.name;
  const openAll = async (trans: DBCoreTransaction, values: readonly unknown[]): Promise<unknown[]> => {
    if (unopened.has(trans) || !values.some(needsOpening)) return values as unknown[];
    const key = keys.current();
    return whileAlive(trans, openEach(key, name, spec, values));
  };
  return {
    ...down,
    async mutate(req) {
      if (req.type !== 'add' && req.type !== 'put') return down.mutate(req);
      const key = keys.current();
      const values = await whileAlive(
        req.trans,
        Promise.all(req.values.map((value) => sealRow(key, name, spec, value as Record<string, unknown>))),
      );
      return down.mutate({ ...req, values });
    },
    async get(req) {
      const value: unknown = await down.get(req);
      return needsOpening(value) ? (await openAll(req.trans, [value]))[0] : value;
    },
    async getMany(req) {
      return openAll(req.trans, await down.getMany(req));
    },
    async query(req) {
      const response = await down.query(req);
      if (!req.values) return response;
      return { ...response, result: await openAll(req.trans, response.result) };
    },
    async openCursor(req) {
      const cursor = await down.openCursor(req);
      if (!cursor || !req.values || unopened.has(req.trans)) return cursor;
      return openingCursor(cursor, (value) => openAll(req.trans, [value]).then((opened) => opened[0]));
    },
  };
}

/** A cursor whose `value` is the opened row: each step waits for its row to open before `onNext`. */
function openingCursor(cursor: DBCoreCursor, openValue: (value: unknown) => Promise<unknown>): DBCoreCursor {
  let value: unknown;
  const wrapped: DBCoreCursor = {
    get trans() {
      return cursor.trans;
    },
    get key(): unknown {
      return cursor.key;
    },
    get primaryKey(): unknown {
      return cursor.primaryKey;
    },
    get value() {
      return value;
    },
    get done() {
      return cursor.done === true;
    },
    continue: (key?: unknown) => cursor.continue(key),
    continuePrimaryKey: (key: unknown, primaryKey: unknown) => cursor.continuePrimaryKey(key, primaryKey),
    advance: (count: number) => cursor.advance(count),
    stop: (result?: unknown) => cursor.stop(result),
    fail: (error: Error) => cursor.fail(error),
    start(onNext) {
      return cursor.start(() => {
        const current: unknown = cursor.value;
        if (!needsOpening(current)) {
          value = current;
          onNext();
          return;
        }
        openValue(current).then(
          (opened) => {
            value = opened;
            try {
              onNext();
            } catch (error) {
              cursor.fail(error as Error);
            }
          },
          (error: unknown) => cursor.fail(error as Error),
        );
      });
    },
    next() {
      let gotOne = 1;
      return this.start(() => (gotOne-- ? this.continue() : this.stop())).then(() => this);
    },
  };
  return wrapped;
}

/**
 * The DBCore middleware that seals SEALED_TABLES' payload fields on every add/put and opens them on
 * every read (get, getMany, query, cursor). Lowest level, under Dexie's own middlewares, so hooks,
 * live queries and the cache above see plain rows. Without the key (locked, not loaded) reads of
 * sealed rows and all writes to sealed tables fail with DataKeyUnavailableError; plain rows written
 * before schema v7 still read.
 */
export function sealingMiddleware(keys: DataKeyHolder): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'Sealing',
    level: -10,
    create: (down) => ({
      ...down,
      table(tableName) {
        const table = down.table(tableName);
        const spec = SEALED_TABLES[tableName];
        return spec ? sealingTable(table, spec, keys) : table;
      },
    }),
  };
}
