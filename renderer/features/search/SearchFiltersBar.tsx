import { useTranslation } from 'react-i18next';
import { formatZoneOffset } from '../../lib/formatTime';
import { useNow } from '../../lib/useNow';
import { selectTimeZone, useAppState } from '../../state';
import { DateField } from '../../ui/DateField';
import type { NameCandidates } from './nameCandidates';
import { msgtypeLabel } from '../../i18n/messageLabels';
import { MarkFilterControls } from './MarkFilterControls';
import { NamePicker } from './NamePicker';
import { EMPTY_FORM, FILTER_MSGTYPES, hasFormFilters, type FilterForm } from './searchFilterForm';

export interface SearchFiltersBarProps {
  form: FilterForm;
  onChange: (form: FilterForm) => void;
  /** The corp (and chat) are fixed by an in-chat scope. */
  scopeCorpId: string | null;
  /** People and chats to suggest (useNameCandidates). */
  names: NameCandidates;
}

/** Corp, person, chat, sender kind, type, media and date filters of the search panel. */
export function SearchFiltersBar({ form, onChange, scopeCorpId, names }: SearchFiltersBarProps) {
  const { t, i18n } = useTranslation();
  const corps = useAppState((state) => state.corps);
  const timeZone = useAppState(selectTimeZone);
  const set = <K extends keyof FilterForm>(key: K, value: FilterForm[K]) =>
    onChange({ ...form, [key]: value });
  const now = useNow(3_600_000);
  const zoneOffset = formatZoneOffset(now, i18n.language, timeZone);
  return (
    <fieldset className="search-filters">
      <legend className="visually-hidden">{t('search.filters')}</legend>
      {corps.length > 1 && !scopeCorpId ? (
        <label className="search-filters__item">
          <span>{t('search.corp')}</span>
          <select
            value={form.corpId}
            onChange={(e) =>
              // People and chats belong to a corp: picking another corp drops the ones of the others.
              onChange({
                ...form,
                corpId: e.target.value,
                people: e.target.value ? form.people.filter((p) => p.corpId === e.target.value) : form.people,
                chat: e.target.value && form.chat?.corpId !== e.target.value ? null : form.chat,
              })
            }
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
      <NamePicker
        label={t('search.person')}
        placeholder={t('search.personPlaceholder')}
        candidates={names.people}
        picked={form.people}
        onPick={(person) => set('people', [...form.people, person])}
        onRemove={(person) =>
          set(
            'people',
            form.people.filter((p) => p.id !== person.id || p.corpId !== person.corpId),
          )
        }
        testId="search-filter-person"
      />
      {scopeCorpId ? null : (
        <NamePicker
          label={t('search.chat')}
          placeholder={t('search.chatPlaceholder')}
          candidates={names.chats}
          picked={form.chat ? [form.chat] : []}
          onPick={(chat) => set('chat', chat)}
          onRemove={() => set('chat', null)}
          testId="search-filter-chat"
        />
      )}
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
              {msgtypeLabel(t, type)}
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
        <DateField
          value={form.fromDate}
          onChange={(day) => set('fromDate', day)}
          data-testid="search-filter-from"
        />
      </label>
      <label className="search-filters__item">
        <span>{t('search.toDate')}</span>
        <DateField
          value={form.toDate}
          onChange={(day) => set('toDate', day)}
          data-testid="search-filter-to"
        />
      </label>
      <MarkFilterControls form={form} onChange={onChange} />
      <p className="muted small search-filters__zone" data-testid="search-date-zone">
        {t('search.dateZone', { zone: timeZone, offset: zoneOffset })}
      </p>
      {hasFormFilters(form) ? (
        <button
          type="button"
          className="button button--ghost"
          onClick={() => onChange(EMPTY_FORM)}
          data-testid="search-filters-clear"
        >
          {t('search.clearFilters')}
        </button>
      ) : null}
    </fieldset>
  );
}
