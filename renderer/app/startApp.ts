import type { i18n as I18n } from 'i18next';
import { createBridge } from '../bridge';
import type { AppServices } from '../features/appServices';
import { installTestHook } from '../features/pull/testHook';
import { createI18n, initialLanguage } from '../i18n/i18n';
import { initialTimeZone } from '../lib/timeZone';
import { startSearchWorker } from '../search/searchClient';
import type { AppStore } from '../state';
import { composeApp } from './compose';

/**
 * The page's start: the browser's bridge (transport picked there), IndexedDB, sessionStorage and
 * search worker go into the composition root (app/compose.ts); the language comes from
 * localStorage; e2e tests get their readiness hook.
 */
export function startApp(): { services: AppServices; store: AppStore; i18n: I18n } {
  const { services, store, ready } = composeApp({
    bridge: createBridge(),
    storage: sessionStorage,
    preferences: localStorage,
    startSearchWorker,
    log: (message, detail) => console.warn(`[archive] ${message}`, detail ?? ''),
  });

  const language = initialLanguage(localStorage);
  store.getState().setLanguage(language);
  store.getState().setTimeZone(initialTimeZone(localStorage));
  const i18n = createI18n(language);

  const { db, pulls, redecrypts } = services;
  installTestHook({ ready, store, db, pulls, redecrypts });
  return { services, store, i18n };
}
