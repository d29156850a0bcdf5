import { ProblemText } from '../../ui/ProblemText';

/**
 * The end of a review dialog's form (tag, note, add to case): the problem, if any, announced; Cancel;
 * the submit button.
 */
export function DialogFooter({
  problem = null,
  cancelLabel,
  onCancel,
  submitLabel,
  submitDisabled,
  submitTestId,
}: {
  problem?: string | null;
  cancelLabel: string;
  onCancel: () => void;
  submitLabel: string;
  submitDisabled: boolean;
  submitTestId?: string;
}) {
  return (
    <>
      <ProblemText problem={problem} />
      <div className="modal__actions">
        <button type="button" className="button button--secondary" onClick={onCancel}>
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
    </>
  );
}
