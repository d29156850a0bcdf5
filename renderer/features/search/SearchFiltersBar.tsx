import { useTranslation } from 'react-i18next';
import { formatZoneOffset } from '../../lib/formatTime';
import { useNow } from '../../lib/useNow';
import { selectTimeZone, useAppState } from '../../state';
import { Button } from '../../ui/Button';
import { DateField } from '../../ui/DateField';
import { labelledOptions } from '../../ui/OptionSelect';
import type { NameCandidates } from './nameCandidates';
import { msgtypeLabel } from '../../i18n/messageLabels';
import { ChoiceFilters, FilterCheck, FilterItem, FilterSelect } from './FilterItems';
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

/** The two ends of the date range, each a day in the app's time zone (label `search.<key>`). */
const DATE_FILTERS = [
  { key: 'fromDate', testId: 'search-filter-from' },
  { key: 'toDate', testId: 'search-filter-to' },
] as const;

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
        <FilterSelect
          label={t('search.corp')}
          value={form.corpId}
          emptyLabel={t('search.corpAll')}
          options={corps.map((corp) => ({ value: corp.id, label: corp.name }))}
          onChange={(corpId) =>
            // People and chats belong to a corp: picking another corp drops the ones of the others.
            onChange({
              ...form,
              corpId,
              people: corpId ? form.people.filter((p) => p.corpId === corpId) : form.people,
              chat: corpId && form.chat?.corpId !== corpId ? null : form.chat,
            })
          }
          data-testid="search-filter-corp"
        />
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
      <ChoiceFilters
        form={form}
        onChange={onChange}
        filters={[
          {
            key: 'sender',
            label: t('search.sender'),
            emptyLabel: t('search.senderAll'),
            options: labelledOptions(['internal', 'external'] as const, (kind) =>
              kind === 'internal' ? t('search.senderInternal') : t('search.senderExternal'),
            ),
            testId: 'search-filter-sender',
          },
          {
            key: 'msgtype',
            label: t('search.msgtype'),
            emptyLabel: t('search.msgtypeAll'),
            options: labelledOptions(FILTER_MSGTYPES, (type) => msgtypeLabel(t, type)),
            testId: 'search-filter-msgtype',
          },
        ]}
      />
      <FilterCheck
        label={t('search.hasMedia')}
        checked={form.hasMedia}
        onChange={(checked) => set('hasMedia', checked)}
        testId="search-filter-media"
      />
      {DATE_FILTERS.map(({ key, testId }) => (
        <FilterItem key={key} label={t(`search.${key}`)}>
          <DateField value={form[key]} onChange={(day) => set(key, day)} data-testid={testId} />
        </FilterItem>
      ))}
      <MarkFilterControls form={form} onChange={onChange} />
      <p className="muted small search-filters__zone" data-testid="search-date-zone">
        {t('search.dateZone', { zone: timeZone, offset: zoneOffset })}
      </p>
      {hasFormFilters(form) ? (
        <Button variant="ghost" onClick={() => onChange(EMPTY_FORM)} data-testid="search-filters-clear">
          {t('search.clearFilters')}
        </Button>
      ) : null}
    </fieldset>
  );
}
