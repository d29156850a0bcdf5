import { describe, expect, it } from 'vitest';
import type { HostRequest, HostToMainMessage } from '../../../../../native/host/protocol';
import {
  HostClosedError,
  HostCrashedError,
  HostRequestError,
  HostTimeoutError,
  HostUnavailableError,
} from '../../../../../main/services/sdkHost/hostErrors';
import type { HostExit, HostLauncher, HostProcess } from '../../../../../main/services/sdkHost/hostLauncher';
import { SdkHostClient } from '../../../../../main/services/sdkHost/sdkHostClient';

/** An in-memory host: answers through `respond`, or holds requests for the test to answer or crash on. */
class FakeHost implements HostProcess {
  readonly pid: number;
  readonly received: HostRequest[] = [];
  private messageListeners: Array<(message: unknown) => void> = [];
  private exitListeners: Array<(exit: HostExit) => void> = [];
  private exited: HostExit | null = null;

  constructor(
    pid: number,
    private readonly respond: (request: HostRequest, host: FakeHost) => void,
    readyOnStart = true,
  ) {
    this.pid = pid;
    if (readyOnStart) {
      queueMicrotask(() => this.emit({ event: 'ready', protocolVersion: 1, pid, transport: 'node-ipc' }));
    } else {
      queueMicrotask(() => this.exit({ code: 1, signal: null }));
    }
  }

  send(message: HostRequest): void {
    if (this.exited) return;
    this.received.push(message);
    if (message.method === 'shutdown') {
      queueMicrotask(() => {
        this.emit({ id: message.id, ok: true, result: {} });
        this.exit({ code: 0, signal: null });
      });
      return;
    }
    queueMicrotask(() => this.respond(message, this));
  }

  onMessage(listener: (message: unknown) => void): void {
    this.messageListeners.push(listener);
  }

  onExit(listener: (exit: HostExit) => void): void {
    if (this.exited) listener(this.exited);
    else this.exitListeners.push(listener);
  }

  kill(): void {
    this.exit({ code: null, signal: 'SIGKILL' });
  }

  emit(message: HostToMainMessage): void {
    if (!this.exited) for (const listener of this.messageListeners) listener(message);
  }

  exit(exit: HostExit): void {
    if (this.exited) return;
    this.exited = exit;
    for (const listener of this.exitListeners) listener(exit);
  }
}

function okResponder(request: HostRequest, host: FakeHost): void {
  const results: Record<string, unknown> = {
    load: { libraryPath: '/x.so', symbols: [], rsa: { backend: 'libcrypto', description: 'x' } },
    init: { handles: 3 },
    getChatData: {
      raw: `{"errcode":0,"chatdata":[],"cursor":"${(request.params as { seq?: string }).seq ?? ''}"}`,
    },
    stats: { pid: host.pid },
  };
  host.emit({ id: request.id, ok: true, result: results[request.method] ?? {} } as HostToMainMessage);
}

function fakeLauncher(respond: (request: HostRequest, host: FakeHost) => void = okResponder) {
  const hosts: FakeHost[] = [];
  let failStarts = 0;
  const launcher: HostLauncher = {
    launch() {
      const host = new FakeHost(1000 + hosts.length, respond, failStarts <= 0);
      failStarts -= 1;
      hosts.push(host);
      return host;
    },
  };
  return { launcher, hosts, failNextStarts: (count: number) => (failStarts = count) };
}

const chat = { seq: '9007199254740993', limit: 10, proxy: '', passwd: '', timeout: 5 };
const fastRestart = { initialDelayMs: 1, maxDelayMs: 4, maxConsecutiveFailures: 3 };

describe('SdkHostClient', () => {
  it('numbers requests and matches out-of-order responses', async () => {
    const held: Array<{ request: HostRequest; host: FakeHost }> = [];
    const { launcher } = fakeLauncher((request, host) => held.push({ request, host }));
    const client = new SdkHostClient({ launcher });
    const first = client.getChatData({ ...chat, seq: '1' });
    const second = client.getChatData({ ...chat, seq: '2' });
    await expect.poll(() => held.length).toBe(2);
    const ids = held.map(({ request }) => request.id);
    expect(new Set(ids).size).toBe(2);
    for (const { request, host } of [...held].reverse()) okResponder(request, host);
    expect((await first).raw).toContain('"cursor":"1"');
    expect((await second).raw).toContain('"cursor":"2"');
    await client.close();
  });

  it('turns error responses into HostRequestError with the SDK code', async () => {
    const { launcher } = fakeLauncher((request, host) =>
      host.emit({
        id: request.id,
        ok: false,
        error: { code: 'sdk-error', message: 'GetChatData → 10001', sdkCode: 10001 },
      }),
    );
    const client = new SdkHostClient({ launcher });
    const error = await client.getChatData(chat).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HostRequestError);
    expect(error).toMatchObject({ code: 'sdk-error', sdkCode: 10001, method: 'getChatData' });
    await client.close();
  });

  it('on a crash rejects what was in flight, reports it, restarts and replays load + init', async () => {
    let crashNext = false;
    const { launcher, hosts } = fakeLauncher((request, host) => {
      if (crashNext && request.method === 'getChatData') {
        crashNext = false;
        host.exit({ code: null, signal: 'SIGSEGV' });
      } else okResponder(request, host);
    });
    const client = new SdkHostClient({ launcher, restartPolicy: fastRestart });
    await client.load({ libraryPath: '/x.so' });
    await client.init({ corpid: 'ww1', secret: 'secret', mediaHandles: 2 });

    crashNext = true;
    const crashed = client.nextEvent('host-crashed');
    const restarted = client.nextEvent('host-started');
    const failure = await client.getChatData(chat).catch((caught: unknown) => caught);
    expect(failure).toBeInstanceOf(HostCrashedError);
    expect(failure).toMatchObject({ signal: 'SIGSEGV', method: 'getChatData' });
    const event = await crashed;
    expect(event).toMatchObject({ signal: 'SIGSEGV', exitCode: null, generation: 1 });
    expect(event.inFlight).toEqual([expect.objectContaining({ method: 'getChatData' })]);

    expect((await restarted).replayed).toEqual(['load', 'init']);
    const second = hosts[1];
    expect(second?.received.map((request) => request.method)).toEqual(['load', 'init']);
    expect(second?.received[1]?.params).toEqual({ corpid: 'ww1', secret: 'secret', mediaHandles: 2 });
    await expect(client.getChatData(chat)).resolves.toMatchObject({ raw: expect.any(String) });
    await client.close();
  });

  it('times out, kills the stuck host and serves the next request from a new one', async () => {
    let stall = true;
    const { launcher, hosts } = fakeLauncher((request, host) => {
      if (stall && request.method === 'getChatData') stall = false;
      else okResponder(request, host);
    });
    const client = new SdkHostClient({ launcher, restartPolicy: fastRestart });
    const timedOut = client.nextEvent('host-timeout');
    await expect(client.getChatData(chat, { timeoutMs: 20 })).rejects.toBeInstanceOf(HostTimeoutError);
    expect(await timedOut).toMatchObject({ method: 'getChatData', timeoutMs: 20 });
    await expect(client.stats()).resolves.toMatchObject({ pid: 1001 });
    expect(hosts).toHaveLength(2);
    await client.close();
  });

  it('gives up after repeated failed starts, and an explicit load tries again', async () => {
    const { launcher, failNextStarts } = fakeLauncher();
    failNextStarts(3);
    const client = new SdkHostClient({ launcher, restartPolicy: fastRestart });
    const error = await client.stats().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HostUnavailableError);
    expect((error as HostUnavailableError).attempts).toBe(3);
    await expect(client.stats()).rejects.toBeInstanceOf(HostUnavailableError);
    await expect(client.load({ libraryPath: '/x.so' })).resolves.toMatchObject({ libraryPath: '/x.so' });
    await client.close();
  });

  it('closes cleanly: shutdown is sent, later requests fail with HostClosedError', async () => {
    const { launcher, hosts } = fakeLauncher();
    const client = new SdkHostClient({ launcher });
    await client.stats();
    await client.close();
    expect(hosts[0]?.received.at(-1)?.method).toBe('shutdown');
    await expect(client.stats()).rejects.toBeInstanceOf(HostClosedError);
  });

  it('restarts the process when a different library is loaded', async () => {
    const { launcher, hosts } = fakeLauncher();
    const client = new SdkHostClient({ launcher });
    await client.load({ libraryPath: '/a.so' });
    await client.load({ libraryPath: '/b.so' });
    expect(hosts).toHaveLength(2);
    expect(hosts[1]?.received.map((request) => request.method)).toEqual(['load']);
    await client.close();
  });
});
