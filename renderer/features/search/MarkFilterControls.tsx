import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { useAppServices } from '../appServices';
import { labelledOptions } from '../../ui/OptionSelect';
import { markTables, reviewStateOptions, SEVERITIES } from '../review';
import { ChoiceFilters, FilterCheck, FilterItem } from './FilterItems';
import type { FilterForm } from './searchFilterForm';

/** The search filters on the reviewer's marks (issue 11): flag, tag, chat review state, note text. */
export function MarkFilterControls({
  form,
  onChange,
}: {
  form: FilterForm;
  onChange: (form: FilterForm) => void;
}) {
  const { t } = useTranslation();
  const { db } = useAppServices();
  const tags = useLiveQuery(() => markTables(db).tagDefs.orderBy('name').keys(), [db]) ?? [];
  const set = <K extends keyof FilterForm>(key: K, value: FilterForm[K]) =>
    onChange({ ...form, [key]: value });
  return (
    <>
      <ChoiceFilters
        form={form}
        onChange={onChange}
        filters={[
          {
            key: 'flag',
            label: t('review.search.flag'),
            emptyLabel: t('review.search.noFlagFilter'),
            options: [
              { value: 'any', label: t('review.search.anyFlag') },
              ...labelledOptions(SEVERITIES, (severity) => t(`review.severity.${severity}`)),
            ],
            testId: 'search-filter-flag',
          },
          {
            key: 'tag',
            label: t('review.search.tag'),
            emptyLabel: t('review.search.anyTag'),
            options: labelledOptions(tags.map(String), (tag) => tag),
            testId: 'search-filter-tag',
          },
          {
            key: 'reviewState',
            label: t('review.search.state'),
            emptyLabel: t('review.search.anyState'),
            options: reviewStateOptions(t),
            testId: 'search-filter-review-state',
          },
        ]}
      />
      <FilterItem label={t('review.search.noteText')}>
        <input
          type="search"
          className="input"
          value={form.noteText}
          onChange={(e) => set('noteText', e.target.value)}
          data-testid="search-filter-note"
        />
      </FilterItem>
      <FilterCheck
        label={t('review.search.hasNote')}
        checked={form.hasNote}
        onChange={(checked) => set('hasNote', checked)}
        testId="search-filter-has-note"
      />
    </>
  );
}
