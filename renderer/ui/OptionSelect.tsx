import { useId } from 'react';

export interface SelectOption {
  value: string;
  label: string;
  /** The option's language, when its label is in another one (the language switch). */
  lang?: string;
}

export interface SelectProps {
  /** Ties the select to a label outside it (a `Field`'s, or `OptionSelect`'s own). */
  id?: string | undefined;
  value: string;
  options: readonly SelectOption[];
  onChange: (value: string) => void;
  /** A first option with the value '' (a filter's "any"). */
  emptyLabel?: string | undefined;
  className?: string | undefined;
  'data-testid'?: string | undefined;
}

/** A native select over a list of options, labelled from outside: inside a `Field` or a `<label>`. */
export function Select({
  id,
  value,
  options,
  onChange,
  emptyLabel,
  className,
  'data-testid': testId,
}: SelectProps) {
  return (
    <select
      id={id}
      className={className}
      value={value}
      onChange={(event) => onChange(event.target.value)}
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

/** The corps by their WeCom corpid, named as their settings name them (the rules and alerts filters). */
export function corpOptions(corps: readonly { corpid: string; name: string }[]): SelectOption[] {
  return corps.map((corp) => ({ value: corp.corpid, label: corp.name || corp.corpid }));
}
