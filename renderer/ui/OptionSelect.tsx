import { useId } from 'react';
import { Field } from './Field';

export interface SelectOption<T extends string = string> {
  value: T;
  label: string;
  /** The option's language, when its label is in another one (the language switch). */
  lang?: string;
}

export interface SelectProps<T extends string = string> {
  /** Ties the select to a label outside it (a `Field`'s, or `OptionSelect`'s own). */
  id?: string | undefined;
  value: T | '';
  options: readonly SelectOption<T>[];
  /** The option picked: one of `options`' values, or '' for `emptyLabel`'s (so T includes '' then). */
  onChange: (value: T) => void;
  /** A first option with the value '' (a filter's "any"). */
  emptyLabel?: string | undefined;
  className?: string | undefined;
  'data-testid'?: string | undefined;
}

/** A native select over a list of options, labelled from outside: inside a `Field` or a `<label>`. */
export function Select<T extends string = string>({
  id,
  value,
  options,
  onChange,
  emptyLabel,
  className,
  'data-testid': testId,
}: SelectProps<T>) {
  return (
    <select
      id={id}
      className={className}
      value={value}
      onChange={(event) => onChange(event.target.value as T)}
      data-testid={testId}
    >
      {emptyLabel === undefined ? null : <option value="">{emptyLabel}</option>}
      {options.map((option) => (
        <option key={option.value} value={option.value} lang={option.lang}>
          {option.label}
        </option>
      ))}
    </select>
  );
}

export interface OptionSelectProps extends Omit<SelectProps, 'id'> {
  /** The select's label; `labelHidden` keeps it for screen readers only. */
  label: string;
  labelHidden?: boolean;
}

/** A labelled native select over a list of options: the corp, chat, sender and language choices. */
export function OptionSelect({
  label,
  labelHidden = false,
  className = 'input',
  ...select
}: OptionSelectProps) {
  const id = useId();
  return (
    <>
      <label htmlFor={id} className={labelHidden ? 'visually-hidden' : undefined}>
        {label}
      </label>
      <Select id={id} className={className} {...select} />
    </>
  );
}

/** A native select in a `Field`: labelled above, like the form's other fields. */
export function SelectField<T extends string = string>({
  label,
  className = 'input',
  ...select
}: { label: string } & Omit<SelectProps<T>, 'id'>) {
  return <Field label={label}>{({ id }) => <Select<T> id={id} className={className} {...select} />}</Field>;
}

/** The corps by their WeCom corpid, named as their settings name them (the rules and alerts filters). */
export function corpOptions(corps: readonly { corpid: string; name: string }[]): SelectOption[] {
  return corps.map((corp) => ({ value: corp.corpid, label: corp.name || corp.corpid }));
}

/** A fixed list of values as options, each labelled by `label` (usually a translation key per value). */
export function labelledOptions<T extends string>(
  values: readonly T[],
  label: (value: T) => string,
): SelectOption<T>[] {
  return values.map((value) => ({ value, label: label(value) }));
}
