import { useState, type ReactNode, type RefObject } from 'react';
import { ModalDialog } from './Overlay';
import { ProblemText } from './ProblemText';

export interface FormDialogProps {
  title: ReactNode;
  /** Escape and Cancel. */
  onClose: () => void;
  /**
   * The form is submitted (its default prevented). When it resolves the dialog closes, unless it
   * resolves to a problem to show; when it fails, the failure is shown.
   */
  onSubmit: () => Promise<string | void>;
  cancelLabel: string;
  submitLabel: string;
  submitDisabled: boolean;
  submitTestId?: string;
  /** A problem from outside the submit (loading what the form edits), shown the same way. */
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
  const [failure, setFailure] = useState<string | null>(null);
  const submit = async () => {
    try {
      const shown = await onSubmit();
      if (shown) setFailure(shown);
      else onClose();
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    }
  };
  return (
    <ModalDialog title={title} onClose={onClose} testId={testId} initialFocus={initialFocus}>
      <form
        className={className}
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        {children}
        <ProblemText problem={problem ?? failure} />
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
