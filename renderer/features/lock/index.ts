/** The app lock (issue 11, docs/security.md §9): the gate in front of the app, its header button and its Settings. */
export { LockButton, LockGate, useLock } from './LockGate';
export { LockSettings } from './LockSettings';
