/**
 * Every renderer → main verb of the IPC contract, as a value. Preload, both shells and the renderer's
 * WebSocket bridge are built from this list; main/contract keys its zod schemas and result types by
 * it (`satisfies`), so a verb added here without a schema, or a schema without a name here, fails tsc.
 */
export const METHOD_NAMES = [
  'getAppInfo',
  'listCorps',
  'saveCorp',
  'removeCorp',
  'importPrivateKey',
  'removePrivateKey',
  'enableDemo',
  'startPull',
  'stopPull',
  'ackBatch',
  'getPullStatuses',
  'decryptEnvelopes',
  'resolveDirectory',
  'mediaEnqueue',
  'mediaQueueControl',
  'getMediaQueueStatus',
  'getMediaStates',
  'getMediaSource',
  'openMediaExternally',
  'confirmOpenMedia',
  'chooseLibrary',
  'confirmLibraryCode',
  'verifyStoredMedia',
  'continueFromOldestRetained',
  'testConnection',
  'showNotification',
  'recordAuditHead',
  'getAuditHead',
  'evidenceBegin',
  'evidenceAppend',
  'evidenceFinish',
  'evidenceCancel',
  'getEvidenceSigner',
  'verifyEvidence',
  'getDataKey',
  'getLockState',
  'configureLock',
  'removeLock',
  'lockApp',
  'unlockApp',
  'backupBegin',
  'backupAppend',
  'backupMedia',
  'backupFinish',
  'backupCancel',
  'restoreOpen',
  'restoreBegin',
  'restoreRead',
  'restoreMedia',
  'restoreFinish',
  'restoreCancel',
  'getDataFolderUsage',
] as const;

export type MethodName = (typeof METHOD_NAMES)[number];

const known: ReadonlySet<string> = new Set(METHOD_NAMES);

/** True for a contract verb; a name from the wire is checked with this before it is dispatched. */
export function isMethodName(name: string): name is MethodName {
  return known.has(name);
}
