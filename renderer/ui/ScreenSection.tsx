import type { ReactNode } from 'react';
import { Section, type SectionProps } from './Section';

export interface ScreenSectionProps extends SectionProps {
  id: string;
  testId: string;
  /** The screen's class: `screen` (the app's column) unless the screen lays itself out. */
  className?: string;
  /** The page's main landmark, named by the section's heading. */
  landmark?: boolean;
  /** What the screen shows beside its section: the dialogs it opens. */
  after?: ReactNode;
  /** More data attributes on the screen (which case it shows). */
  data?: Readonly<Record<`data-${string}`, string>>;
}

/** A screen that is one titled section (cases, a case, audit, alerts, rules). */
export function ScreenSection({
  id,
  testId,
  className = 'screen',
  landmark = false,
  after,
  data,
  ...section
}: ScreenSectionProps) {
  const content = (
    <>
      <Section id={id} {...section} />
      {after}
    </>
  );
  return landmark ? (
    <main className={className} aria-labelledby={`${id}-title`} data-testid={testId} {...data}>
      {content}
    </main>
  ) : (
    <div className={className} data-testid={testId} {...data}>
      {content}
    </div>
  );
}
