import { beforeEach, describe, expect, it, vi } from 'vitest';
import { channelOf, EVENT_CHANNEL, methodNames } from '../../../../main/contract';
import { createFakeArchiveService, silentLog } from '../services/fakeArchiveService';

type Handler = (event: unknown, params: unknown) => Promise<unknown>;

const electron = vi.hoisted(() => ({
  ipcMain: { handle: vi.fn(), removeHandler: vi.fn() },
  protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
}));
vi.mock('electron', () => electron);

const { registerArchiveIpc } = await import('../../../../main/shell-electron/ipc');

const OUR_CONTENTS_ID = 7;

function fakeContents() {
  const listeners = new Map<string, (...args: unknown[]) => void>();
  const contents = {
    id: OUR_CONTENTS_ID,
    isDestroyed: () => false,
    send: vi.fn(),
    on: vi.fn((name: string, listener: (...args: unknown[]) => void) => listeners.set(name, listener)),
    off: vi.fn(),
  };
  return {
    contents: contents as unknown as Parameters<typeof registerArchiveIpc>[0]['contents'],
    send: contents.send,
    fire: (name: string, ...args: unknown[]) => listeners.get(name)?.(...args),
  };
}

function handlerFor(method: string): Handler {
  const entry = electron.ipcMain.handle.mock.calls.find(
    ([channel]) => channel === channelOf(method as never),
  );
  if (!entry) throw new Error(`no handler for ${method}`);
  return entry[1] as Handler;
}

const mainFrame = { url: 'app://renderer/index.html#/chats', parent: null };
const trustedEvent = { sender: { id: OUR_CONTENTS_ID }, senderFrame: mainFrame };

let fake: ReturnType<typeof createFakeArchiveService>;
let contents: ReturnType<typeof fakeContents>;
let unregister: () => void;

beforeEach(() => {
  electron.ipcMain.handle.mockReset();
  electron.ipcMain.removeHandler.mockReset();
  fake = createFakeArchiveService();
  contents = fakeContents();
  unregister = registerArchiveIpc({ service: fake.service, contents: contents.contents, log: silentLog });
});

describe('electron ipc', () => {
  it('registers one handler per contract verb, on the contract channel', () => {
    expect(electron.ipcMain.handle.mock.calls.map(([channel]) => channel as string).sort()).toEqual(
      methodNames.map(channelOf).sort(),
    );
  });

  it("forwards our main frame's calls to the service unparsed and returns its envelope", async () => {
    const result = await handlerFor('startPull')(trustedEvent, { corpId: 'c1', cursor: '0' });
    expect(fake.handle).toHaveBeenCalledWith('startPull', { corpId: 'c1', cursor: '0' });
    expect(result).toEqual({ ok: true, value: { echo: 'startPull', params: { corpId: 'c1', cursor: '0' } } });
  });

  it.each([
    [
      'a subframe of our page',
      { sender: { id: OUR_CONTENTS_ID }, senderFrame: { ...mainFrame, parent: mainFrame } },
    ],
    [
      'a page from another origin',
      { sender: { id: OUR_CONTENTS_ID }, senderFrame: { url: 'https://evil.example/', parent: null } },
    ],
    [
      'a file: page',
      { sender: { id: OUR_CONTENTS_ID }, senderFrame: { url: 'file:///tmp/x.html', parent: null } },
    ],
    [
      'an app: page of another host',
      { sender: { id: OUR_CONTENTS_ID }, senderFrame: { url: 'app://other/index.html', parent: null } },
    ],
    ['another WebContents', { sender: { id: OUR_CONTENTS_ID + 1 }, senderFrame: mainFrame }],
    ['a frame that is gone (senderFrame null)', { sender: { id: OUR_CONTENTS_ID }, senderFrame: null }],
  ])('refuses %s with forbidden-sender, without calling the service', async (_name, event) => {
    const result = await handlerFor('listCorps')(event, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    expect(fake.handle).not.toHaveBeenCalled();
  });

  it('sends service events to the window on the event channel', () => {
    fake.emit({ type: 'corps-changed' });
    expect(contents.send).toHaveBeenCalledWith(EVENT_CHANNEL, { type: 'corps-changed' });
  });

  it('calls rendererReset on reloads and renderer crashes, not on the first load or in-page navigation', () => {
    const mainDocument = { isMainFrame: true, isSameDocument: false };
    contents.fire('did-start-navigation', mainDocument);
    contents.fire('did-start-navigation', { isMainFrame: true, isSameDocument: true });
    contents.fire('did-start-navigation', { isMainFrame: false, isSameDocument: false });
    expect(fake.rendererReset).not.toHaveBeenCalled();
    contents.fire('did-start-navigation', mainDocument);
    expect(fake.rendererReset).toHaveBeenCalledTimes(1);
    contents.fire('render-process-gone', {}, { reason: 'crashed' });
    expect(fake.rendererReset).toHaveBeenCalledTimes(2);
  });

  it('undo removes every handler and stops forwarding events', () => {
    unregister();
    expect(electron.ipcMain.removeHandler.mock.calls.map(([channel]) => channel as string).sort()).toEqual(
      methodNames.map(channelOf).sort(),
    );
    fake.emit({ type: 'corps-changed' });
    expect(contents.send).not.toHaveBeenCalled();
  });
});
