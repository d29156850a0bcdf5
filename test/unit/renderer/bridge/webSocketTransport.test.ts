import { describe, expect, it } from 'vitest';
import type { ArchiveEvent } from '../../../../main/contract';
import { CONNECTION_LOST, createWebSocketTransport } from '../../../../renderer/bridge/webSocketTransport';
import type { SocketLike } from '../../../../renderer/bridge/webSocketTransport';
import type { ConnectionState } from '../../../../renderer/bridge';
import { reconnectDelay } from '../../../../renderer/bridge/reconnectDelay';

/** A socket the test drives: it records what the transport sent and plays the server's part. */
class FakeSocket implements SocketLike {
  sent: unknown[] = [];
  closed = false;
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.closed = true;
  }
  open() {
    this.onopen?.(new Event('open'));
  }
  receive(frame: unknown) {
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(frame) }));
  }
  drop() {
    this.onerror?.(new Event('error'));
    this.onclose?.(new Event('close') as CloseEvent);
  }
}

function harness(token: string | null = 'tok') {
  const sockets: FakeSocket[] = [];
  const timers: Array<{ callback: () => void; ms: number }> = [];
  const states: ConnectionState[] = [];
  let currentToken = token;
  const transport = createWebSocketTransport({
    url: () => (currentToken ? `ws://127.0.0.1:47821/ipc?token=${currentToken}` : null),
    openSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    setTimer: (callback, ms) => {
      timers.push({ callback, ms });
      return timers.length;
    },
    clearTimer: () => undefined,
  });
  transport.connection.subscribe((state) => states.push(state));
  return {
    transport,
    sockets,
    timers,
    states,
    latest: () => sockets[sockets.length - 1] as FakeSocket,
    fireTimer: () => timers.shift()?.callback(),
    setToken: (next: string) => (currentToken = next),
  };
}

describe('WebSocket transport', () => {
  it('connects to /ipc with the token and frames calls as {kind, id, method, params}', async () => {
    const h = harness();
    expect(h.latest().url).toBe('ws://127.0.0.1:47821/ipc?token=tok');
    h.latest().open();
    const answer = h.transport.archive.startPull({ corpId: 'c1', cursor: '42' });
    expect(h.latest().sent).toEqual([
      { kind: 'call', id: 1, method: 'startPull', params: { corpId: 'c1', cursor: '42' } },
    ]);
    h.latest().receive({ kind: 'result', id: 1, result: { ok: true, value: { state: 'starting' } } });
    expect(await answer).toEqual({ ok: true, value: { state: 'starting' } });
  });

  it('matches answers to calls by id, whatever their order', async () => {
    const h = harness();
    h.latest().open();
    const first = h.transport.archive.listCorps({});
    const second = h.transport.archive.getPullStatuses({});
    h.latest().receive({ kind: 'result', id: 2, result: { ok: true, value: ['second'] } });
    h.latest().receive({ kind: 'result', id: 1, result: { ok: true, value: ['first'] } });
    expect(await first).toEqual({ ok: true, value: ['first'] });
    expect(await second).toEqual({ ok: true, value: ['second'] });
  });

  it('holds calls made before the first connect and sends them once open', async () => {
    const h = harness();
    const answer = h.transport.archive.getAppInfo({});
    expect(h.latest().sent).toEqual([]);
    h.latest().open();
    expect(h.latest().sent).toEqual([{ kind: 'call', id: 1, method: 'getAppInfo', params: {} }]);
    h.latest().receive({
      kind: 'result',
      id: 1,
      result: { ok: false, error: { code: 'internal', message: 'x' } },
    });
    expect(await answer).toEqual({ ok: false, error: { code: 'internal', message: 'x' } });
  });

  it('delivers events to subscribers until they unsubscribe, and ignores malformed frames', () => {
    const h = harness();
    h.latest().open();
    const seen: ArchiveEvent[] = [];
    const unsubscribe = h.transport.archive.subscribe((event) => seen.push(event));
    h.latest().receive({ kind: 'event', event: { type: 'corps-changed' } });
    h.latest().receive({ kind: 'nonsense' });
    h.latest().onmessage?.(new MessageEvent('message', { data: '{not json' }));
    unsubscribe();
    h.latest().receive({ kind: 'event', event: { type: 'pull-due', corpId: 'c1' } });
    expect(seen).toEqual([{ type: 'corps-changed' }]);
  });

  it('fails calls in flight with "connection lost" when the socket drops, then reconnects with backoff', async () => {
    const h = harness();
    h.latest().open();
    const inFlight = h.transport.archive.ackBatch({ corpId: 'c1', batchId: 1, committedSeq: '5' });
    h.latest().drop();
    expect(await inFlight).toEqual(CONNECTION_LOST);
    expect(h.transport.connection.state).toBe('reconnecting');

    // While down, new calls fail fast instead of hanging.
    expect(await h.transport.archive.listCorps({})).toEqual(CONNECTION_LOST);

    expect(h.timers.map((t) => t.ms)).toEqual([reconnectDelay(1)]);
    h.fireTimer();
    expect(h.sockets).toHaveLength(2);
    h.latest().drop(); // the shell is still restarting
    expect(h.timers.map((t) => t.ms)).toEqual([reconnectDelay(2)]);
    expect(h.transport.connection.failedAttempts).toBe(2);
    h.fireTimer();
    h.latest().open();
    expect(h.transport.connection.state).toBe('connected');
    expect(h.transport.connection.failedAttempts).toBe(0);
    expect(h.states).toEqual(['connected', 'reconnecting', 'connected']);
  });

  it('tells onReconnect listeners after a reconnect, not after the first connect', () => {
    const h = harness();
    let reconnects = 0;
    h.transport.connection.onReconnect(() => (reconnects += 1));
    h.latest().open();
    expect(reconnects).toBe(0);
    h.latest().drop();
    h.fireTimer();
    h.latest().open();
    expect(reconnects).toBe(1);
  });

  it('ignores a stale socket once a newer one exists', async () => {
    const h = harness();
    h.latest().open();
    const stale = h.latest();
    stale.drop();
    h.fireTimer();
    h.latest().open();
    const answer = h.transport.archive.listCorps({});
    stale.receive({ kind: 'result', id: 1, result: { ok: true, value: ['from the stale socket'] } });
    h.latest().receive({ kind: 'result', id: 1, result: { ok: true, value: ['fresh'] } });
    expect(await answer).toEqual({ ok: true, value: ['fresh'] });
  });

  it('says no-session when there is no URL, and connects once one arrives', () => {
    const h = harness(null);
    expect(h.transport.connection.state).toBe('no-session');
    expect(h.sockets).toHaveLength(0);
    h.setToken('new');
    h.transport.reconnectNow();
    expect(h.latest().url).toBe('ws://127.0.0.1:47821/ipc?token=new');
  });

  it('uses a new token at once instead of waiting out the backoff', () => {
    const h = harness();
    h.latest().open();
    h.latest().drop();
    h.setToken('restarted');
    h.transport.reconnectNow();
    expect(h.latest().url).toBe('ws://127.0.0.1:47821/ipc?token=restarted');
  });

  it('backs off up to 5 s', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map(reconnectDelay)).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000]);
  });
});
