import { useTranslation } from 'react-i18next';
import { useAppState } from '../../state';
import { PullCorpCard } from './PullCorpCard';

/** The Pull screen: one card per configured corp. */
export function PullPanel() {
  const { t } = useTranslation();
  const corps = useAppState((state) => state.corps);
  return (
    <div className="screen">
      <h1 className="screen__title">{t('pull.title')}</h1>
      {corps.length === 0 ? <p className="muted">{t('pull.noCorps')}</p> : null}
      {corps.map((corp) => (
        <PullCorpCard key={corp.id} corp={corp} />
      ))}
    </div>
  );
}
