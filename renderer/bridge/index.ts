export { createBridge } from './bridge';
export type { Bridge } from './bridge';
export type { ConnectionMonitor, ConnectionState } from './connectionState';
