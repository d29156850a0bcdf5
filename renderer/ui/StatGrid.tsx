import type { ReactNode } from 'react';

export interface Stat {
  label: string;
  value: ReactNode;
  /** Secondary line, e.g. the absolute time under a relative one. */
  detail?: ReactNode;
}

/** Label/value pairs as a description list. */
export function StatGrid({ stats }: { stats: Stat[] }) {
  return (
    <dl className="stats">
      {stats.map((stat) => (
        <div className="stats__item" key={stat.label}>
          <dt className="stats__label">{stat.label}</dt>
          <dd className="stats__value">
            {stat.value}
            {stat.detail ? <span className="stats__detail">{stat.detail}</span> : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}
