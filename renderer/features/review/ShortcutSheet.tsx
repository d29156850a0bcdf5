import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ModalDialog } from '../../ui/Overlay';

const KEYS = ['j', 'k', 'f', 'F', 't', 'n', 'r', 'x', 'c', '?'] as const;

/** `?`: the keyboard triage keys of the reading timeline, in a modal dialog. */
export function ShortcutSheet({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const close = useRef<HTMLButtonElement>(null);
  return (
    <ModalDialog
      title={t('review.shortcuts.title')}
      onClose={onClose}
      testId="shortcut-sheet"
      initialFocus={close}
    >
      <dl className="shortcut-sheet">
        {KEYS.map((key) => (
          <div key={key} className="shortcut-sheet__row">
            <dt>
              {key === 'F' ? (
                <>
                  <kbd>Shift</kbd> + <kbd>F</kbd>
                </>
              ) : (
                <kbd>{key}</kbd>
              )}
            </dt>
            <dd>{t(`review.shortcuts.keys.${key}`)}</dd>
          </div>
        ))}
        <div className="shortcut-sheet__row">
          <dt>
            <kbd>Shift</kbd> + {t('review.select')}
          </dt>
          <dd>{t('review.shortcuts.keys.shiftClick')}</dd>
        </div>
        <div className="shortcut-sheet__row">
          <dt>
            <kbd>Esc</kbd>
          </dt>
          <dd>{t('review.shortcuts.keys.escape')}</dd>
        </div>
      </dl>
      <div className="modal__actions">
        <button ref={close} type="button" className="button button--primary" onClick={onClose}>
          {t('review.shortcuts.close')}
        </button>
      </div>
    </ModalDialog>
  );
}
