import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeArchiveError } from '../../i18n/describeErrors';
import { useAppState } from '../../state';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { useAppServices } from '../appServices';

/**
 * First run, nothing configured: the demo archive (a populated archive within seconds) or the
 * path to adding the user's own corp.
 */
export function WelcomeScreen() {
  const { t } = useTranslation();
  const { pulls } = useAppServices();
  const demoAvailable = useAppState((state) => state.appInfo?.demoAvailable ?? false);
  const editCorp = useAppState((state) => state.editCorp);
  const setView = useAppState((state) => state.setView);
  const [opening, setOpening] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const openDemo = async () => {
    setOpening(true);
    setError(null);
    try {
      const answer = await pulls.openDemo();
      if (answer.ok) setView('archive');
      else setError(t('onboarding.demoFailed', { message: describeArchiveError(t, answer.error) }));
    } finally {
      setOpening(false);
    }
  };

  return (
    <div className="screen welcome">
      <h1 className="welcome__title">{t('onboarding.title')}</h1>
      <p className="welcome__lead">{t('onboarding.lead')}</p>
      {error ? <Banner tone="danger">{error}</Banner> : null}
      <div className="welcome__choices">
        <section className="choice" aria-labelledby="welcome-demo">
          <h2 id="welcome-demo" className="choice__title">
            {t('onboarding.demoTitle')}
          </h2>
          <p className="choice__body">
            {demoAvailable ? t('onboarding.demoBody') : t('onboarding.demoUnavailable')}
          </p>
          <Button variant="primary" busy={opening} disabled={!demoAvailable} onClick={() => void openDemo()}>
            {opening ? t('onboarding.demoOpening') : t('onboarding.demoButton')}
          </Button>
        </section>
        <section className="choice" aria-labelledby="welcome-add">
          <h2 id="welcome-add" className="choice__title">
            {t('onboarding.addTitle')}
          </h2>
          <p className="choice__body">{t('onboarding.addBody')}</p>
          <Button onClick={() => editCorp('new')}>{t('onboarding.addButton')}</Button>
        </section>
      </div>
    </div>
  );
}
