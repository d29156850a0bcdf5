import { useLiveQuery } from 'dexie-react-hooks';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { archivedCorpIds } from '../../db';
import { useAppState } from '../../state';
import { Button } from '../../ui/Button';
import { useAppServices } from '../appServices';
import { CorpArchiveStats } from './CorpArchiveStats';
import { LatestMessages } from './LatestMessages';

/**
 * The Archive screen until the chat reader arrives: per-corp counts and the latest messages. Corps
 * removed from the settings keep their archive and stay selectable here.
 */
export function ArchiveOverview() {
  const { t } = useTranslation();
  const { db } = useAppServices();
  const selectId = useId();
  const corps = useAppState((state) => state.corps);
  const chosen = useAppState((state) => state.archiveCorpId);
  const showArchiveOf = useAppState((state) => state.showArchiveOf);
  const setView = useAppState((state) => state.setView);
  const archived = useLiveQuery(() => archivedCorpIds(db), [db]) ?? [];

  const removed = archived.filter((id) => !corps.some((corp) => corp.id === id));
  const options = [
    ...corps.map((corp) => ({ id: corp.id, label: `${corp.name} (${corp.corpid})` })),
    ...removed.map((id) => ({ id, label: t('archive.removedCorp', { id }) })),
  ];
  const corpId = options.some((option) => option.id === chosen) ? chosen : (options[0]?.id ?? null);

  return (
    <div className="screen">
      <div className="screen__heading">
        <h1 className="screen__title">{t('archive.title')}</h1>
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
        <div className="empty-state">
          <p>{t('archive.empty')}</p>
          <Button variant="primary" onClick={() => setView('pull')}>
            {t('archive.emptyAction')}
          </Button>
        </div>
      ) : (
        <>
          <CorpArchiveStats key={`stats-${corpId}`} corpId={corpId} />
          <LatestMessages key={`latest-${corpId}`} corpId={corpId} />
        </>
      )}
    </div>
  );
}
