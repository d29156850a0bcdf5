import type { ReactNode } from 'react';

export interface CountRow {
  key: string;
  /** What is counted: a badge or a plain label. */
  label: ReactNode;
  /** The count, already formatted for the locale. */
  value: string;
}

/** A short list of labelled counts (messages by decrypt status). */
export function CountList({ rows, label }: { rows: readonly CountRow[]; label?: string }) {
  return (
    <ul className="count-list" aria-label={label}>
      {rows.map((row) => (
        <li key={row.key}>
          {row.label}
          <span className="count-list__value">{row.value}</span>
        </li>
      ))}
    </ul>
  );
}
