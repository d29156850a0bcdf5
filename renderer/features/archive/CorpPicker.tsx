import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { archivedCorpIds } from '../../db';
import { useAppState } from '../../state';
import { OptionSelect } from '../../ui/OptionSelect';
import { useAppServices } from '../appServices';

export interface CorpOption {
  id: string;
  label: string;
}

/**
 * The corp the archive screens (reading, media) show: the configured corps plus corps removed from
 * the settings whose archive is still stored (they stay readable). The choice is shared across
 * screens (`archiveCorpId`); without one, or with one that no longer exists, the first option.
 * `archivedLoaded` is false until the stored corps have been read.
 */
export function useCorpChoice(): { options: CorpOption[]; corpId: string | null; archivedLoaded: boolean } {
  const { t } = useTranslation();
  const { db } = useAppServices();
  const corps = useAppState((state) => state.corps);
  const chosen = useAppState((state) => state.archiveCorpId);
  const archivedLoaded = useLiveQuery(() => archivedCorpIds(db), [db]);
  const archived = archivedLoaded ?? [];
  const options: CorpOption[] = [
    ...corps.map((corp) => ({ id: corp.id, label: `${corp.name} (${corp.corpid})` })),
    ...archived
      .filter((id) => !corps.some((corp) => corp.id === id))
      .map((id) => ({ id, label: t('archive.removedCorp', { id }) })),
  ];
  const corpId = options.some((option) => option.id === chosen) ? chosen : (options[0]?.id ?? null);
  return { options, corpId, archivedLoaded: archivedLoaded !== undefined };
}

/** The corp selector of an archive screen's heading; nothing when there is only one corp. */
export function CorpPicker({
  options,
  corpId,
  label,
}: {
  options: readonly CorpOption[];
  corpId: string | null;
  label: string;
}) {
  const showArchiveOf = useAppState((state) => state.showArchiveOf);
  if (options.length <= 1) return null;
  return (
    <div className="inline-field">
      <OptionSelect
        label={label}
        value={corpId ?? ''}
        options={options.map((option) => ({ value: option.id, label: option.label }))}
        onChange={showArchiveOf}
      />
    </div>
  );
}
