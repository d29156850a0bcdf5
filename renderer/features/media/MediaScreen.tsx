import { useTranslation } from 'react-i18next';
import { ArchiveHeading, useCorpChoice } from '../archive';
import { MediaPanel } from './MediaPanel';

/** The Media screen: one corp's media, download-all and every card; corps chosen as on the Archive screen. */
export function MediaScreen() {
  const { t } = useTranslation();
  const { options, corpId } = useCorpChoice();
  return (
    <div className="screen">
      <ArchiveHeading title={t('media.panel.title')} options={options} corpId={corpId} />
      {corpId === null ? (
        <p className="muted">{t('media.panel.empty')}</p>
      ) : (
        <MediaPanel key={corpId} corpId={corpId} />
      )}
    </div>
  );
}
