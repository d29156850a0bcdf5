import type { StateCreator } from 'zustand';
import type { CorpDto } from '../../main/contract';
import type { AppState } from './appState';

/** The configured corps as main lists them (no secrets: only `has…` flags). */
export interface CorpsSlice {
  corps: CorpDto[];
  /** False until the first `listCorps` answered: onboarding must not flash before that. */
  corpsLoaded: boolean;
  setCorps: (corps: CorpDto[]) => void;
}

export const createCorpsSlice: StateCreator<AppState, [], [], CorpsSlice> = (set) => ({
  corps: [],
  corpsLoaded: false,
  setCorps: (corps) => set({ corps, corpsLoaded: true }),
});
