import { describe, expect, it } from 'vitest';
import { SESSION_ENDED_CLOSE_CODE } from '../../../../main/common/shellSession';
import { CONNECTION_LOST, createWebSocketTransport } from '../../../../renderer/bridge/webSocketTransport';
import type { SocketLike } from '../../../../renderer/bridge/webSocketTransport';
import type { ConnectionState } from '../../../../renderer/bridge';
import { reconnectDelay } from '../../../../renderer/bridge/reconnectDelay';

/**
 * The browser shell's session states in the transport: a refused handshake is explained by
 * `whyRefused` (the page asks `/session/state`), a live socket ended by the shell carries a close code.
 */
class FakeSocket implements SocketLike {
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  sent: string[] = [];
  send(data: string) {
    this.sent.push(data);
  }
  close() {}
  open() {
    this.onopen?.(new Event('open'));
  }
  closeWith(code: number) {
    this.onclose?.(Object.assign(new Event('close'), { code }) as CloseEvent);
  }
}

function harness(answers: Array<ConnectionState | null | Error>) {
  const sockets: FakeSocket[] = [];
  const timers: Array<{ callback: () => void; ms: number }> = [];
  let asked = 0;
  const transport = createWebSocketTransport({
    url: () => 'ws://127.0.0.1:47821/ipc',
    openSocket: () => {
      const socket = new FakeSocket();
      sockets.push(socket);
      return socket;
    },
    whyRefused: () => {
      const answer = answers[asked++];
      if (answer === undefined) throw new Error('asked more often than the test expected');
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
    setTimer: (callback, ms) => {
      timers.push({ callback, ms });
      return timers.length;
    },
    clearTimer: () => undefined,
  });
  return {
    transport,
    sockets,
    timers,
    asked: () => asked,
    latest: () => sockets[sockets.length - 1] as FakeSocket,
    fireTimer: () => timers.shift()?.callback(),
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('WebSocket transport: browser-shell session', () => {
  it('stops for good with no-session when the refused handshake had no session; waiting calls fail', async () => {
    const h = harness(['no-session']);
    const waiting = h.transport.archive.getAppInfo({});
    h.latest().closeWith(1006);
    await settle();
    expect(h.transport.connection.state).toBe('no-session');
    expect(await waiting).toEqual(CONNECTION_LOST);
    expect(h.timers).toEqual([]);
    expect(await h.transport.archive.listCorps({})).toEqual(CONNECTION_LOST);
  });

  it('retries with backoff when the shell is not there (no answer, or the question fails)', async () => {
    const h = harness([null, new Error('offline')]);
    h.latest().closeWith(1006);
    await settle();
    expect(h.transport.connection.state).toBe('connecting');
    expect(h.timers.map((timer) => timer.ms)).toEqual([reconnectDelay(1)]);
    h.fireTimer();
    h.latest().closeWith(1006);
    await settle();
    expect(h.timers.map((timer) => timer.ms)).toEqual([reconnectDelay(2)]);
    expect(h.asked()).toBe(2);
  });

  it('tries "already open" once more after a second (a reload race), then shows it for good', async () => {
    const h = harness(['already-open', 'already-open']);
    h.latest().closeWith(1006);
    await settle();
    expect(h.transport.connection.state).toBe('connecting');
    expect(h.timers.map((timer) => timer.ms)).toEqual([1_000]);
    h.fireTimer();
    h.latest().closeWith(1006);
    await settle();
    expect(h.transport.connection.state).toBe('already-open');
    expect(h.timers).toEqual([]);
  });

  it('connects on the second try when the other tab has gone', async () => {
    const h = harness(['already-open']);
    h.latest().closeWith(1006);
    await settle();
    h.fireTimer();
    h.latest().open();
    expect(h.transport.connection.state).toBe('connected');
  });

  it('a live socket closed with the sessions-ended code ends the page without asking or retrying', async () => {
    const h = harness([]);
    h.latest().open();
    const inFlight = h.transport.archive.listCorps({});
    h.latest().closeWith(SESSION_ENDED_CLOSE_CODE);
    await settle();
    expect(await inFlight).toEqual(CONNECTION_LOST);
    expect(h.transport.connection.state).toBe('session-ended');
    expect(h.asked()).toBe(0);
    expect(h.timers).toEqual([]);
  });

  it('a live socket that drops for another reason reconnects, and learns the restarted shell wants a new link', async () => {
    const h = harness(['no-session']);
    h.latest().open();
    h.latest().closeWith(1006);
    expect(h.asked()).toBe(0);
    expect(h.transport.connection.state).toBe('reconnecting');
    h.fireTimer();
    h.latest().closeWith(1006);
    await settle();
    expect(h.transport.connection.state).toBe('no-session');
  });
});
