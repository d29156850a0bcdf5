import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, useAppState } from '../state';
import type { Language } from '../state';
import { OptionSelect } from '../ui/OptionSelect';

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
      <OptionSelect
        id={id}
        className="input input--compact"
        value={language}
        options={LANGUAGES.map((candidate) => ({
          value: candidate,
          label: t(`language.${candidate}`),
          lang: candidate,
        }))}
        onChange={(value) => setLanguage(value as Language)}
      />
    </div>
  );
}
