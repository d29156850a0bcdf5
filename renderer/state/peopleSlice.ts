import type { StateCreator } from 'zustand';
import type { AppState } from './appState';

/** A person of one corp: an employee's userid, an external contact's id or a robot's id. */
export interface PersonTarget {
  corpId: string;
  userid: string;
}

/**
 * The person view (features/people): a sender name or a group member clicked anywhere opens it;
 * the People screen lists everyone when no one is open.
 */
export interface PeopleSlice {
  openedPerson: PersonTarget | null;
  openPerson: (corpId: string, userid: string) => void;
  closePerson: () => void;
}

export const createPeopleSlice: StateCreator<AppState, [], [], PeopleSlice> = (set) => ({
  openedPerson: null,
  openPerson: (corpId, userid) =>
    set({ openedPerson: { corpId, userid }, view: 'people', searchOpen: false }),
  closePerson: () => set({ openedPerson: null }),
});
