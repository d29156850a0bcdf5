import type { StateCreator } from 'zustand';
import type { AppState } from './appState';

/**
 * The app lock (features/lock, docs/security.md): while `locked`, the app shows only the lock screen;
 * main refuses every data verb until the passphrase is given again.
 */
export interface LockSlice {
  /** Main's answer at start, then every lock/unlock; null until known (nothing is shown before). */
  locked: boolean | null;
  /** A passphrase is set (the lock can be used). */
  lockConfigured: boolean;
  /** Lock after this many idle minutes (0/null: only on demand). */
  lockIdleMinutes: number | null;
  setLockIdleMinutes: (minutes: number | null) => void;
  setLockState: (state: { locked: boolean; configured: boolean }) => void;
}

export const createLockSlice: StateCreator<AppState, [], [], LockSlice> = (set) => ({
  locked: null,
  lockConfigured: false,
  lockIdleMinutes: null,
  setLockIdleMinutes: (lockIdleMinutes) => set({ lockIdleMinutes }),
  setLockState: ({ locked, configured }) => set({ locked, lockConfigured: configured }),
});
