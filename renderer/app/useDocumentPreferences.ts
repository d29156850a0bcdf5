import { useEffect } from 'react';
import type { i18n as I18n } from 'i18next';
import { LANGUAGE_STORAGE_KEY } from '../i18n/i18n';
import { useAppState } from '../state';

const DARK_QUERY = '(prefers-color-scheme: dark)';

/**
 * Keeps the document in step with the UI state: the theme follows the system's colour scheme
 * (`data-theme` selects the CSS variables), and the language drives i18next, `<html lang>`
 * (CJK font selection depends on it) and is remembered on this machine.
 */
export function useDocumentPreferences(i18n: I18n): void {
  const theme = useAppState((state) => state.theme);
  const setTheme = useAppState((state) => state.setTheme);
  const language = useAppState((state) => state.language);

  useEffect(() => {
    const query = window.matchMedia(DARK_QUERY);
    const apply = () => setTheme(query.matches ? 'dark' : 'light');
    apply();
    query.addEventListener('change', apply);
    return () => query.removeEventListener('change', apply);
  }, [setTheme]);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  useEffect(() => {
    document.documentElement.lang = language;
    localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
    void i18n.changeLanguage(language);
  }, [i18n, language]);
}
