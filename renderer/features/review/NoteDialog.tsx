import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/formatTime';
import { Field } from '../../ui/Field';
import { FormDialog } from '../../ui/FormDialog';
import { useAppServices } from '../appServices';
import { useLocale } from '../useLocale';
import type { MessageRef } from './markTables';
import { NOTE_MAX, type NoteRevision } from './marks';
import { selectTimeZone, useAppState } from '../../state';

/**
 * `n`: the message's note, several lines, opened from its sealed form; saving keeps the text it
 * replaces in the history listed below (Ctrl/⌘+Enter saves).
 */
export function NoteDialog({ target, onClose }: { target: MessageRef; onClose: () => void }) {
  const { t } = useTranslation();
  const { marks } = useAppServices();
  const area = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState<string | null>(null);
  const [history, setHistory] = useState<NoteRevision[]>([]);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    void Promise.all([marks.readNote(target), marks.noteHistory(target)]).then(
      ([note, earlier]) => {
        if (cancelled) return;
        setText(note?.text ?? '');
        setHistory(earlier);
        requestAnimationFrame(() => area.current?.focus());
      },
      (error: unknown) => !cancelled && setProblem(String(error)),
    );
    return () => {
      cancelled = true;
    };
  }, [marks, target]);

  const save = async () => {
    if (text !== null) await marks.saveNote(target, text);
  };

  return (
    <FormDialog
      title={t('review.noteDialog.title')}
      onClose={onClose}
      onSubmit={save}
      cancelLabel={t('review.noteDialog.cancel')}
      submitLabel={t('review.noteDialog.save')}
      submitDisabled={text === null}
      submitTestId="note-save"
      problem={problem}
      testId="note-dialog"
      initialFocus={area}
      className="note-dialog"
      after={<NoteHistory history={history} />}
    >
      <Field label={t('review.noteDialog.text')} hint={t('review.noteDialog.sealed')}>
        {(field) => (
          <textarea
            ref={area}
            {...field.control}
            className="input note-dialog__text"
            rows={6}
            maxLength={NOTE_MAX}
            value={text ?? ''}
            disabled={text === null}
            onChange={(event) => setText(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
                event.preventDefault();
                event.currentTarget.form?.requestSubmit();
              }
            }}
            data-testid="note-text"
          />
        )}
      </Field>
    </FormDialog>
  );
}

/** The texts the note had before, each with when and by whom it was replaced. */
function NoteHistory({ history }: { history: readonly NoteRevision[] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const timeZone = useAppState(selectTimeZone);
  return (
    <details className="note-dialog__history">
      <summary>{t('review.noteDialog.history')}</summary>
      {history.length === 0 ? <p className="muted small">{t('review.noteDialog.noHistory')}</p> : null}
      <ol>
        {history.map((revision) => (
          <li key={revision.revision}>
            <div className="muted small">
              {t('review.noteDialog.revision', {
                revision: revision.revision,
                time: formatDateTime(revision.at, locale, timeZone),
                name: revision.by,
              })}
            </div>
            <pre className="note-dialog__old">{revision.text}</pre>
          </li>
        ))}
      </ol>
    </details>
  );
}
