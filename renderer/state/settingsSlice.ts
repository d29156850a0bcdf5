import type { StateCreator } from 'zustand';
import { systemTimeZone } from '../lib/timeZone';
import type { AppState } from './appState';

/** App-wide preferences kept on this machine (renderer/features/settings/TimeZoneSetting.tsx). */
export interface SettingsSlice {
  /** The IANA zone dates are shown and filtered in; null = follow the system's zone. */
  timeZone: string | null;
  setTimeZone: (timeZone: string | null) => void;
}

export const createSettingsSlice: StateCreator<AppState, [], [], SettingsSlice> = (set) => ({
  timeZone: null,
  setTimeZone: (timeZone) => set({ timeZone }),
});

/** The zone in effect: the chosen one, else the system's. A selector for `useAppState`. */
export function selectTimeZone(state: Pick<SettingsSlice, 'timeZone'>): string {
  return state.timeZone ?? systemTimeZone();
}
