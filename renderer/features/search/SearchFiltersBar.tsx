import { useTranslation } from 'react-i18next';
import { useAppState } from '../../state';
import { FILTER_MSGTYPES, type FilterForm } from './searchFilterForm';

export interface SearchFiltersBarProps {
  form: FilterForm;
  onChange: (form: FilterForm) => void;
  /** The corp is fixed by an in-chat scope. */
  corpLocked: boolean;
}

/** Corp, sender, type, media and date filters of the search panel. */
export function SearchFiltersBar({ form, onChange, corpLocked }: SearchFiltersBarProps) {
  const { t } = useTranslation();
  const corps = useAppState((state) => state.corps);
  const set = <K extends keyof FilterForm>(key: K, value: FilterForm[K]) =>
    onChange({ ...form, [key]: value });
  return (
    <fieldset className="search-filters">
      <legend className="visually-hidden">{t('search.filters')}</legend>
      {corps.length > 1 && !corpLocked ? (
        <label className="search-filters__item">
          <span>{t('search.corp')}</span>
          <select
            value={form.corpId}
            onChange={(e) => set('corpId', e.target.value)}
            data-testid="search-filter-corp"
          >
            <option value="">{t('search.corpAll')}</option>
            {corps.map((corp) => (
              <option key={corp.id} value={corp.id}>
                {corp.name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <label className="search-filters__item">
        <span>{t('search.sender')}</span>
        <select
          value={form.sender}
          onChange={(e) => set('sender', e.target.value as FilterForm['sender'])}
          data-testid="search-filter-sender"
        >
          <option value="">{t('search.senderAll')}</option>
          <option value="internal">{t('search.senderInternal')}</option>
          <option value="external">{t('search.senderExternal')}</option>
        </select>
      </label>
      <label className="search-filters__item">
        <span>{t('search.msgtype')}</span>
        <select
          value={form.msgtype}
          onChange={(e) => set('msgtype', e.target.value)}
          data-testid="search-filter-msgtype"
        >
          <option value="">{t('search.msgtypeAll')}</option>
          {FILTER_MSGTYPES.map((type) => (
            <option key={type} value={type}>
              {t(`search.types.${type}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="search-filters__item search-filters__check">
        <input
          type="checkbox"
          checked={form.hasMedia}
          onChange={(e) => set('hasMedia', e.target.checked)}
          data-testid="search-filter-media"
        />
        <span>{t('search.hasMedia')}</span>
      </label>
      <label className="search-filters__item">
        <span>{t('search.fromDate')}</span>
        <input
          type="date"
          value={form.fromDate}
          onChange={(e) => set('fromDate', e.target.value)}
          data-testid="search-filter-from"
        />
      </label>
      <label className="search-filters__item">
        <span>{t('search.toDate')}</span>
        <input
          type="date"
          value={form.toDate}
          onChange={(e) => set('toDate', e.target.value)}
          data-testid="search-filter-to"
        />
      </label>
    </fieldset>
  );
}
