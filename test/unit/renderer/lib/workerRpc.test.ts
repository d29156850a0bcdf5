import { describe, expect, it } from 'vitest';
import {
  answerRequests,
  ArchiveWorkerClient,
  WorkerRpc,
  type RpcAnswer,
  type RpcScope,
} from '../../../../renderer/lib/workerRpc';

type Request = { seq: number; type: 'echo'; text: string } | { seq: number; type: 'fail' };
type Event = { seq: 0; type: 'tick'; n: number };

/**
 * A page and a worker wired back to back: the client's posts reach answerRequests' onmessage, its
 * answers (and any event the test sends) reach the client's listener.
 */
function pair(answer: (request: Request) => Promise<unknown>) {
  const listeners: ((event: MessageEvent) => void)[] = [];
  const posted: unknown[] = [];
  const toPage = (data: RpcAnswer | Event) => {
    for (const listener of listeners) listener({ data } as MessageEvent);
  };
  const scope: RpcScope<Request> = { onmessage: null, postMessage: toPage };
  answerRequests(scope, answer);
  let terminated = false;
  const worker = {
    postMessage(message: Request) {
      posted.push(message);
      scope.onmessage?.({ data: message } as MessageEvent<Request>);
    },
    addEventListener(_type: string, listener: (event: MessageEvent) => void) {
      listeners.push(listener);
    },
    terminate() {
      terminated = true;
    },
  };
  const events: Event[] = [];
  const rpc = new WorkerRpc<Request, Event>(worker as never, 'test worker', (event) => events.push(event));
  return { rpc, posted, events, toPage, terminated: () => terminated };
}

describe('workerRpc', () => {
  it('numbers requests and resolves each with its own answer', async () => {
    const { rpc, posted } = pair(async (request) => (request.type === 'echo' ? request.text : null));
    await expect(
      Promise.all([rpc.call({ type: 'echo', text: 'a' }), rpc.call({ type: 'echo', text: 'b' })]),
    ).resolves.toEqual(['a', 'b']);
    expect(posted.map((request) => (request as Request).seq)).toEqual([1, 2]);
  });

  it("rejects with the worker's error message", async () => {
    const { rpc } = pair(async () => {
      throw new Error('no index');
    });
    await expect(rpc.call({ type: 'fail' })).rejects.toThrow('no index');
  });

  it('passes events on, and sends unawaited requests with seq 0', () => {
    const { rpc, posted, events, toPage } = pair(async () => null);
    toPage({ seq: 0, type: 'tick', n: 3 });
    rpc.send({ type: 'echo', text: 'key' });
    expect(events).toEqual([{ seq: 0, type: 'tick', n: 3 }]);
    expect(posted).toEqual([{ seq: 0, type: 'echo', text: 'key' }]);
  });

  it('rejects what is still pending when disposed', async () => {
    const { rpc, terminated } = pair(() => new Promise(() => undefined));
    const waiting = rpc.call({ type: 'fail' });
    rpc.dispose();
    await expect(waiting).rejects.toThrow('test worker stopped');
    expect(terminated()).toBe(true);
  });

  it('an archive worker client hands over the data key unawaited and passes its events on', () => {
    const posted: unknown[] = [];
    const listeners: ((event: MessageEvent) => void)[] = [];
    const worker = {
      postMessage: (message: unknown) => posted.push(message),
      addEventListener: (_type: string, added: (event: MessageEvent) => void) => listeners.push(added),
      terminate: () => undefined,
    };
    class Client extends ArchiveWorkerClient<Request, Event> {
      readonly ticks: number[] = [];
      protected onEvent(event: Event): void {
        this.ticks.push(event.n);
      }
    }
    const client = new Client(worker as never, 'archive worker');
    client.setDataKey(null);
    for (const listener of listeners) listener({ data: { seq: 0, type: 'tick', n: 7 } } as MessageEvent);
    expect(posted).toEqual([{ seq: 0, type: 'dataKey', key: null }]);
    expect(client.ticks).toEqual([7]);
  });
});
