import type { i18n as I18n } from 'i18next';
import { createBridge } from '../bridge';
import { ArchiveDb } from '../db';
import type { AppServices } from '../features/appServices';
import { ReadingMediaSlot, registerMediaIndex, startMedia } from '../features/media';
import { PullController } from '../features/pull/pullController';
import { RedecryptRunner } from '../features/pull/redecryptRunner';
import { installTestHook } from '../features/pull/testHook';
import { setMediaSlotComponent } from '../features/reading/cards/MediaSlot';
import { startSearch } from '../features/search/searchService';
import { createI18n, initialLanguage } from '../i18n/i18n';
import { appStore } from '../state';

/**
 * Builds everything once: bridge (transport picked here), archive DB, controllers, i18n; wires the
 * connection state into the store and syncs app info, corps and pull statuses on every (re)connect.
 */
export function startApp(): { services: AppServices; i18n: I18n } {
  const { archive, connection } = createBridge();
  registerMediaIndex();
  // Before the first ingest: the search index joins every messages transaction (db/derived.ts).
  startSearch();
  const db = new ArchiveDb();
  const store = appStore;
  const log = (message: string, detail?: unknown) => console.warn(`[archive] ${message}`, detail ?? '');

  const language = initialLanguage(localStorage);
  store.getState().setLanguage(language);
  const i18n = createI18n(language);

  const showConnection = () => store.getState().setConnection(connection.state, connection.failedAttempts);
  showConnection();
  connection.subscribe(showConnection);

  const loadAppInfo = async () => {
    const answer = await archive.getAppInfo({});
    if (answer.ok) store.getState().setAppInfo(answer.value);
  };
  connection.onReconnect(() => void loadAppInfo());

  startMedia(archive, db, log);
  // Media cards in the timeline show download state and play/view the file (issue 5).
  setMediaSlotComponent(ReadingMediaSlot);
  const pulls = new PullController({ archive, connection, db, store, storage: sessionStorage, log });
  const redecrypts = new RedecryptRunner({ archive, db, store });
  const ready = Promise.all([loadAppInfo(), pulls.start()]).then(() => undefined);
  installTestHook({ ready, store, db, pulls, redecrypts });

  return { services: { archive, db, pulls, redecrypts }, i18n };
}
