import type { ArchiveEvent } from './events';
import type { MethodName, MethodParams, MethodResults } from './methods';
import type { Result } from './errors';

export * from './backupDto';
export * from './connectionTestDto';
export * from './dto';
export * from './errors';
export * from './events';
export * from './evidenceDto';
export * from './mediaDto';
export * from './methods';
export * from './webSocketFrames';
export { CHANNEL_PREFIX, channelOf, EVENT_CHANNEL } from '../common/contract/channels';

/**
 * `window.archive`: the narrow, domain-shaped bridge (docs/style.md §3). Verbs answer result
 * envelopes; `subscribe` delivers events and returns its unsubscribe function.
 */
export type ArchiveApi = {
  [M in MethodName]: (params: MethodParams<M>) => Promise<Result<MethodResults[M]>>;
} & {
  subscribe(listener: (event: ArchiveEvent) => void): () => void;
};
