import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { AppState } from './appState';
import { createCorpsSlice } from './corpsSlice';
import { createMediaSlice } from './mediaSlice';
import { createNavigationSlice } from './navigationSlice';
import { createPullSlice } from './pullSlice';
import { createSearchSlice } from './searchSlice';
import { createSessionSlice } from './sessionSlice';
import { createSettingsSlice } from './settingsSlice';
import { createUiSlice } from './uiSlice';
import { createPeopleSlice } from './peopleSlice';
import { createLockSlice } from './lockSlice';

export type AppStore = StoreApi<AppState>;

/**
 * The app's one store, from slices (zustand slices pattern). Built once by the composition root
 * (app/compose.ts), which hands it to the controllers and provides it to components through
 * `AppStoreContext`; a fresh one per test.
 */
export function createAppStore(): AppStore {
  return createStore<AppState>()((...args) => ({
    ...createSessionSlice(...args),
    ...createCorpsSlice(...args),
    ...createPullSlice(...args),
    ...createUiSlice(...args),
    ...createNavigationSlice(...args),
    ...createSearchSlice(...args),
    ...createMediaSlice(...args),
    ...createSettingsSlice(...args),
    ...createPeopleSlice(...args),
    ...createLockSlice(...args),
  }));
}

export const AppStoreContext = createContext<AppStore | null>(null);

/** The store provided at the root (app/App.tsx). */
function useAppStore(): AppStore {
  const store = useContext(AppStoreContext);
  if (!store) throw new Error('useAppState outside <AppStoreContext.Provider>');
  return store;
}

/** Subscribe with a narrow selector; wrap object/array-returning selectors in `useShallow`. */
export function useAppState<T>(selector: (state: AppState) => T): T {
  return useStore(useAppStore(), selector);
}
