import type { CallFrame, WebSocketPath } from '../contract';

export type { CallFrame, EventFrame, ResultFrame, ServerFrame } from '../contract';

/** The browser shell's `/ipc` WebSocket; the frame shapes are in the contract (main/contract/webSocketFrames.ts). */
export const WEB_SOCKET_PATH: WebSocketPath = '/ipc';

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
