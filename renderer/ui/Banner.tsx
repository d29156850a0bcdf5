import type { ReactNode } from 'react';

export interface BannerProps {
  tone: 'info' | 'warning' | 'danger' | 'success';
  title?: ReactNode;
  children?: ReactNode;
  actions?: ReactNode;
}

/** A message across the content. Warnings and errors are live regions so they are announced. */
export function Banner({ tone, title, children, actions }: BannerProps) {
  const urgent = tone === 'warning' || tone === 'danger';
  return (
    <div className={`banner banner--${tone}`} role={urgent ? 'alert' : 'status'}>
      <div className="banner__body">
        {title ? <div className="banner__title">{title}</div> : null}
        {children ? <div className="banner__text">{children}</div> : null}
      </div>
      {actions ? <div className="banner__actions">{actions}</div> : null}
    </div>
  );
}
