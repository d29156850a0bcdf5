/** What went wrong with the action just taken, announced to screen readers; nothing when all is well. */
export function ProblemText({ problem }: { problem: string | null | undefined }) {
  return problem ? (
    <p className="danger-text" role="alert">
      {problem}
    </p>
  ) : null;
}
