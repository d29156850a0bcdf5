import type { InputHTMLAttributes, ReactNode, Ref } from 'react';
import { Field } from './Field';

export interface TextFieldProps extends Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'id' | 'value' | 'onChange' | 'children'
> {
  label: string;
  hint?: ReactNode;
  error?: string | null | undefined;
  value: string;
  onChange: (value: string) => void;
  testId?: string | undefined;
  ref?: Ref<HTMLInputElement> | undefined;
}

/**
 * A one-line input in a `Field`: labelled, its hint and error tied to it; every other input attribute
 * (type, className, maxLength, autoComplete, spellCheck…) is passed through as given.
 */
export function TextField({ label, hint, error, value, onChange, testId, ref, ...input }: TextFieldProps) {
  return (
    <Field label={label} hint={hint} error={error}>
      {({ control }) => (
        <input
          ref={ref}
          {...control}
          {...input}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          data-testid={testId}
        />
      )}
    </Field>
  );
}

/** A folder path, a file name or a fingerprint: typed as written, no spell checking. */
export function PathField(props: TextFieldProps) {
  return <TextField type="text" spellCheck={false} {...props} />;
}
