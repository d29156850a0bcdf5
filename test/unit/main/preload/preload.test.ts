import { beforeEach, describe, expect, it, vi } from 'vitest';
import { channelOf, EVENT_CHANNEL, methodNames } from '../../../../main/contract';
import type { ArchiveApi, ArchiveEvent } from '../../../../main/contract';

const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() },
}));
vi.mock('electron', () => electron);

async function loadExposedApi(): Promise<ArchiveApi> {
  vi.resetModules();
  electron.contextBridge.exposeInMainWorld.mockClear();
  await import('../../../../main/preload/preload');
  expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
  const [key, api] = electron.contextBridge.exposeInMainWorld.mock.calls[0] as [string, ArchiveApi];
  expect(key).toBe('archive');
  return api;
}

beforeEach(() => {
  electron.ipcRenderer.invoke.mockReset();
  electron.ipcRenderer.on.mockReset();
  electron.ipcRenderer.removeListener.mockReset();
});

describe('preload: window.archive', () => {
  it('exposes exactly the contract verbs plus subscribe, all functions, and no ipcRenderer', async () => {
    const api = await loadExposedApi();
    expect(Object.keys(api).sort()).toEqual([...methodNames, 'subscribe'].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    expect(Object.values(api)).not.toContain(electron.ipcRenderer);
  });

  it('each verb invokes its own channel with the params, and returns the envelope', async () => {
    const api = await loadExposedApi();
    electron.ipcRenderer.invoke.mockResolvedValue({ ok: true, value: null });
    for (const method of methodNames) {
      const call = api[method] as (params: unknown) => Promise<unknown>;
      await expect(call({ probe: method })).resolves.toEqual({ ok: true, value: null });
    }
    expect(electron.ipcRenderer.invoke.mock.calls).toEqual(
      methodNames.map((method) => [channelOf(method), { probe: method }]),
    );
  });

  it('subscribe delivers only the event (never the IpcRendererEvent) and unsubscribes', async () => {
    const api = await loadExposedApi();
    const listener = vi.fn();
    const unsubscribe = api.subscribe(listener);
    expect(electron.ipcRenderer.on).toHaveBeenCalledWith(EVENT_CHANNEL, expect.any(Function));
    const forward = electron.ipcRenderer.on.mock.calls[0]?.[1] as (
      ipcEvent: unknown,
      event: ArchiveEvent,
    ) => void;
    const ipcEvent = { sender: electron.ipcRenderer, senderId: 0 };
    forward(ipcEvent, { type: 'corps-changed' });
    expect(listener).toHaveBeenCalledWith({ type: 'corps-changed' });
    expect(listener.mock.calls[0]).toHaveLength(1);

    unsubscribe();
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledWith(EVENT_CHANNEL, forward);
  });
});
