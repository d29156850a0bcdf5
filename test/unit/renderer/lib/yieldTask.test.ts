import { describe, expect, it } from 'vitest';
import { yieldTask } from '../../../../renderer/lib/yieldTask';

describe('yieldTask', () => {
  it('lets a message already queued run before it resolves', async () => {
    const order: string[] = [];
    const channel = new MessageChannel();
    const delivered = new Promise<void>((resolve) => {
      channel.port1.onmessage = () => {
        order.push('message');
        channel.port1.close();
        resolve();
      };
    });
    channel.port2.postMessage('cancel');
    await yieldTask();
    order.push('after yield');
    await delivered;
    expect(order).toEqual(['message', 'after yield']);
  });
});
