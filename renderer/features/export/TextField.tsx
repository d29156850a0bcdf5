import { Field } from '../../ui/Field';

/** A labelled one-line text field for paths and fingerprints (no spell checking). */
export function TextField({
  label,
  value,
  onChange,
  testId,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  testId?: string;
}) {
  return (
    <Field label={label}>
      {({ id }) => (
        <input
          id={id}
          type="text"
          value={value}
          onChange={(event) => onChange(event.target.value)}
          spellCheck={false}
          data-testid={testId}
        />
      )}
    </Field>
  );
}
