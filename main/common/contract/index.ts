export { CHANNEL_PREFIX, channelOf, EVENT_CHANNEL } from './channels';
export { isMethodName, METHOD_NAMES } from './methodNames';
export type { MethodName } from './methodNames';
export { parseCallFrame, parseFrame, parseServerFrame, WEB_SOCKET_PATH } from './webSocketFrames';
export type {
  CallFrame,
  EventFrame,
  Frame,
  ResultFrame,
  ServerFrame,
  WebSocketPath,
  WireEvent,
  WireResult,
} from './webSocketFrames';
