export interface ProgressBarProps {
  value: number;
  max: number;
  label: string;
  /** Text after the bar, e.g. "120 / 480". */
  detail?: string;
}

/** A native <progress> (no inline styles, which the CSP forbids), labelled for assistive tech. */
export function ProgressBar({ value, max, label, detail }: ProgressBarProps) {
  return (
    <div className="progress">
      <div className="progress__label">{label}</div>
      <progress
        className="progress__bar"
        value={max > 0 ? value : undefined}
        max={max > 0 ? max : undefined}
        aria-label={label}
      />
      {detail ? <div className="progress__detail">{detail}</div> : null}
    </div>
  );
}
