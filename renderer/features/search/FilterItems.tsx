import type { ReactNode } from 'react';
import { Checkbox } from '../../ui/Checkbox';
import { Select, type SelectOption, type SelectProps } from '../../ui/OptionSelect';
import type { FilterForm } from './searchFilterForm';

/** One labelled control of the search filters: its label above, the control below. */
export function FilterItem({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="search-filters__item">
      <span>{label}</span>
      {children}
    </label>
  );
}

/** A search filter that picks one of a list; `emptyLabel` names the "any" choice. */
export function FilterSelect<T extends string>({ label, ...select }: { label: string } & SelectProps<T>) {
  return (
    <FilterItem label={label}>
      <Select {...select} />
    </FilterItem>
  );
}

export interface FilterCheckProps {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  testId: string;
}

/** A search filter that is on or off, its box before its label. */
export function FilterCheck({ label, checked, onChange, testId }: FilterCheckProps) {
  return (
    <Checkbox
      className="search-filters__item search-filters__check"
      label={<span>{label}</span>}
      checked={checked}
      onChange={onChange}
      testId={testId}
    />
  );
}

/** The filters of the form that are a plain choice of one value ('' for any). */
type ChoiceKey = 'sender' | 'msgtype' | 'flag' | 'tag' | 'reviewState';

/** One choice filter of the form: which field, its label, its "any" label, its choices. */
export interface ChoiceFilter<K extends ChoiceKey = ChoiceKey> {
  key: K;
  label: string;
  emptyLabel: string;
  options: readonly SelectOption<Exclude<FilterForm[K], ''>>[];
  testId: string;
}

/** The choice filters of the form, one select each, in the order given. */
export function ChoiceFilters({
  form,
  onChange,
  filters,
}: {
  form: FilterForm;
  onChange: (form: FilterForm) => void;
  filters: readonly ChoiceFilter[];
}) {
  return filters.map(({ key, testId, ...select }) => (
    <FilterSelect<FilterForm[ChoiceKey]>
      key={key}
      {...select}
      value={form[key]}
      onChange={(value) => onChange({ ...form, [key]: value })}
      data-testid={testId}
    />
  ));
}
