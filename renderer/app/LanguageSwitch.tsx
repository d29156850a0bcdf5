import { useTranslation } from 'react-i18next';
import { LANGUAGES, useAppState } from '../state';
import type { Language } from '../state';
import { OptionSelect } from '../ui/OptionSelect';

export function LanguageSwitch() {
  const { t } = useTranslation();
  const language = useAppState((state) => state.language);
  const setLanguage = useAppState((state) => state.setLanguage);
  return (
    <div className="language-switch">
      <OptionSelect
        label={t('language.label')}
        labelHidden
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
