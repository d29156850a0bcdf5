import { useTranslation } from 'react-i18next';
import { CorpPicker, useCorpChoice } from '../archive';
import { MediaPanel } from './MediaPanel';

/** The Media screen: one corp's media, download-all and every card; corps chosen as on the Archive screen. */
export function MediaScreen() {
  const { t } = useTranslation();
  const { options, corpId } = useCorpChoice();
  return (
    <div className="screen">
      <div className="screen__heading">
        <h1 className="screen__title">{t('media.panel.title')}</h1>
        <CorpPicker options={options} corpId={corpId} label={t('archive.corp')} />
      </div>
      {corpId === null ? (
        <p className="muted">{t('media.panel.empty')}</p>
      ) : (
        <MediaPanel key={corpId} corpId={corpId} />
      )}
    </div>
  );
}
