import type { StateCreator } from 'zustand';
import type { AppState } from './appState';

/** What a search is limited to when opened from a chat (in-chat search); null = the whole archive. */
export interface SearchScope {
  corpId: string;
  convId: string;
}

/** A person or chat picked in a filter: the id the engine filters by and the name shown for it. */
export interface PickedName {
  corpId: string;
  id: string;
  label: string;
}

/** The filter controls' values as the form holds them (strings from inputs). */
export interface SearchFilterForm {
  corpId: string;
  sender: '' | 'internal' | 'external';
  /** Specific senders (user ids); any of them. */
  people: PickedName[];
  /** A specific chat (conversation id); ignored while an in-chat scope is set. */
  chat: PickedName | null;
  msgtype: string;
  hasMedia: boolean;
  /** `YYYY-MM-DD` in the app's time zone, or ''. */
  fromDate: string;
  toDate: string;
  /**
   * The reviewer's marks (issue 11, features/review): a flag ('any' severity or one), a tag, the chat's
   * review state, note text ('' = no filter) or any note. '' = no filter.
   */
  flag: '' | 'any' | 'low' | 'medium' | 'high';
  tag: string;
  reviewState: '' | 'unreviewed' | 'in-review' | 'reviewed' | 'escalated' | 'closed';
  noteText: string;
  hasNote: boolean;
}

export const EMPTY_SEARCH_FORM: SearchFilterForm = {
  corpId: '',
  sender: '',
  people: [],
  chat: null,
  msgtype: '',
  hasMedia: false,
  fromDate: '',
  toDate: '',
  flag: '',
  tag: '',
  reviewState: '',
  noteText: '',
  hasNote: false,
};

/** The hit last opened from search: the timeline marks that message and the query's terms in it. */
export interface SearchJump {
  corpId: string;
  convId: string;
  msgid: string;
  /** The normalised terms of the query that found it. */
  terms: string[];
  /** A new number for each jump, so opening the same hit again flashes it again. */
  nonce: number;
}

/**
 * The search panel (renderer/features/search): open or not, its scope, query, filters, the selected
 * hit and the list's scroll position, all kept while the panel is closed (a jump to a hit closes it;
 * reopening shows the same search). Results stay in the worker and the launcher's hook.
 */
/**
 * Where a scrolled list was: the item at its top edge (by key) and how far that item's top sat from
 * the list's top, and the raw scrollTop for when no item is found. Restoring by the item keeps the
 * same hits in view when rows above it change height (names and marks load after the list opens).
 */
export interface ScrollPlace {
  scrollTop: number;
  anchor: { key: string; offset: number } | null;
}

export const TOP_OF_LIST: ScrollPlace = { scrollTop: 0, anchor: null };

export interface SearchSlice {
  searchOpen: boolean;
  searchScope: SearchScope | null;
  searchQuery: string;
  searchForm: SearchFilterForm;
  /** Index of the selected hit in the result list; null before one is selected. */
  searchActive: number | null;
  searchScroll: ScrollPlace;
  searchJump: SearchJump | null;
  openSearch: (scope?: SearchScope | null) => void;
  closeSearch: () => void;
  setSearchQuery: (query: string) => void;
  setSearchForm: (form: SearchFilterForm) => void;
  setSearchActive: (index: number | null) => void;
  setSearchScroll: (place: ScrollPlace) => void;
  /** Records the hit being opened (the caller also calls openMessage to show it). */
  markSearchJump: (jump: Omit<SearchJump, 'nonce'>) => void;
  /** Ends hit-by-hit navigation: the hit bar and the timeline mark go away; the search is kept. */
  endSearchJump: () => void;
}

/** A new result list: nothing selected, scrolled to the top. */
const FRESH_LIST = { searchActive: null, searchScroll: TOP_OF_LIST } as const;

const sameScope = (a: SearchScope | null, b: SearchScope | null) =>
  a === b || (a !== null && b !== null && a.corpId === b.corpId && a.convId === b.convId);

export const createSearchSlice: StateCreator<AppState, [], [], SearchSlice> = (set, get) => ({
  searchOpen: false,
  searchScope: null,
  searchQuery: '',
  searchForm: EMPTY_SEARCH_FORM,
  searchActive: null,
  searchScroll: TOP_OF_LIST,
  searchJump: null,
  openSearch: (scope = null) =>
    set(
      sameScope(get().searchScope, scope)
        ? { searchOpen: true }
        : { searchOpen: true, searchScope: scope, ...FRESH_LIST },
    ),
  closeSearch: () => set({ searchOpen: false }),
  setSearchQuery: (searchQuery) =>
    set(searchQuery === get().searchQuery ? {} : { searchQuery, ...FRESH_LIST }),
  setSearchForm: (searchForm) => set({ searchForm, ...FRESH_LIST }),
  setSearchActive: (searchActive) => set({ searchActive }),
  setSearchScroll: (searchScroll) => set({ searchScroll }),
  markSearchJump: (jump) => set({ searchJump: { ...jump, nonce: (get().searchJump?.nonce ?? 0) + 1 } }),
  endSearchJump: () => set({ searchJump: null }),
});
