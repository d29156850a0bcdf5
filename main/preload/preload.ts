import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { channelOf, EVENT_CHANNEL, methodNames } from '../contract';
import type { ArchiveApi, ArchiveEvent } from '../contract';

/**
 * `window.archive`, built from the contract (docs/style.md §2–§3): one function per verb and
 * `subscribe`. ipcRenderer itself never crosses the bridge — only these closures do, and the
 * renderer never sees an IpcRendererEvent (its `sender` would hand back the raw channel).
 *
 * Runs in a sandboxed preload: bundled into one CommonJS file where only `electron` is external
 * (https://www.electronjs.org/docs/latest/tutorial/sandbox#preload-scripts).
 */
type IpcTransport = Pick<typeof ipcRenderer, 'invoke' | 'on' | 'removeListener'>;

export function buildArchiveApi(ipc: IpcTransport): ArchiveApi {
  const verbs = Object.fromEntries(
    methodNames.map((method) => {
      const channel = channelOf(method);
      return [method, (params: unknown) => ipc.invoke(channel, params)];
    }),
  );
  return {
    ...(verbs as Omit<ArchiveApi, 'subscribe'>),
    subscribe(listener: (event: ArchiveEvent) => void) {
      const forward = (_event: IpcRendererEvent, event: ArchiveEvent) => listener(event);
      ipc.on(EVENT_CHANNEL, forward);
      return () => {
        ipc.removeListener(EVENT_CHANNEL, forward);
      };
    },
  };
}

contextBridge.exposeInMainWorld('archive', buildArchiveApi(ipcRenderer));
