import type { MethodName } from '../../main/contract';

/**
 * The contract's verbs as a value. The renderer may import main/contract only as types, so the list
 * is restated here; the mapped type makes tsc fail when a verb is added to or removed from the
 * contract without this list following.
 */
const verbSet: { readonly [M in MethodName]: true } = {
  getAppInfo: true,
  listCorps: true,
  saveCorp: true,
  removeCorp: true,
  importPrivateKey: true,
  removePrivateKey: true,
  enableDemo: true,
  startPull: true,
  stopPull: true,
  ackBatch: true,
  getPullStatuses: true,
  decryptEnvelopes: true,
  mediaEnqueue: true,
  mediaQueueControl: true,
  getMediaQueueStatus: true,
  getMediaStates: true,
  getMediaSource: true,
  openMediaExternally: true,
  verifyStoredMedia: true,
  resolveDirectory: true,
};

export const contractVerbs = Object.keys(verbSet) as MethodName[];
