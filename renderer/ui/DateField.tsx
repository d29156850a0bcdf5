import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dayInRange, parseDayText } from './dateText';
import './fields.css';

export interface DateFieldProps {
  id?: string;
  /** The day as ISO "YYYY-MM-DD", or '' for none. */
  value: string;
  /** Called with an ISO day once a whole valid day is typed, '' when cleared. */
  onChange: (day: string) => void;
  min?: string;
  max?: string;
  className?: string;
  'aria-label'?: string | undefined;
  'aria-describedby'?: string | undefined;
  'data-testid'?: string;
}

/**
 * A date field whose every visible word is the app's own, in the app's language (the browser's
 * `<input type="date">` shows its own `mm/dd/yyyy` and month names in the browser's locale, not the
 * app's). The day is typed as 年-月-日 (2026-12-04, 2026/12/4, 2026年12月4日 all work) and applies
 * once it is a whole day; a text that is not a day says so under the field and is not applied.
 */
export function DateField({
  id,
  value,
  onChange,
  min,
  max,
  className,
  'aria-label': ariaLabel,
  'aria-describedby': describedBy,
  'data-testid': testId,
}: DateFieldProps) {
  const { t } = useTranslation();
  const [text, setText] = useState(value);
  const [problem, setProblem] = useState<string | null>(null);

  // The day this field last reported: its echo as `value` must not rewrite what is being typed.
  const reported = useRef(value);
  // A new value from outside (cleared filters, a restored search) replaces what is typed.
  useEffect(() => {
    if (value === reported.current) return;
    reported.current = value;
    setText(value);
    setProblem(null);
  }, [value]);

  const report = (day: string) => {
    reported.current = day;
    if (day !== value) onChange(day);
  };

  const commit = () => {
    if (text.trim() === '') {
      setProblem(null);
      report('');
      return;
    }
    const day = parseDayText(text);
    if (day === null) {
      setProblem(t('ui.dateField.invalid', { text: text.trim() }));
      return;
    }
    if (!dayInRange(day, min, max)) {
      setProblem(t('ui.dateField.outOfRange', { min: min ?? '…', max: max ?? '…' }));
      return;
    }
    setProblem(null);
    setText(day);
    report(day);
  };

  // A whole valid day applies as soon as it is typed (or pasted); a problem is said only on Enter or
  // leaving the field, not while the user is still typing.
  const type = (next: string) => {
    setText(next);
    const day = parseDayText(next);
    if (day !== null && dayInRange(day, min, max)) {
      setProblem(null);
      report(day);
    } else if (next.trim() === '') {
      setProblem(null);
      report('');
    }
  };

  const problemId = id ? `${id}-problem` : undefined;
  return (
    <span className={['date-field', className].filter(Boolean).join(' ')}>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        className="input input--small date-field__input"
        placeholder={t('ui.dateField.placeholder')}
        title={t('ui.dateField.hint')}
        value={text}
        size={11}
        aria-label={ariaLabel}
        aria-invalid={problem ? true : undefined}
        aria-describedby={
          [describedBy, problem ? problemId : undefined].filter(Boolean).join(' ') || undefined
        }
        data-testid={testId}
        onChange={(event) => type(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            commit();
          }
        }}
      />
      {problem ? (
        <span className="date-field__problem small" id={problemId} role="alert">
          {problem}
        </span>
      ) : null}
    </span>
  );
}
