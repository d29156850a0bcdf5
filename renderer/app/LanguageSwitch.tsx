import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, useAppState } from '../state';
import type { Language } from '../state';

export function LanguageSwitch() {
  const { t } = useTranslation();
  const id = useId();
  const language = useAppState((state) => state.language);
  const setLanguage = useAppState((state) => state.setLanguage);
  return (
    <div className="language-switch">
      <label htmlFor={id} className="visually-hidden">
        {t('language.label')}
      </label>
      <select
        id={id}
        className="input input--compact"
        value={language}
        onChange={(event) => setLanguage(event.target.value as Language)}
      >
        {LANGUAGES.map((candidate) => (
          <option key={candidate} value={candidate} lang={candidate}>
            {t(`language.${candidate}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
