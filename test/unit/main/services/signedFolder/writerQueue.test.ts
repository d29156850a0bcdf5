import { describe, expect, it } from 'vitest';
import { WriterQueue } from '../../../../../main/services/signedFolder/writerQueue';

class Writer {
  readonly log: string[] = [];
  cancelled = 0;
  async cancel(): Promise<void> {
    this.cancelled += 1;
    this.log.push('cancel');
  }
}

const queue = (cancelAfterPendingStep: boolean) =>
  new WriterQueue<Writer>({ notFound: (id) => new Error(`no ${id}`), cancelAfterPendingStep });

const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('WriterQueue', () => {
  it('runs one writer’s steps in the order they came, one after the other', async () => {
    const writers = queue(false);
    const writer = new Writer();
    writers.add('a', writer);
    await Promise.all([
      writers.step('a', async (w) => {
        await later(20);
        w.log.push('first');
      }),
      writers.step('a', async (w) => void w.log.push('second')),
    ]);
    expect(writer.log).toEqual(['first', 'second']);
  });

  it('a failed step cancels the writer and forgets it; an unknown id is notFound', async () => {
    const writers = queue(false);
    const writer = new Writer();
    writers.add('a', writer);
    await expect(writers.step('a', () => Promise.reject(new Error('disk full')))).rejects.toThrow(
      'disk full',
    );
    expect(writer.cancelled).toBe(1);
    expect(writers.ids()).toEqual([]);
    await expect(writers.step('a', async () => 1)).rejects.toThrow('no a');
  });

  it('cancel waits for the pending step only when asked to; a writer is gone after its last step', async () => {
    for (const afterPending of [true, false]) {
      const writers = queue(afterPending);
      const writer = new Writer();
      writers.add('a', writer);
      const pending = writers.step('a', async (w) => {
        await later(20);
        w.log.push('step');
      });
      expect(await writers.cancel('a')).toBe(true);
      await pending;
      expect(writer.log).toEqual(afterPending ? ['step', 'cancel'] : ['cancel', 'step']);
    }
    const writers = queue(true);
    writers.add('b', new Writer());
    expect(await writers.lastStep('b', async () => 'done')).toBe('done');
    expect(writers.ids()).toEqual([]);
    expect(await writers.cancel('b')).toBe(false);
  });
});
