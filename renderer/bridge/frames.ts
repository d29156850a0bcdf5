import type { ArchiveEvent, Result, ServerFrame, WebSocketPath } from '../../main/contract';

export type { CallFrame, ServerFrame } from '../../main/contract';

/** The browser shell's `/ipc` WebSocket; its frame shapes are the contract's (main/contract/webSocketFrames.ts). */
export const WEB_SOCKET_PATH: WebSocketPath = '/ipc';

/** Accepts only the two server frame shapes; anything else is ignored rather than trusted. */
export function parseServerFrame(text: string): ServerFrame | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const frame = value as Record<string, unknown>;
  if (frame.kind === 'result' && typeof frame.id === 'number' && isResult(frame.result)) {
    return { kind: 'result', id: frame.id, result: frame.result };
  }
  if (frame.kind === 'event' && isEvent(frame.event)) return { kind: 'event', event: frame.event };
  return null;
}

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const result = value as Record<string, unknown>;
  if (result.ok === true) return 'value' in result;
  return result.ok === false && typeof result.error === 'object' && result.error !== null;
}

function isEvent(value: unknown): value is ArchiveEvent {
  return (
    typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'
  );
}
