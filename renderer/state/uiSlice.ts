import type { StateCreator } from 'zustand';
import type { AppState } from './appState';

export type View =
  | 'archive'
  | 'people'
  | 'media'
  | 'pull'
  | 'ledger'
  | 'cases'
  | 'rules'
  | 'alerts'
  | 'audit'
  | 'verify'
  | 'settings';
export type Language = 'zh-CN' | 'en';
export type Theme = 'light' | 'dark';

export const LANGUAGES: readonly Language[] = ['zh-CN', 'en'];

/** What the user is looking at. The theme follows the system (`prefers-color-scheme`). */
export interface UiSlice {
  view: View;
  language: Language;
  theme: Theme;
  /** The corp the Settings screen edits; 'new' = the add form. */
  settingsCorpId: string | 'new' | null;
  /** The corp the Archive overview shows. */
  archiveCorpId: string | null;
  /** The conversation open in the reader, and the message whose detail is shown (reading feature). */
  readingConvId: string | null;
  readingMsgid: string | null;
  setView: (view: View) => void;
  setLanguage: (language: Language) => void;
  setTheme: (theme: Theme) => void;
  editCorp: (corpId: string | 'new' | null) => void;
  showArchiveOf: (corpId: string | null) => void;
  openConversation: (convId: string | null) => void;
  selectMessage: (msgid: string | null) => void;
}

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => ({
  view: 'archive',
  language: 'zh-CN',
  theme: 'light',
  settingsCorpId: null,
  archiveCorpId: null,
  setView: (view) => set({ view }),
  setLanguage: (language) => set({ language }),
  setTheme: (theme) => set({ theme }),
  editCorp: (settingsCorpId) => set({ settingsCorpId, view: 'settings' }),
  showArchiveOf: (archiveCorpId) => set({ archiveCorpId, readingConvId: null, readingMsgid: null }),
  readingConvId: null,
  readingMsgid: null,
  openConversation: (readingConvId) => set({ readingConvId, readingMsgid: null }),
  selectMessage: (readingMsgid) => set({ readingMsgid }),
});
