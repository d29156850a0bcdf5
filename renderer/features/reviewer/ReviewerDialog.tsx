import { useEffect, useRef, useState, type FormEvent, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditReviewer } from '../../../main/common/audit/auditChain';
import { Button } from '../../ui/Button';
import { TextField } from '../../ui/TextField';
import { ModalDialog, Portal } from '../../ui/Overlay';
import { useAppServices } from '../appServices';
import { parseReviewer, type ReviewerProblem } from './reviewerIdentity';

/**
 * Asks the reviewer's name and optional employee id: on first use (it cannot be dismissed then) and,
 * as a modal dialog, when switching from the header. The change is the trail's entry `reviewer.changed`, recorded under
 * the new reviewer with the previous one as `before`.
 */
export function ReviewerDialog({
  current,
  onDone,
}: {
  current: AuditReviewer | null;
  /** Called after a save or a cancel; absent on first use, where only a save closes it. */
  onDone?: () => void;
}) {
  const { t } = useTranslation();
  const { reviewer, auditTrail } = useAppServices();
  const [name, setName] = useState(current?.name ?? '');
  const [employeeId, setEmployeeId] = useState(current?.employeeId ?? '');
  const [problem, setProblem] = useState<ReviewerProblem | null>(null);
  const nameRef = useRef<HTMLInputElement>(null);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseReviewer(name, employeeId);
    if (!parsed.ok) {
      setProblem(parsed.problem);
      nameRef.current?.focus();
      return;
    }
    const before = reviewer.reviewer;
    reviewer.set(parsed.reviewer);
    void auditTrail.append(
      'reviewer.changed',
      {},
      { before: before ? { ...before } : null, after: { ...parsed.reviewer } },
    );
    onDone?.();
  };
  const nameError = problem && problem !== 'employee-id-too-long' ? t(`reviewer.problem.${problem}`) : null;
  const idError = problem === 'employee-id-too-long' ? t(`reviewer.problem.${problem}`) : null;

  const form = (
    <form onSubmit={onSubmit} noValidate>
      <h2 id="reviewer-dialog-title">{current ? t('reviewer.switchTitle') : t('reviewer.dialogTitle')}</h2>
      <p>{t('reviewer.dialogIntro')}</p>
      <TextField
        ref={nameRef}
        label={t('reviewer.name')}
        error={nameError}
        className="input"
        value={name}
        maxLength={200}
        autoComplete="name"
        onChange={setName}
      />
      <TextField
        label={t('reviewer.employeeId')}
        error={idError}
        className="input"
        value={employeeId}
        maxLength={200}
        onChange={setEmployeeId}
      />
      <div className="modal__actions">
        {onDone ? (
          <button type="button" className="button button--secondary" onClick={onDone}>
            {t('reviewer.cancel')}
          </button>
        ) : null}
        <Button variant="primary" type="submit">
          {t('reviewer.save')}
        </Button>
      </div>
    </form>
  );
  if (!onDone) return <FirstUsePanel nameRef={nameRef}>{form}</FirstUsePanel>;
  return (
    <ModalDialog
      labelledBy="reviewer-dialog-title"
      onClose={onDone}
      testId="reviewer-dialog"
      initialFocus={nameRef}
    >
      {form}
    </ModalDialog>
  );
}

/**
 * The first-use dialog stays open until a name is given, but does not block the app behind it
 * (navigation and reading keep working): entries recorded before it is answered name nobody.
 */
function FirstUsePanel({
  nameRef,
  children,
}: {
  nameRef: RefObject<HTMLInputElement | null>;
  children: ReactNode;
}) {
  useEffect(() => {
    nameRef.current?.focus();
  }, [nameRef]);
  return (
    <Portal>
      <div
        className="reviewer-first-use"
        role="dialog"
        aria-labelledby="reviewer-dialog-title"
        data-testid="reviewer-dialog"
      >
        {children}
      </div>
    </Portal>
  );
}
