import { describe, expect, it, vi } from 'vitest';
import type { ArchiveDb } from '../../../../../renderer/db';
import { commitBatch, readCursor } from '../../../../../renderer/db';
import type * as DbModule from '../../../../../renderer/db';
import { PullController } from '../../../../../renderer/features/pull/pullController';
import { RUNNING_PULLS_KEY } from '../../../../../renderer/features/pull/runningPulls';
import { createAppStore } from '../../../../../renderer/state';
import { createFakeArchive, fakeConnection, memoryStorage, pullStatus } from '../../fakeArchive';
import { dbWithFailingCommits, freshDb, okMessage } from '../../fixtures';

/** What happened, in order: a batch's commit resolving, and its ack being sent. */
const timeline: string[] = [];

vi.mock('../../../../../renderer/db', async (importOriginal) => {
  const original = await importOriginal<typeof DbModule>();
  return {
    ...original,
    commitBatch: async (...args: Parameters<typeof original.commitBatch>) => {
      const result = await original.commitBatch(...args);
      timeline.push(`committed ${args[2].batchId}`);
      return result;
    },
  };
});

function setup(
  options: {
    db?: ArchiveDb;
    storage?: ReturnType<typeof memoryStorage>;
    fake?: ReturnType<typeof createFakeArchive>;
  } = {},
) {
  const fake = options.fake ?? createFakeArchive();
  const db = options.db ?? freshDb();
  const store = createAppStore();
  const storage = options.storage ?? memoryStorage();
  const connection = fakeConnection();
  const controller = new PullController({ archive: fake.archive, connection, db, store, storage });
  return { fake, db, store, storage, connection, controller };
}

/** main's last word on a pull: caught up. The controller settles once every batch is stored too. */
async function catchUp(
  fake: ReturnType<typeof createFakeArchive>,
  controller: PullController,
  corpId: string,
) {
  fake.emit({ type: 'pull-status', status: pullStatus(corpId, 'caught-up', { lastSuccessAt: Date.now() }) });
  await controller.whenSettled(corpId);
}

const batch = (corpId: string, batchId: number, seqs: number[]) => ({
  type: 'pull-batch' as const,
  corpId,
  batchId,
  cursor: String(Math.max(...seqs)),
  messages: seqs.map((seq) => okMessage(seq)),
});

describe('PullController', () => {
  it('acknowledges a batch only after its transaction committed, with the committed cursor', async () => {
    const { fake, db, controller } = setup();
    timeline.length = 0;
    const seenAtAck: Array<{ present: boolean; cursor: string }> = [];
    fake.archive.ackBatch.mockImplementation(async (params) => {
      timeline.push(`ack ${params.batchId}`);
      const msgids = params.batchId === 7 ? ['m1', 'm2', 'm3'] : ['m4', 'm5'];
      const rows = await db.messages.bulkGet(msgids.map((msgid): [string, string] => ['c1', msgid]));
      seenAtAck.push({ present: rows.every(Boolean), cursor: await readCursor(db, 'c1') });
      return { ok: true as const, value: null };
    });
    await controller.start();

    fake.emit(batch('c1', 7, [1, 2, 3]));
    fake.emit(batch('c1', 8, [4, 5]));
    await catchUp(fake, controller, 'c1');

    expect(fake.archive.ackBatch.mock.calls.map(([params]) => params)).toEqual([
      { corpId: 'c1', batchId: 7, committedSeq: '3' },
      { corpId: 'c1', batchId: 8, committedSeq: '5' },
    ]);
    expect(timeline).toEqual(['committed 7', 'ack 7', 'committed 8', 'ack 8']);
    await vi.waitFor(() => expect(seenAtAck).toHaveLength(2));
    expect(seenAtAck.every((seen) => seen.present)).toBe(true);
  });

  it('does not acknowledge a batch whose commit failed, stops the pull and reports it', async () => {
    const { db, failing } = dbWithFailingCommits();
    const { fake, store, controller, storage } = setup({ db });
    await controller.start();
    await controller.startPull('c1');
    expect(JSON.parse(storage.getItem(RUNNING_PULLS_KEY) ?? '[]')).toEqual(['c1']);

    failing.times = 1;
    fake.emit(batch('c1', 1, [1, 2]));
    // A later batch of the same session must not be stored over the gap, though storage recovered.
    fake.emit(batch('c1', 2, [3]));
    await controller.whenSettled('c1');

    expect(fake.callsOf('ackBatch')).toEqual([]);
    expect(fake.callsOf('stopPull')).toEqual([{ corpId: 'c1' }]);
    expect(await db.messages.count()).toBe(0);
    expect(await readCursor(db, 'c1')).toBe('0');
    expect(store.getState().commitFailures.c1).toMatchObject({
      batchId: 1,
      message: expect.stringContaining('Quota'),
    });
    // Not resumed after a reload: the user sees the failure and starts again.
    expect(JSON.parse(storage.getItem(RUNNING_PULLS_KEY) ?? '[]')).toEqual([]);

    // Starting again clears the failure and continues from the committed cursor.
    await controller.startPull('c1');
    expect(store.getState().commitFailures.c1).toBeNull();
    fake.emit(batch('c1', 1_000_001, [1, 2, 3]));
    await catchUp(fake, controller, 'c1');
    expect(fake.callsOf('ackBatch')).toEqual([{ corpId: 'c1', batchId: 1_000_001, committedSeq: '3' }]);
  });

  it('starts a due pull from the cursor committed in IndexedDB', async () => {
    const { fake, db, controller } = setup();
    await commitBatch(db, 'c1', { batchId: 1, cursor: '9007199254740993', messages: [] });
    await controller.start();
    fake.emit({ type: 'pull-due', corpId: 'c1' });
    await vi.waitFor(() => expect(fake.callsOf('startPull')).toHaveLength(1));
    expect(fake.callsOf('startPull')).toEqual([{ corpId: 'c1', cursor: '9007199254740993' }]);
  });

  it('after a reload, resumes the pulls that were running, from the committed cursor', async () => {
    const fake = createFakeArchive({
      statuses: [pullStatus('c1', 'stopped'), pullStatus('c2', 'idle'), pullStatus('c3', 'caught-up')],
    });
    const storage = memoryStorage({ [RUNNING_PULLS_KEY]: JSON.stringify(['c1', 'gone']) });
    const db = freshDb();
    await commitBatch(db, 'c1', { batchId: 1, cursor: '120', messages: [okMessage(120)] });
    const { controller } = setup({ fake, storage, db });

    await controller.start();
    await vi.waitFor(() => expect(fake.callsOf('startPull')).toHaveLength(1));

    expect(fake.callsOf('startPull')).toEqual([{ corpId: 'c1', cursor: '120' }]);
    // A corp that no longer exists is forgotten.
    expect(JSON.parse(storage.getItem(RUNNING_PULLS_KEY) ?? '[]')).toEqual(['c1']);
  });

  it('after a reconnect, resumes a pull main stopped when the connection dropped', async () => {
    const { fake, controller, connection } = setup();
    await controller.start();
    fake.emit({ type: 'pull-status', status: pullStatus('c1', 'pulling') });
    fake.emit(batch('c1', 1, [1, 2]));
    await vi.waitFor(() => expect(fake.archive.ackBatch).toHaveBeenCalledTimes(1));

    // main was restarted: the pull it had is gone.
    fake.setStatuses([pullStatus('c1', 'idle')]);
    connection.reconnect();
    await vi.waitFor(() => expect(fake.callsOf('startPull')).toHaveLength(1));

    expect(fake.callsOf('startPull')).toEqual([{ corpId: 'c1', cursor: '2' }]);
  });

  it('does not resume a pull the user stopped, or one that caught up', async () => {
    const { fake, controller, connection, storage } = setup({
      fake: createFakeArchive({ statuses: [pullStatus('c1', 'idle'), pullStatus('c2', 'idle')] }),
    });
    await controller.start();
    fake.emit({ type: 'pull-status', status: pullStatus('c1', 'pulling') });
    fake.emit({ type: 'pull-status', status: pullStatus('c2', 'pulling') });
    await controller.stopPull('c1');
    fake.emit({ type: 'pull-status', status: pullStatus('c2', 'caught-up') });
    expect(JSON.parse(storage.getItem(RUNNING_PULLS_KEY) ?? '[]')).toEqual([]);

    connection.reconnect();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(fake.callsOf('startPull')).toEqual([]);
  });

  it('settles only when the pull has come to rest and every batch is stored', async () => {
    const { fake, controller, db } = setup();
    await controller.start();
    await controller.startPull('c1');
    let settled = false;
    void controller.whenSettled('c1').then(() => (settled = true));
    fake.emit(batch('c1', 1, [1]));
    // The batch is stored while main still says the pull is running: not settled yet.
    await vi.waitFor(async () => expect(await db.messages.count()).toBe(1));
    expect(settled).toBe(false);
    fake.emit({ type: 'pull-status', status: pullStatus('c1', 'caught-up', { lastSuccessAt: Date.now() }) });
    await vi.waitFor(() => expect(settled).toBe(true));
    expect(await db.messages.count()).toBe(1);
  });

  it('refreshes the corps when main says they changed, and keeps statuses from events', async () => {
    const { fake, store, controller } = setup();
    await controller.start();
    const before = fake.callsOf('listCorps').length;
    fake.emit({ type: 'corps-changed' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(fake.callsOf('listCorps').length).toBe(before + 1);
    expect(store.getState().corpsLoaded).toBe(true);

    fake.emit({ type: 'pull-status', status: pullStatus('c1', 'backing-off', { pulled: 42 }) });
    expect(store.getState().pullStatuses.c1).toMatchObject({ state: 'backing-off', pulled: 42 });
  });

  it('opens the demo: enables it, then starts its pull', async () => {
    const { fake, controller } = setup();
    await controller.start();
    const answer = await controller.openDemo();
    expect(answer.ok).toBe(true);
    expect(fake.callsOf('startPull')).toEqual([{ corpId: 'demo', cursor: '0' }]);
  });
});
