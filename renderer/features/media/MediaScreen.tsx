import { useLiveQuery } from 'dexie-react-hooks';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { archivedCorpIds } from '../../db';
import { useAppState } from '../../state';
import { useAppServices } from '../appServices';
import { MediaPanel } from './MediaPanel';

/** The Media screen: one corp's media, download-all and every card; corps chosen as on the Archive screen. */
export function MediaScreen() {
  const { t } = useTranslation();
  const { db } = useAppServices();
  const selectId = useId();
  const corps = useAppState((state) => state.corps);
  const chosen = useAppState((state) => state.archiveCorpId);
  const showArchiveOf = useAppState((state) => state.showArchiveOf);
  const archived = useLiveQuery(() => archivedCorpIds(db), [db]) ?? [];
  const options = [
    ...corps.map((corp) => ({ id: corp.id, label: `${corp.name} (${corp.corpid})` })),
    ...archived
      .filter((id) => !corps.some((corp) => corp.id === id))
      .map((id) => ({ id, label: t('archive.removedCorp', { id }) })),
  ];
  const corpId = options.some((option) => option.id === chosen) ? chosen : (options[0]?.id ?? null);
  return (
    <div className="screen">
      <div className="screen__heading">
        <h1 className="screen__title">{t('media.panel.title')}</h1>
        {options.length > 1 ? (
          <div className="inline-field">
            <label htmlFor={selectId}>{t('archive.corp')}</label>
            <select
              id={selectId}
              className="input"
              value={corpId ?? ''}
              onChange={(event) => showArchiveOf(event.target.value)}
            >
              {options.map((option) => (
                <option key={option.id} value={option.id}>
                  {option.label}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </div>
      {corpId === null ? (
        <p className="muted">{t('media.panel.empty')}</p>
      ) : (
        <MediaPanel key={corpId} corpId={corpId} />
      )}
    </div>
  );
}
