import { describe, expect, it } from 'vitest';
import { SerialQueue } from '../../../../native/bindings/serialQueue';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('SerialQueue', () => {
  it('runs one task at a time in submission order, even when one fails', async () => {
    const queue = new SerialQueue();
    const gates = [deferred(), deferred(), deferred()];
    const log: string[] = [];
    let running = 0;
    const results = gates.map((gate, index) =>
      queue.run(async () => {
        running += 1;
        expect(running).toBe(1);
        log.push(`start ${index}`);
        await gate.promise;
        log.push(`end ${index}`);
        running -= 1;
        if (index === 1) throw new Error('task 1 failed');
        return index;
      }),
    );
    expect(queue.size).toBe(3);
    const idle = queue.whenIdle();
    gates[2]?.resolve();
    gates[0]?.resolve();
    gates[1]?.resolve();
    await expect(results[0]).resolves.toBe(0);
    await expect(results[1]).rejects.toThrow('task 1 failed');
    await expect(results[2]).resolves.toBe(2);
    await idle;
    expect(queue.size).toBe(0);
    expect(log).toEqual(['start 0', 'end 0', 'start 1', 'end 1', 'start 2', 'end 2']);
  });

  it('is idle at once when empty', async () => {
    await new SerialQueue().whenIdle();
  });
});
