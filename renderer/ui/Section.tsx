import type { ReactNode } from 'react';

export interface SectionProps {
  title: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  /** For aria-labelledby on landmarks and tests. */
  id?: string;
}

/** A titled card: the unit the screens are built from. */
export function Section({ title, actions, children, id }: SectionProps) {
  const headingId = id ? `${id}-title` : undefined;
  return (
    <section className="section" aria-labelledby={headingId} id={id}>
      <header className="section__header">
        <h2 className="section__title" id={headingId}>
          {title}
        </h2>
        {actions ? <div className="section__actions">{actions}</div> : null}
      </header>
      <div className="section__body">{children}</div>
    </section>
  );
}
