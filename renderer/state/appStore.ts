import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { AppState } from './appState';
import { createCorpsSlice } from './corpsSlice';
import { createNavigationSlice } from './navigationSlice';
import { createPullSlice } from './pullSlice';
import { createSearchSlice } from './searchSlice';
import { createSessionSlice } from './sessionSlice';
import { createUiSlice } from './uiSlice';

export type AppStore = StoreApi<AppState>;

/** One store from slices (zustand slices pattern); a fresh one per test. */
export function createAppStore(): AppStore {
  return createStore<AppState>()((...args) => ({
    ...createSessionSlice(...args),
    ...createCorpsSlice(...args),
    ...createPullSlice(...args),
    ...createUiSlice(...args),
    ...createNavigationSlice(...args),
    ...createSearchSlice(...args),
  }));
}

/** The app's store: controllers use it directly, components through `useAppState`. */
export const appStore = createAppStore();

/** Subscribe with a narrow selector; wrap object/array-returning selectors in `useShallow`. */
export function useAppState<T>(selector: (state: AppState) => T): T {
  return useStore(appStore, selector);
}
