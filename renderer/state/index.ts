export { AppStoreContext, createAppStore, useAppState } from './appStore';
export type { AppStore } from './appStore';
export type { AppState } from './appState';
export type { CommitFailure, RedecryptState } from './pullSlice';
export { LANGUAGES } from './uiSlice';
export type { Language, Theme, View } from './uiSlice';
export type { MessageTarget } from './navigationSlice';
export type { SearchScope } from './searchSlice';
export type { MediaSlice } from './mediaSlice';
