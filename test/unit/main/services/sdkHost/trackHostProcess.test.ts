import { describe, expect, it, vi } from 'vitest';
import { trackHostProcess } from '../../../../../main/services/sdkHost/hostLauncher';
import type { HostRequest } from '../../../../../native/host/protocol';

function fakeChild() {
  const io = {
    pid: vi.fn(() => 4242),
    send: vi.fn<(message: HostRequest) => void>(),
    onMessage: vi.fn<(listener: (message: unknown) => void) => void>(),
    kill: vi.fn<() => void>(),
  };
  return { io, tracked: trackHostProcess(io) };
}

const request = { id: 1, method: 'shutdown', params: {} } as unknown as HostRequest;

describe('trackHostProcess (both SDK host launchers)', () => {
  it('forwards pid, send, messages and kill while the child lives', () => {
    const { io, tracked } = fakeChild();
    const listener = vi.fn();
    expect(tracked.process.pid).toBe(4242);
    tracked.process.send(request);
    tracked.process.onMessage(listener);
    tracked.process.kill();
    expect(io.send).toHaveBeenCalledWith(request);
    expect(io.onMessage).toHaveBeenCalledWith(listener);
    expect(io.kill).toHaveBeenCalledTimes(1);
  });

  it('reports the exit once to every listener, also to one added after it', () => {
    const { tracked } = fakeChild();
    const early = vi.fn();
    tracked.process.onExit(early);
    tracked.reportExit({ code: null, signal: 'SIGSEGV' });
    tracked.reportExit({ code: 0, signal: null });
    const late = vi.fn();
    tracked.process.onExit(late);
    expect(early).toHaveBeenCalledTimes(1);
    expect(early).toHaveBeenCalledWith({ code: null, signal: 'SIGSEGV' });
    expect(late).toHaveBeenCalledWith({ code: null, signal: 'SIGSEGV' });
  });

  it('drops send and kill after the exit', () => {
    const { io, tracked } = fakeChild();
    tracked.reportExit({ code: 1, signal: null });
    tracked.process.send(request);
    tracked.process.kill();
    expect(io.send).not.toHaveBeenCalled();
    expect(io.kill).not.toHaveBeenCalled();
  });
});
