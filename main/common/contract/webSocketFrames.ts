/**
 * Frames of the browser shell's `/ipc` WebSocket: the same verbs and result envelopes as Electron's
 * `ipcRenderer.invoke`, with a numeric id to match answers to calls. JSON text frames only. The shell
 * reads call frames and the renderer reads result and event frames with the one parser below.
 *
 * The payload types (the contract's `Result` and `ArchiveEvent`) live in main/contract, which builds on
 * this module; here they are type parameters with the shape the parser checks.
 */

export const WEB_SOCKET_PATH = '/ipc';
export type WebSocketPath = typeof WEB_SOCKET_PATH;

/** The result envelope's shape as checked on the wire (main/contract's `Result` narrows it). */
export type WireResult =
  { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

/** An event's shape as checked on the wire (main/contract's `ArchiveEvent` narrows it). */
export interface WireEvent {
  type: string;
}

/** Renderer → shell. `method` is a contract verb name (the shell checks it); `params` is the service's to parse. */
export interface CallFrame {
  kind: 'call';
  id: number;
  method: string;
  params: unknown;
}

/** Shell → renderer: the service's result envelope for call `id`. */
export interface ResultFrame<R extends WireResult = WireResult> {
  kind: 'result';
  id: number;
  result: R;
}

/** Shell → every connected renderer. */
export interface EventFrame<E extends WireEvent = WireEvent> {
  kind: 'event';
  event: E;
}

export type ServerFrame<R extends WireResult = WireResult, E extends WireEvent = WireEvent> =
  ResultFrame<R> | EventFrame<E>;

export type Frame = CallFrame | ServerFrame;

/**
 * Parses one text frame and checks it is exactly one of the three shapes; anything else (not JSON,
 * another kind, an id that is not a non-negative safe integer, a result that is not an envelope, an
 * event without a string `type`) is null — a protocol error, never trusted.
 */
export function parseFrame(text: string): Frame | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(value)) return null;
  switch (value.kind) {
    case 'call':
      if (!isFrameId(value.id) || typeof value.method !== 'string') return null;
      return { kind: 'call', id: value.id, method: value.method, params: value.params };
    case 'result':
      if (!isFrameId(value.id) || !isWireResult(value.result)) return null;
      return { kind: 'result', id: value.id, result: value.result };
    case 'event':
      if (!isRecord(value.event) || typeof value.event.type !== 'string') return null;
      return { kind: 'event', event: value.event as unknown as WireEvent };
    default:
      return null;
  }
}

/** The shell's side: only a call frame is a request. */
export function parseCallFrame(text: string): CallFrame | null {
  const frame = parseFrame(text);
  return frame?.kind === 'call' ? frame : null;
}

/** The renderer's side: only result and event frames come from the shell. */
export function parseServerFrame(text: string): ServerFrame | null {
  const frame = parseFrame(text);
  return frame === null || frame.kind === 'call' ? null : frame;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFrameId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isWireResult(value: unknown): value is WireResult {
  if (!isRecord(value)) return false;
  if (value.ok === true) return 'value' in value;
  if (value.ok !== false || !isRecord(value.error)) return false;
  return typeof value.error.code === 'string' && typeof value.error.message === 'string';
}
