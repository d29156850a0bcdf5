import type { ReactNode } from 'react';

export interface CheckboxProps {
  label: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  /** The label's class: how the box and its text sit (`checkbox` by default). */
  className?: string;
  testId?: string | undefined;
}

/** A check box with its label after it, the whole label clickable. */
export function Checkbox({ label, checked, onChange, className = 'checkbox', testId }: CheckboxProps) {
  return (
    <label className={className}>
      <input
        type="checkbox"
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
        data-testid={testId}
      />
      {label}
    </label>
  );
}
