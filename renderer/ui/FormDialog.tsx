import type { ReactNode, RefObject } from 'react';
import { ModalDialog } from './Overlay';
import { ProblemText } from './ProblemText';

export interface FormDialogProps {
  title: ReactNode;
  /** Escape and Cancel. */
  onClose: () => void;
  /** The form is submitted (its default is prevented). */
  onSubmit: () => void;
  cancelLabel: string;
  submitLabel: string;
  submitDisabled: boolean;
  submitTestId?: string;
  /** Shown, announced, above the buttons. */
  problem?: string | null;
  testId?: string | undefined;
  initialFocus?: RefObject<HTMLElement | null> | undefined;
  className?: string;
  children: ReactNode;
  /** What comes below the buttons (a note's earlier versions). */
  after?: ReactNode;
}

/**
 * A modal dialog that is one form (tag, note, add to case): its title, the fields, the problem if
 * any, Cancel and the submit button.
 */
export function FormDialog({
  title,
  onClose,
  onSubmit,
  cancelLabel,
  submitLabel,
  submitDisabled,
  submitTestId,
  problem = null,
  testId,
  initialFocus,
  className,
  children,
  after,
}: FormDialogProps) {
  return (
    <ModalDialog title={title} onClose={onClose} testId={testId} initialFocus={initialFocus}>
      <form
        className={className}
        onSubmit={(event) => {
          event.preventDefault();
          onSubmit();
        }}
      >
        {children}
        <ProblemText problem={problem} />
        <div className="modal__actions">
          <button type="button" className="button button--secondary" onClick={onClose}>
            {cancelLabel}
          </button>
          <button
            type="submit"
            className="button button--primary"
            disabled={submitDisabled}
            data-testid={submitTestId}
          >
            {submitLabel}
          </button>
        </div>
        {after}
      </form>
    </ModalDialog>
  );
}
