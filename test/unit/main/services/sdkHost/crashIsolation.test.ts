import { describe, expect, it } from 'vitest';
import { CrashIsolation } from '../../../../../main/services/sdkHost/sdkHostPool';

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 1));

describe('CrashIsolation', () => {
  it('runs an exclusive request only when no shared one is in flight, and holds new shared ones meanwhile', async () => {
    const isolation = new CrashIsolation();
    const order: string[] = [];
    let finishShared = (): void => undefined;
    const shared = isolation.shared(
      () =>
        new Promise<string>((resolve) => {
          finishShared = () => {
            order.push('shared-1 done');
            resolve('s1');
          };
        }),
    );
    const exclusive = isolation.exclusive(async () => {
      order.push('exclusive runs');
      await tick();
      order.push('exclusive done');
      return 'x';
    });
    await tick();
    const later = isolation.shared(async () => {
      order.push('shared-2 runs');
      return 's2';
    });
    await tick();
    expect(order).toEqual([]);
    finishShared();
    expect(await Promise.all([shared, exclusive, later])).toEqual(['s1', 'x', 's2']);
    expect(order).toEqual(['shared-1 done', 'exclusive runs', 'exclusive done', 'shared-2 runs']);
  });

  it('runs exclusive requests one at a time and releases after a failure', async () => {
    const isolation = new CrashIsolation();
    let running = 0;
    let most = 0;
    const run = (fail: boolean) =>
      isolation.exclusive(async () => {
        running += 1;
        most = Math.max(most, running);
        await tick();
        running -= 1;
        if (fail) throw new Error('crashed alone');
        return 'ok';
      });
    const results = await Promise.allSettled([run(true), run(false), run(false)]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(most).toBe(1);
    await expect(isolation.shared(async () => 'after')).resolves.toBe('after');
  });
});
