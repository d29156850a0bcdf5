/**
 * `window.__archiveReading`: navigation for e2e tests and the timeline bench (docs/style.md §12: tests
 * drive the app and wait on it, never sleep). It opens a chat, optionally at one message; it
 * exposes no message content.
 */
export interface ArchiveReadingHook {
  open(convId: string, msgid?: string): void;
}

declare global {
  interface Window {
    __archiveReading?: ArchiveReadingHook;
  }
}
