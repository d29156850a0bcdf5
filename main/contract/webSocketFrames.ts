import type { Result } from './errors';
import type { ArchiveEvent } from './events';

/**
 * Frames of the browser shell's `/ipc` WebSocket: the same verbs and envelopes as Electron's
 * `ipcRenderer.invoke`, with a numeric id to match answers to calls. JSON text frames only.
 * Types only, so the renderer (which may import nothing else from main) and the shell share them.
 */
export type WebSocketPath = '/ipc';

/** Renderer → shell. `method` is a contract verb name; `params` is parsed by the service. */
export interface CallFrame {
  kind: 'call';
  id: number;
  method: string;
  params: unknown;
}

/** Shell → renderer: the service's result envelope for call `id`. */
export interface ResultFrame {
  kind: 'result';
  id: number;
  result: Result<unknown>;
}

/** Shell → every connected renderer. */
export interface EventFrame {
  kind: 'event';
  event: ArchiveEvent;
}

export type ServerFrame = ResultFrame | EventFrame;
