import type { StateCreator } from 'zustand';
import type { AppState } from './appState';

/** What a search is limited to when opened from a chat (in-chat search); null = the whole archive. */
export interface SearchScope {
  corpId: string;
  convId: string;
}

/** The search panel (renderer/features/search): open or not, its scope and query. Results stay in the worker. */
export interface SearchSlice {
  searchOpen: boolean;
  searchScope: SearchScope | null;
  searchQuery: string;
  openSearch: (scope?: SearchScope | null) => void;
  closeSearch: () => void;
  setSearchQuery: (query: string) => void;
}

export const createSearchSlice: StateCreator<AppState, [], [], SearchSlice> = (set) => ({
  searchOpen: false,
  searchScope: null,
  searchQuery: '',
  openSearch: (scope = null) => set({ searchOpen: true, searchScope: scope }),
  closeSearch: () => set({ searchOpen: false }),
  setSearchQuery: (searchQuery) => set({ searchQuery }),
});
