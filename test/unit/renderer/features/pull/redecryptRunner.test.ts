import { describe, expect, it } from 'vitest';
import type { DecryptResultDto } from '../../../../../main/contract';
import { commitBatch } from '../../../../../renderer/db';
import { RedecryptRunner } from '../../../../../renderer/features/pull/redecryptRunner';
import { RunningPulls } from '../../../../../renderer/features/pull/runningPulls';
import { createAppStore } from '../../../../../renderer/state';
import { memoryStorage } from '../../fakeArchive';
import { freshDb, header, missingKeyMessage, storedArchive } from '../../fixtures';

describe('RedecryptRunner', () => {
  it('publishes progress to the store and ends with the outcome', async () => {
    const db = await storedArchive('c1', '3', [
      missingKeyMessage(1),
      missingKeyMessage(2),
      missingKeyMessage(3),
    ]);
    const store = createAppStore();
    const seen: Array<{ done: number; running: boolean }> = [];
    store.subscribe((state) => {
      const run = state.redecrypts.c1;
      if (run) seen.push({ done: run.done, running: run.running });
    });
    const runner = new RedecryptRunner({
      db,
      store,
      archive: {
        decryptEnvelopes: async ({ envelopes }) => ({
          ok: true,
          value: envelopes.map((e): DecryptResultDto => ({
            msgid: e.msgid,
            status: 'ok',
            raw: '{}',
            header: header(),
          })),
        }),
      },
    });
    await runner.run('c1', 2);
    await runner.whenIdle();
    expect(store.getState().redecrypts.c1).toEqual({
      done: 3,
      total: 3,
      succeeded: 3,
      publickeyVer: 2,
      running: false,
      error: null,
    });
    expect(seen.at(0)).toEqual({ done: 0, running: true });
  });

  it('reports main’s error and keeps the progress made', async () => {
    const db = freshDb();
    await commitBatch(db, 'c1', { batchId: 1, cursor: '1', messages: [missingKeyMessage(1)] });
    const store = createAppStore();
    const runner = new RedecryptRunner({
      db,
      store,
      archive: {
        decryptEnvelopes: async () => ({
          ok: false,
          error: { code: 'not-found', message: 'No corp with id c1.' },
        }),
      },
    });
    expect(await runner.run('c1')).toBeNull();
    expect(store.getState().redecrypts.c1).toMatchObject({
      running: false,
      error: 'No corp with id c1.',
      done: 0,
      total: 1,
    });
  });
});

describe('RunningPulls', () => {
  it('survives garbage in storage and keeps each corp once', () => {
    const storage = memoryStorage({ 'wecom-archive.running-pulls': '{oops' });
    const running = new RunningPulls(storage);
    expect(running.list()).toEqual([]);
    running.add('a');
    running.add('a');
    running.add('b');
    running.remove('a');
    expect(running.list()).toEqual(['b']);
  });
});
