import type { Table } from 'dexie';
import { ArchiveDb, type ArchiveDbOptions } from '../../db';

/**
 * The archive's tables as a backup sees them (docs/backup.md §3): every table of the Dexie schema
 * (renderer/db/schema.ts), read and written through a connection without the sealing middleware, so
 * rows go out and come back exactly as IndexedDB holds them — sealed blobs included. A table added in
 * a later schema version is in `db.tables` without any change here; an object store the schema does
 * not declare stops the backup rather than being left out.
 */
export interface ArchiveTable {
  name: string;
  keyPath: string | string[] | null;
  autoIncrement: boolean;
  table: Table<unknown, unknown>;
}

/** Tables the app fills by itself in a fresh profile (progress of its workers): not "data" for emptiness. */
export const BOOKKEEPING_TABLES: ReadonlySet<string> = new Set(['searchState', 'rulesState']);

/**
 * The table order of a backup: the pull cursors first, so a cursor is never ahead of the messages
 * read after it (a row stored meanwhile is pulled again, never lost); then the rest by name.
 */
function backupOrder(a: ArchiveTable, b: ArchiveTable): number {
  if (a.name === 'cursors') return -1;
  if (b.name === 'cursors') return 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

export class UndeclaredStoreError extends Error {
  constructor(readonly stores: string[]) {
    super(`IndexedDB holds object stores the schema does not declare: ${stores.join(', ')}`);
    this.name = 'UndeclaredStoreError';
  }
}

/** Opens the archive without the sealing middleware (the app's own connection stays as it is). */
export async function openRawArchive(
  options: Pick<ArchiveDbOptions, 'indexedDB' | 'IDBKeyRange'> = {},
): Promise<ArchiveDb> {
  const db = new ArchiveDb(options);
  await db.open();
  return db;
}

export function archiveTables(db: ArchiveDb): ArchiveTable[] {
  const declared = db.tables.map((table) => ({
    name: table.name,
    keyPath: table.schema.primKey.keyPath ?? null,
    autoIncrement: table.schema.primKey.auto === true,
    table: table as Table<unknown, unknown>,
  }));
  const names = new Set(declared.map((table) => table.name));
  const stores = [...db.backendDB().objectStoreNames];
  const undeclared = stores.filter((name) => !names.has(name));
  if (undeclared.length > 0) throw new UndeclaredStoreError(undeclared);
  return declared.sort(backupOrder);
}

/** True when no table but the bookkeeping ones holds a row. */
export async function isArchiveEmpty(db: ArchiveDb): Promise<boolean> {
  for (const { name, table } of archiveTables(db)) {
    if (BOOKKEEPING_TABLES.has(name)) continue;
    if ((await table.count()) > 0) return false;
  }
  return true;
}
