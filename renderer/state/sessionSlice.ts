import type { StateCreator } from 'zustand';
import type { AppInfoDto } from '../../main/contract';
import type { ConnectionState } from '../bridge';
import type { AppState } from './appState';

/** How the renderer is connected to main, and what main said about itself. */
export interface SessionSlice {
  connection: ConnectionState;
  /** Failed reconnect attempts in a row, for the banner's hint. */
  reconnectAttempts: number;
  appInfo: AppInfoDto | null;
  setConnection: (connection: ConnectionState, reconnectAttempts: number) => void;
  setAppInfo: (appInfo: AppInfoDto) => void;
}

export const createSessionSlice: StateCreator<AppState, [], [], SessionSlice> = (set) => ({
  connection: 'connecting',
  reconnectAttempts: 0,
  appInfo: null,
  setConnection: (connection, reconnectAttempts) => set({ connection, reconnectAttempts }),
  setAppInfo: (appInfo) => set({ appInfo }),
});
