import type { ArchiveEvent, Result } from '../contract';

/**
 * Frames of the browser shell's `/ipc` WebSocket: the same verbs and envelopes as Electron's
 * `ipcRenderer.invoke`, with a numeric id to match answers to calls. JSON text frames only.
 */
export const WEB_SOCKET_PATH = '/ipc';

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

/** Accepts exactly the call frame shape; anything else is a protocol error, not a request. */
export function parseCallFrame(text: string): CallFrame | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const frame = value as Record<string, unknown>;
  if (frame.kind !== 'call' || typeof frame.method !== 'string') return null;
  if (typeof frame.id !== 'number' || !Number.isSafeInteger(frame.id) || frame.id < 0) return null;
  return { kind: 'call', id: frame.id, method: frame.method, params: frame.params };
}
