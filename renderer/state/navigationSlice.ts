import type { StateCreator } from 'zustand';
import type { AppState } from './appState';

/** A request to show one message in its chat (from a search hit). `nonce` repeats a request for the same message. */
export interface MessageTarget {
  corpId: string;
  convId: string;
  msgid: string;
  nonce: number;
}

/**
 * Cross-feature navigation: search asks, the reading timeline honours it (opens the chat, scrolls
 * to the message, highlights it) and may clear it once shown.
 */
export interface NavigationSlice {
  openedMessage: MessageTarget | null;
  openMessage: (corpId: string, convId: string, msgid: string) => void;
  clearOpenedMessage: () => void;
}

export const createNavigationSlice: StateCreator<AppState, [], [], NavigationSlice> = (set, get) => ({
  openedMessage: null,
  openMessage: (corpId, convId, msgid) =>
    set({
      openedMessage: { corpId, convId, msgid, nonce: (get().openedMessage?.nonce ?? 0) + 1 },
      view: 'archive',
      searchOpen: false,
    }),
  clearOpenedMessage: () => set({ openedMessage: null }),
});
