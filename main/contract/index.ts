import type { ArchiveEvent } from './events';
import type { MethodName, MethodParams, MethodResults } from './methods';
import type { Result } from './errors';

export * from './dto';
export * from './errors';
export * from './events';
export * from './mediaDto';
export * from './methods';
export type * from './webSocketFrames';

/** Every IPC channel starts with this prefix; main rejects anything else. */
export const CHANNEL_PREFIX = 'archive:';
export const channelOf = (method: MethodName): string => `${CHANNEL_PREFIX}${method}`;
export const EVENT_CHANNEL = `${CHANNEL_PREFIX}event`;

/**
 * `window.archive`: the narrow, domain-shaped bridge (STYLE.md §3). Verbs answer result
 * envelopes; `subscribe` delivers events and returns its unsubscribe function.
 */
export type ArchiveApi = {
  [M in MethodName]: (params: MethodParams<M>) => Promise<Result<MethodResults[M]>>;
} & {
  subscribe(listener: (event: ArchiveEvent) => void): () => void;
};
