import type {
  EventFrame as WireEventFrame,
  ResultFrame as WireResultFrame,
} from '../common/contract/webSocketFrames';
import type { Result } from './errors';
import type { ArchiveEvent } from './events';

/**
 * The browser shell's `/ipc` WebSocket: path, call frame and the one frame parser are values of the
 * common core (main/common/contract/webSocketFrames.ts), shared by the shell and the renderer; here the
 * server frames carry the contract's own envelope and event types.
 */
export {
  parseCallFrame,
  parseFrame,
  parseServerFrame,
  WEB_SOCKET_PATH,
} from '../common/contract/webSocketFrames';
export type { CallFrame, WebSocketPath } from '../common/contract/webSocketFrames';

/** Shell → renderer: the service's result envelope for call `id`. */
export type ResultFrame = WireResultFrame<Result<unknown>>;

/** Shell → every connected renderer. */
export type EventFrame = WireEventFrame<ArchiveEvent>;

export type ServerFrame = ResultFrame | EventFrame;
