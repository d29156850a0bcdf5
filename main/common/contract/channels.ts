import type { MethodName } from './methodNames';

/** Every Electron IPC channel starts with this prefix; main rejects anything else. */
export const CHANNEL_PREFIX = 'archive:';

/** The `ipcRenderer.invoke` channel of one verb. */
export const channelOf = (method: MethodName): string => `${CHANNEL_PREFIX}${method}`;

/** Main → renderer events travel on this one channel, discriminated by their `type`. */
export const EVENT_CHANNEL = `${CHANNEL_PREFIX}event`;
