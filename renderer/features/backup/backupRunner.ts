import type {
  ArchiveApi,
  ArchiveError,
  BackupResultDto,
  RestoreFinishDto,
  RestoreOpenDto,
  Result,
} from '../../../main/contract';
import { problemOf, recountEveryChat, type ArchiveDb, type MessageRow } from '../../db';
import { archiveTables, isArchiveEmpty, type ArchiveTable } from './archiveTables';
import { decodeRow, encodeRow } from './rowCodec';

/**
 * Whole-archive backup and restore in the renderer (issue 13, docs/backup.md): every table is read in
 * pages of keys and streamed to main as JSON lines (never the whole table in memory); restore reads the
 * verified backup back chunk by chunk and writes the rows as they were. Between chunks the runners
 * yield to the page and check for Cancel, so the UI stays responsive.
 */

/** Rows read per page, and the encoded size at which a chunk is sent. */
const PAGE_ROWS = 500;
/** The undecrypted messages' table (db/messageProblems.ts), derived from the messages on restore. */
const DERIVED_PROBLEMS = 'messageProblems';
const CHUNK_BYTES = 2 * 1024 * 1024;

export type BackupApi = Pick<
  ArchiveApi,
  | 'backupBegin'
  | 'backupAppend'
  | 'backupMedia'
  | 'backupFinish'
  | 'backupCancel'
  | 'restoreOpen'
  | 'restoreBegin'
  | 'restoreRead'
  | 'restoreMedia'
  | 'restoreFinish'
  | 'restoreCancel'
>;

export interface RunProgress {
  phase: 'rows' | 'media' | 'finishing';
  /** The table being read or written (rows phase). */
  table?: string;
  done: number;
  total: number;
}

/** A verb answered with an error: carries main's code and detail for the UI's text. */
export class BackupFailed extends Error {
  constructor(readonly error: ArchiveError) {
    super(error.message);
    this.name = 'BackupFailed';
  }
}

export class BackupAborted extends Error {
  constructor() {
    super('cancelled');
    this.name = 'BackupAborted';
  }
}

/** The archive holds data and the user has not confirmed replacing it. */
export class RestoreNeedsReplace extends Error {
  constructor() {
    super('the profile is not empty');
    this.name = 'RestoreNeedsReplace';
  }
}

/** The backup's rows are of another schema version than this app's archive. */
export class RestoreVersionMismatch extends Error {
  constructor(
    readonly backupVersion: number,
    readonly appVersion: number,
  ) {
    super(`backup schema version ${backupVersion}, this archive ${appVersion}`);
    this.name = 'RestoreVersionMismatch';
  }
}

async function value<T>(answer: Promise<Result<T>>): Promise<T> {
  const result = await answer;
  if (!result.ok) throw new BackupFailed(result.error);
  return result.value;
}

/** Lets the page paint and handle input between chunks. */
const yieldToPage = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Pages through a table by primary key: keys first, then the rows of those keys (raw, as stored). */
async function* tablePages(table: ArchiveTable): AsyncGenerator<{ keys: unknown[]; rows: unknown[] }> {
  let after: unknown;
  let first = true;
  for (;;) {
    const range = first ? table.table.toCollection() : table.table.where(':id').above(after);
    first = false;
    const keys = (await range.limit(PAGE_ROWS).primaryKeys()) as unknown[];
    if (keys.length === 0) return;
    const rows = await table.table.bulkGet(keys as never[]);
    yield { keys, rows };
    after = keys.at(-1);
  }
}

export interface BackupOptions {
  passphrase: string;
  includeSecrets: boolean;
  parentDir?: string;
  localSettings: Record<string, string>;
}

export async function runBackup(
  api: BackupApi,
  db: ArchiveDb,
  options: BackupOptions,
  onProgress: (progress: RunProgress) => void,
  signal: AbortSignal,
): Promise<BackupResultDto> {
  const tables = archiveTables(db);
  const counts = await Promise.all(tables.map(({ table }) => table.count()));
  const total = counts.reduce((sum, count) => sum + count, 0);
  const { backupId } = await value(
    api.backupBegin({
      passphrase: options.passphrase,
      includeSecrets: options.includeSecrets,
      schemaVersion: db.verno,
      tables: tables.map(({ name, keyPath, autoIncrement }, i) => ({
        name,
        keyPath,
        autoIncrement,
        rows: counts[i] ?? 0,
      })),
      localSettings: options.localSettings,
      ...(options.parentDir ? { parentDir: options.parentDir } : {}),
    }),
  );
  const stopIfCancelled = async () => {
    if (!signal.aborted) return;
    await api.backupCancel({ backupId });
    throw new BackupAborted();
  };
  try {
    let done = 0;
    onProgress({ phase: 'rows', done, total });
    for (const table of tables) {
      let lines = '';
      let rows = 0;
      const send = async () => {
        if (rows === 0) return;
        await value(api.backupAppend({ backupId, table: table.name, lines, rows }));
        lines = '';
        rows = 0;
      };
      for await (const page of tablePages(table)) {
        for (let i = 0; i < page.keys.length; i += 1) {
          const row = page.rows[i];
          const where = `${table.name}[${i}]`;
          lines += `${table.keyPath === null ? encodeRow([page.keys[i], row], where) : encodeRow(row, where)}\n`;
          rows += 1;
        }
        done += page.keys.length;
        if (lines.length >= CHUNK_BYTES) await send();
        onProgress({ phase: 'rows', table: table.name, done, total });
        await yieldToPage();
        await stopIfCancelled();
      }
      await send();
    }
    for (;;) {
      const step = await value(api.backupMedia({ backupId }));
      onProgress({ phase: 'media', done: step.done, total: step.total });
      if (step.finished) break;
      await yieldToPage();
      await stopIfCancelled();
    }
    await stopIfCancelled();
    onProgress({ phase: 'finishing', done: 0, total: 0 });
    return await value(api.backupFinish({ backupId }));
  } catch (error) {
    if (!(error instanceof BackupAborted)) await api.backupCancel({ backupId }).catch(() => undefined);
    throw error;
  }
}

/** Verifies a backup folder in main (nothing is touched); the answer names every bad file. */
export function openBackup(
  api: BackupApi,
  db: ArchiveDb,
  folder: string,
  passphrase: string,
): Promise<RestoreOpenDto> {
  return value(api.restoreOpen({ folder, passphrase, schemaVersion: db.verno }));
}

export interface RestoreDeps {
  api: BackupApi;
  db: ArchiveDb;
  /** Fetches the data key again after main adopted the backup's (the page's sealed reads need it). */
  reloadDataKey: () => Promise<unknown>;
}

async function clearAll(tables: readonly ArchiveTable[]): Promise<void> {
  for (const { table } of tables) await table.clear();
}

/**
 * Restores a verified backup (`opened`, from openBackup) into this profile: refuses a profile that
 * holds data unless `replace`; main writes settings, secrets and the data key; then every table is
 * emptied and written back row by row as backed up, and the media files are copied in steps. A failure
 * while the rows are written empties the tables again, so no half archive is left behind.
 */
export async function runRestore(
  deps: RestoreDeps,
  opened: RestoreOpenDto,
  replace: boolean,
  onProgress: (progress: RunProgress) => void,
  signal: AbortSignal,
): Promise<RestoreFinishDto & { restartRequired: boolean; movedAside: string | null }> {
  const { api, db } = deps;
  const restoreId = opened.restoreId;
  const summary = opened.summary;
  if (!opened.ok || !restoreId || !summary) throw new Error('the backup was not verified');
  if (summary.schemaVersion !== db.verno) throw new RestoreVersionMismatch(summary.schemaVersion, db.verno);
  const tables = archiveTables(db);
  const byName = new Map(tables.map((table) => [table.name, table]));
  const unknown = summary.tables.filter((table) => !byName.has(table.name));
  if (unknown.length > 0)
    throw new BackupFailed({
      code: 'invalid-request',
      message: `The backup holds tables this app does not have: ${unknown.map((t) => t.name).join(', ')}`,
    });
  if (!replace && !(await isArchiveEmpty(db))) throw new RestoreNeedsReplace();
  if (signal.aborted) {
    await api.restoreCancel({ restoreId });
    throw new BackupAborted();
  }

  const begun = await value(api.restoreBegin({ restoreId, replace }));
  await deps.reloadDataKey();
  const total = summary.rows;
  let done = 0;
  try {
    await clearAll(tables);
    onProgress({ phase: 'rows', done, total });
    for (const entry of summary.tables) {
      const target = byName.get(entry.name) as ArchiveTable;
      let offset = 0;
      for (;;) {
        const chunk = await value(api.restoreRead({ restoreId, table: entry.name, offset }));
        const decoded = chunk.lines
          .split('\n')
          .filter((line) => line !== '')
          .map((line) => decodeRow(line));
        if (entry.name === DERIVED_PROBLEMS) {
          // Derived again from the messages below: a backup taken during a pull or a re-decryption read
          // this table before the messages, so its copy may disagree with them.
        } else if (target.keyPath === null) {
          const pairs = decoded as Array<[unknown, unknown]>;
          await target.table.bulkPut(
            pairs.map(([, row]) => row),
            pairs.map(([key]) => key) as never[],
          );
        } else if (decoded.length > 0) {
          await target.table.bulkPut(decoded);
          // Status, key version and identity are plain columns of a sealed row (db/sealedTables.ts).
          if (entry.name === 'messages')
            await db.messageProblems.bulkPut(
              (decoded as MessageRow[]).flatMap((row) => problemOf(row) ?? []),
            );
        }
        done += decoded.length;
        offset = chunk.nextOffset;
        onProgress({ phase: 'rows', table: entry.name, done, total });
        await yieldToPage();
        if (signal.aborted) throw new BackupAborted();
        if (chunk.done) break;
      }
    }
    // The chats' day counts are positions the timeline trusts; the page counts them again after its reload.
    await recountEveryChat(db);
  } catch (error) {
    await clearAll(tables).catch(() => undefined);
    await api.restoreCancel({ restoreId }).catch(() => undefined);
    throw error;
  }
  for (;;) {
    const step = await value(api.restoreMedia({ restoreId }));
    onProgress({ phase: 'media', done: step.done, total: step.total });
    if (step.finished) break;
    await yieldToPage();
  }
  onProgress({ phase: 'finishing', done: 0, total: 0 });
  const finished = await value(api.restoreFinish({ restoreId }));
  return { ...finished, restartRequired: begun.restartRequired, movedAside: begun.movedAside };
}
