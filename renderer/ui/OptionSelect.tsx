import { useId } from 'react';

export interface SelectOption {
  value: string;
  label: string;
  /** The option's language, when its label is in another one (the language switch). */
  lang?: string;
}

export interface OptionSelectProps {
  /** The select's label; `labelHidden` keeps it for screen readers only. */
  label: string;
  labelHidden?: boolean;
  value: string;
  options: readonly SelectOption[];
  onChange: (value: string) => void;
  /** A first option with the value '' (a filter's "any"). */
  emptyLabel?: string;
  className?: string;
  'data-testid'?: string;
}

/** A labelled native select over a list of options: the corp, chat, sender and language choices. */
export function OptionSelect({
  label,
  labelHidden = false,
  value,
  options,
  onChange,
  emptyLabel,
  className = 'input',
  'data-testid': testId,
}: OptionSelectProps) {
  const id = useId();
  return (
    <>
      <label htmlFor={id} className={labelHidden ? 'visually-hidden' : undefined}>
        {label}
      </label>
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
    </>
  );
}
