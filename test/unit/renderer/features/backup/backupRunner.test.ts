import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { Result } from '../../../../../main/contract';
import { requestSchemas } from '../../../../../main/contract';
import { BackupService } from '../../../../../main/services/backup/backupService';
import { createFileSecretStore } from '../../../../../main/services/config/secretStore';
import { DATA_KEY_SECRET } from '../../../../../main/services/dataKey/dataKeyService';
import { EvidenceSigningKey } from '../../../../../main/services/evidence/signingKey';
import { buildPendingChatDays, readChatDays, type ArchiveDb } from '../../../../../renderer/db';
import { archiveTables, openRawArchive } from '../../../../../renderer/features/backup/archiveTables';
import {
  BackupAborted,
  RestoreNeedsReplace,
  openBackup,
  runBackup,
  runRestore,
  type BackupApi,
} from '../../../../../renderer/features/backup/backupRunner';
import { useTempDir } from '../../../support/tempDir';

const dir = useTempDir('backup-runner-');

const PASSPHRASE = 'runner passphrase';

/** main's BackupService behind the contract's own schemas, as the shells dispatch it. */
async function mainSide(name: string): Promise<BackupApi> {
  const dataDir = path.join(dir(), name);
  await mkdir(dataDir, { recursive: true });
  const secrets = createFileSecretStore({ file: path.join(dataDir, 'secrets.json'), kind: 'file-0600' });
  await secrets.set(DATA_KEY_SECRET, randomBytes(32).toString('base64'));
  const signing = new EvidenceSigningKey(secrets);
  const service = new BackupService({
    dataDir,
    app: { name: 'test', version: '0', shell: 'web' },
    signer: signing.asSigner(),
    secretStore: secrets,
    dataKey: async () => (await secrets.get(DATA_KEY_SECRET)) as string,
    adoptDataKey: (key) => secrets.set(DATA_KEY_SECRET, key),
    reloadSettings: async () => undefined,
    hasCorps: async () => false,
    log: () => undefined,
  });
  const call =
    <T>(method: keyof typeof requestSchemas, run: (params: never) => Promise<T> | T) =>
    async (params: unknown): Promise<Result<T>> => {
      try {
        return { ok: true, value: await run(requestSchemas[method].parse(params) as never) };
      } catch (error) {
        return { ok: false, error: { code: 'invalid-request', message: (error as Error).message } };
      }
    };
  interface P {
    backupId: string;
    restoreId: string;
    folder: string;
    passphrase: string;
    schemaVersion: number;
    replace: boolean;
    table: string;
    offset: number;
  }
  return {
    backupBegin: call('backupBegin', (p) => service.begin(p)),
    backupAppend: call('backupAppend', (p) => service.append(p)),
    backupMedia: call('backupMedia', (p: P) => service.media(p.backupId)),
    backupFinish: call('backupFinish', (p: P) => service.finish(p.backupId)),
    backupCancel: call('backupCancel', (p: P) => service.cancel(p.backupId)),
    restoreOpen: call('restoreOpen', (p: P) => service.restoreOpen(p.folder, p.passphrase, p.schemaVersion)),
    restoreBegin: call('restoreBegin', (p: P) => service.restoreBegin(p.restoreId, p.replace)),
    restoreRead: call('restoreRead', (p: P) => service.restoreRead(p.restoreId, p.table, p.offset)),
    restoreMedia: call('restoreMedia', (p: P) => service.restoreMedia(p.restoreId)),
    restoreFinish: call('restoreFinish', (p: P) => service.restoreFinish(p.restoreId)),
    restoreCancel: call('restoreCancel', (p: P) => service.restoreCancel(p.restoreId)),
  } as unknown as BackupApi;
}

/** What every test backs up with: the test passphrase, no secrets, into the temp dir's out/. */
const backupOptions = () => ({
  passphrase: PASSPHRASE,
  includeSecrets: false,
  localSettings: {},
  parentDir: path.join(dir(), 'out'),
});

const openDb = () => openRawArchive({ indexedDB: new IDBFactory(), IDBKeyRange });

/** Every table's rows, read raw. */
async function dump(db: ArchiveDb): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const { name, table } of archiveTables(db)) out[name] = await table.toArray();
  return out;
}

async function seed(db: ArchiveDb): Promise<void> {
  const rows = Array.from({ length: 1234 }, (_, i) => ({
    corpId: 'c1',
    msgid: `m${i}`,
    seqKey: String(i).padStart(20, '0'),
    convId: 'g:room',
    msgtime: 1_700_000_000_000 + i,
    status: i % 500 === 7 ? 'missing-key' : 'ok',
    publickeyVer: i % 500 === 7 ? 2 : 1,
    msgtype: 'text',
    sealed: new Uint8Array(randomBytes(40 + (i % 7))),
  }));
  await db.table('messages').bulkPut(rows);
  // The undecrypted messages' table as a backup taken during a pull or a re-decryption can catch it:
  // m0 listed though its row is ok by the time the messages are read; m7, m507 and m1007 not listed yet.
  await db
    .table('messageProblems')
    .put({ corpId: 'c1', msgid: 'm0', status: 'missing-key', publickeyVer: 2 });
  await db.table('cursors').put({ corpId: 'c1', seq: '1233' });
  await db
    .table('markNotes')
    .put({ corpId: 'c1', msgid: 'm5', convId: 'g:room', sealed: new Uint8Array([1, 2, 3]) });
  await db.table('noteHistory').bulkAdd([
    { corpId: 'c1', msgid: 'm5', at: 1 },
    { corpId: 'c1', msgid: 'm5', at: 2 },
  ]);
  await db.table('cases').put({ id: 'case-1', name: '案件', updatedAt: 5 });
  await db.table('auditTrail').put({ seq: 1, time: 3, action: 'note.set', reviewer: { name: 'R' } });
}

describe('backup and restore runners over every schema table (docs/backup.md §3, §5)', () => {
  it('a backup restored into an empty archive gives back every table row for row, byte for byte', async () => {
    const source = await openDb();
    await seed(source);
    const api = await mainSide('source');
    const phases = new Set<string>();
    const result = await runBackup(
      api,
      source,
      backupOptions(),
      (progress) => phases.add(progress.phase),
      new AbortController().signal,
    );
    expect(result.tables).toBe(archiveTables(source).length);
    expect(result.rows).toBe(1234 + 1 + 1 + 1 + 2 + 1 + 1);
    expect([...phases]).toEqual(['rows', 'media', 'finishing']);

    const target = await openDb();
    const targetApi = await mainSide('target');
    const opened = await openBackup(targetApi, target, result.folder, PASSPHRASE);
    expect(opened.problems).toEqual([]);
    await runRestore(
      { api: targetApi, db: target, reloadDataKey: async () => undefined },
      opened,
      false,
      () => undefined,
      new AbortController().signal,
    );
    const restored = await dump(target);
    // The chats' day counts are derived: every chat is listed to be counted again (db/chatDays.ts).
    expect(restored.chatDaysPending).toEqual([{ corpId: 'c1', convId: 'g:room' }]);
    // The undecrypted messages are derived from the restored messages, not copied (db/messageProblems.ts).
    expect(restored.messageProblems).toEqual(
      [1007, 507, 7].map((i) => ({ corpId: 'c1', msgid: `m${i}`, status: 'missing-key', publickeyVer: 2 })),
    );
    expect({ ...restored, chatDaysPending: [], messageProblems: [] }).toEqual({
      ...(await dump(source)),
      messageProblems: [],
    });
    expect(await readChatDays(target, 'c1', 'g:room')).toBeNull();
    await buildPendingChatDays(target);
    expect(await readChatDays(target, 'c1', 'g:room')).toMatchObject({ total: 1234 });
    // An autoincrement table goes on from where it was.
    expect(await target.table('noteHistory').add({ corpId: 'c1', msgid: 'm5', at: 3 })).toBe(3);
  });

  it('refuses to restore over an archive that holds rows unless replacing, and Cancel removes the backup', async () => {
    const source = await openDb();
    await seed(source);
    const api = await mainSide('source');
    const result = await runBackup(
      api,
      source,
      backupOptions(),
      () => undefined,
      new AbortController().signal,
    );
    const target = await openDb();
    await target.table('cases').put({ id: 'mine', name: 'kept', updatedAt: 1 });
    const targetApi = await mainSide('target');
    const opened = await openBackup(targetApi, target, result.folder, PASSPHRASE);
    const deps = { api: targetApi, db: target, reloadDataKey: async () => undefined };
    await expect(
      runRestore(deps, opened, false, () => undefined, new AbortController().signal),
    ).rejects.toThrow(RestoreNeedsReplace);
    expect(await target.table('cases').toArray()).toEqual([{ id: 'mine', name: 'kept', updatedAt: 1 }]);
    await runRestore(deps, opened, true, () => undefined, new AbortController().signal);
    expect(await target.table('cases').toArray()).toEqual([{ id: 'case-1', name: '案件', updatedAt: 5 }]);

    const controller = new AbortController();
    let folder = '';
    const cancelled = runBackup(
      {
        ...api,
        backupBegin: async (p) => {
          const answer = await api.backupBegin(p);
          if (answer.ok) folder = answer.value.folder;
          controller.abort();
          return answer;
        },
      },
      source,
      backupOptions(),
      () => undefined,
      controller.signal,
    );
    await expect(cancelled).rejects.toThrow(BackupAborted);
    expect(existsSync(folder)).toBe(false);
  });
});
