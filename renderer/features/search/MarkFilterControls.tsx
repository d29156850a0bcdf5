import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { useAppServices } from '../appServices';
import { markTables, ReviewStateOptions, SEVERITIES } from '../review';
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
      <label className="search-filters__item">
        <span>{t('review.search.flag')}</span>
        <select
          value={form.flag}
          onChange={(e) => set('flag', e.target.value as FilterForm['flag'])}
          data-testid="search-filter-flag"
        >
          <option value="">{t('review.search.noFlagFilter')}</option>
          <option value="any">{t('review.search.anyFlag')}</option>
          {SEVERITIES.map((severity) => (
            <option key={severity} value={severity}>
              {t(`review.severity.${severity}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="search-filters__item">
        <span>{t('review.search.tag')}</span>
        <select value={form.tag} onChange={(e) => set('tag', e.target.value)} data-testid="search-filter-tag">
          <option value="">{t('review.search.anyTag')}</option>
          {tags.map((tag) => (
            <option key={String(tag)} value={String(tag)}>
              {String(tag)}
            </option>
          ))}
        </select>
      </label>
      <label className="search-filters__item">
        <span>{t('review.search.state')}</span>
        <select
          value={form.reviewState}
          onChange={(e) => set('reviewState', e.target.value as FilterForm['reviewState'])}
          data-testid="search-filter-review-state"
        >
          <option value="">{t('review.search.anyState')}</option>
          <ReviewStateOptions />
        </select>
      </label>
      <label className="search-filters__item">
        <span>{t('review.search.noteText')}</span>
        <input
          type="search"
          className="input"
          value={form.noteText}
          onChange={(e) => set('noteText', e.target.value)}
          data-testid="search-filter-note"
        />
      </label>
      <label className="search-filters__item search-filters__check">
        <input
          type="checkbox"
          checked={form.hasNote}
          onChange={(e) => set('hasNote', e.target.checked)}
          data-testid="search-filter-has-note"
        />
        <span>{t('review.search.hasNote')}</span>
      </label>
    </>
  );
}
