import { useId } from 'react';
import type { ReactNode } from 'react';

export interface FieldProps {
  label: string;
  hint?: ReactNode;
  error?: string | null | undefined;
  /** Renders the control with the ids that tie label, hint and error to it. */
  children: (ids: FieldIds) => ReactNode;
}

export interface FieldIds {
  id: string;
  describedBy: string | undefined;
  invalid: boolean;
  /** The same as attributes to spread on the control: `<input {...control} …/>`. */
  control: { id: string; 'aria-describedby': string | undefined; 'aria-invalid': true | undefined };
}

/** A labelled form control with its hint and error, announced to screen readers. */
export function Field({ label, hint, error, children }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={error ? 'field field--invalid' : 'field'}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {children({
        id,
        describedBy,
        invalid: Boolean(error),
        control: { id, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined },
      })}
      {hint ? (
        <div className="field__hint" id={hintId}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <div className="field__error" id={errorId} role="alert">
          {error}
        </div>
      ) : null}
    </div>
  );
}
