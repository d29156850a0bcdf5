import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/formatTime';
import { Field } from '../../ui/Field';
import { ModalDialog } from '../../ui/Overlay';
import { useAppServices } from '../appServices';
import { useLocale } from '../useLocale';
import { DialogFooter } from './DialogFooter';
import type { MessageRef } from './markTables';
import { NOTE_MAX, type NoteRevision } from './marks';

/**
 * `n`: the message's note, several lines, opened from its sealed form; saving keeps the text it
 * replaces in the history listed below (Ctrl/⌘+Enter saves).
 */
export function NoteDialog({ target, onClose }: { target: MessageRef; onClose: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { marks } = useAppServices();
  const id = useId();
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
    if (text === null) return;
    try {
      await marks.saveNote(target, text);
      onClose();
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void save();
  };

  return (
    <ModalDialog labelledBy={`${id}-title`} onClose={onClose} testId="note-dialog" initialFocus={area}>
      <form onSubmit={onSubmit} className="note-dialog">
        <h2 id={`${id}-title`}>{t('review.noteDialog.title')}</h2>
        <Field label={t('review.noteDialog.text')} hint={t('review.noteDialog.sealed')}>
          {(field) => (
            <textarea
              ref={area}
              id={field.id}
              aria-describedby={field.describedBy}
              className="input note-dialog__text"
              rows={6}
              maxLength={NOTE_MAX}
              value={text ?? ''}
              disabled={text === null}
              onChange={(event) => setText(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
                  event.preventDefault();
                  void save();
                }
              }}
              data-testid="note-text"
            />
          )}
        </Field>
        <DialogFooter
          problem={problem}
          cancelLabel={t('review.noteDialog.cancel')}
          onCancel={onClose}
          submitLabel={t('review.noteDialog.save')}
          submitDisabled={text === null}
          submitTestId="note-save"
        />
        <details className="note-dialog__history">
          <summary>{t('review.noteDialog.history')}</summary>
          {history.length === 0 ? <p className="muted small">{t('review.noteDialog.noHistory')}</p> : null}
          <ol>
            {history.map((revision) => (
              <li key={revision.revision}>
                <div className="muted small">
                  {t('review.noteDialog.revision', {
                    revision: revision.revision,
                    time: formatDateTime(revision.at, locale),
                    name: revision.by,
                  })}
                </div>
                <pre className="note-dialog__old">{revision.text}</pre>
              </li>
            ))}
          </ol>
        </details>
      </form>
    </ModalDialog>
  );
}
