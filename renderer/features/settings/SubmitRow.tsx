import type { ReactNode } from 'react';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';

/** What the last submit of a settings form did: saved, or why not. */
export interface FormOutcome {
  tone: 'success' | 'danger';
  text: string;
}

/**
 * The end of a settings form (corp, key import): the last submit's outcome, the submit button (busy
 * while it runs), then the form's other buttons.
 */
export function SubmitRow({
  outcome,
  label,
  busy,
  children,
}: {
  outcome: FormOutcome | null;
  label: string;
  busy: boolean;
  children?: ReactNode;
}) {
  return (
    <>
      {outcome ? <Banner tone={outcome.tone}>{outcome.text}</Banner> : null}
      <div className="button-row">
        <Button type="submit" variant="primary" busy={busy}>
          {label}
        </Button>
        {children}
      </div>
    </>
  );
}
