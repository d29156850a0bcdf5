import Dexie from 'dexie';
import type { DBCore, Middleware } from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { IngestMessageDto, MessageHeaderDto } from '../../../main/contract';
import { ARCHIVE_DB_NAME, ArchiveDb, commitBatch } from '../../../renderer/db';
import { schemaVersions } from '../../../renderer/db/schema';

/** A fresh archive on its own in-memory IndexedDB, so tests never share state. */
export function freshDb(): ArchiveDb {
  return new ArchiveDb({ indexedDB: new IDBFactory(), IDBKeyRange });
}

/**
 * The archive as an older app left it: schema versions up to `version` only, no upgrade steps run, no
 * sealing. A test fills it, closes it, and opens an ArchiveDb on the same `factory` to upgrade it.
 */
export function archiveAtVersion(factory: IDBFactory, version: number): Dexie {
  const previous = new Dexie(ARCHIVE_DB_NAME, { indexedDB: factory, IDBKeyRange });
  for (const entry of schemaVersions.filter((candidate) => candidate.version <= version))
    previous.version(entry.version).stores(entry.stores);
  return previous;
}

/**
 * An archive whose next `failing.times` cursor writes fail with `error` (a full disk, say), then
 * recover. `factory` lets a test reopen the same IndexedDB afterwards.
 */
export function dbWithFailingCommits(error = 'QuotaExceededError', factory = new IDBFactory()) {
  const failing = { times: 0 };
  const db = new ArchiveDb({ indexedDB: factory, IDBKeyRange });
  const middleware: Middleware<DBCore> = {
    stack: 'dbcore',
    name: 'failing-commits',
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        if (name !== 'cursors') return table;
        return {
          ...table,
          mutate: (request) => {
            if (failing.times === 0) return table.mutate(request);
            failing.times -= 1;
            return Promise.reject(new Error(error));
          },
        };
      },
    }),
  };
  db.use(middleware);
  return { db, failing };
}

/** Commits `messages` as a corp's first batch (batchId 1), up to `cursor`: by default the last message's seq. */
export function commitFirstBatch(
  db: ArchiveDb,
  corpId: string,
  messages: IngestMessageDto[],
  cursor = messages.at(-1)?.seq ?? '0',
): ReturnType<typeof commitBatch> {
  return commitBatch(db, corpId, { batchId: 1, cursor, messages });
}

/** A fresh archive holding `messages` of one corp, committed as its first batch up to `cursor`. */
export async function storedArchive(
  corpId: string,
  cursor: string,
  messages: IngestMessageDto[],
): Promise<ArchiveDb> {
  const db = freshDb();
  await commitFirstBatch(db, corpId, messages, cursor);
  return db;
}

export function header(overrides: Partial<MessageHeaderDto> = {}): MessageHeaderDto {
  return {
    action: 'send',
    msgtype: 'text',
    from: 'zhangsan',
    tolist: ['wmCustomer01'],
    roomid: '',
    msgtime: 1_700_000_000_000,
    ...overrides,
  };
}

/** A decrypted message as main delivers it: `h`'s header with `payload` (e.g. `{ text: {…} }`). */
export function decryptedMessage(
  seq: string | number,
  h: MessageHeaderDto,
  payload: Record<string, unknown>,
  msgid = `m${seq}`,
): IngestMessageDto {
  return {
    seq: String(seq),
    msgid,
    publickeyVer: 1,
    status: 'ok',
    raw: JSON.stringify({ msgid, ...h, ...payload }),
    header: h,
  };
}

/** A decrypted text message ("hello <seq>"). */
export function okMessage(
  seq: string | number,
  msgid = `m${seq}`,
  overrides: Partial<MessageHeaderDto> = {},
): IngestMessageDto {
  return decryptedMessage(seq, header(overrides), { text: { content: `hello ${seq}` } }, msgid);
}

/** A message kept encrypted because its key version is missing. */
export function missingKeyMessage(
  seq: string | number,
  publickeyVer = 2,
  msgid = `m${seq}`,
): IngestMessageDto {
  return {
    seq: String(seq),
    msgid,
    publickeyVer,
    status: 'missing-key',
    failure: { stage: 'rsa', message: `no private key for version ${publickeyVer}` },
    envelope: { encryptRandomKey: `rk-${msgid}`, encryptChatMsg: `cm-${msgid}` },
  };
}
