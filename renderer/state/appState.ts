import type { CorpsSlice } from './corpsSlice';
import type { MediaSlice } from './mediaSlice';
import type { NavigationSlice } from './navigationSlice';
import type { PullSlice } from './pullSlice';
import type { SearchSlice } from './searchSlice';
import type { SessionSlice } from './sessionSlice';
import type { SettingsSlice } from './settingsSlice';
import type { UiSlice } from './uiSlice';
import type { PeopleSlice } from './peopleSlice';
import type { LockSlice } from './lockSlice';

/** UI and session state only (docs/style.md §9): archive rows stay in Dexie. */
export type AppState = SessionSlice &
  CorpsSlice &
  PullSlice &
  UiSlice &
  NavigationSlice &
  SearchSlice &
  MediaSlice &
  SettingsSlice &
  PeopleSlice &
  LockSlice;
