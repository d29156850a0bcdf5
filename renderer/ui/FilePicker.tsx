import { useId, useRef } from 'react';
import type { ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import './fields.css';

export interface FilePickerProps {
  id?: string;
  accept?: string;
  /** The chosen file's name, shown beside the button ("no file chosen" in the app's language otherwise). */
  fileName: string | null;
  onChange: (event: ChangeEvent<HTMLInputElement>) => void;
  'aria-describedby'?: string | undefined;
  disabled?: boolean;
}

/**
 * A file chooser whose visible words are the app's, in the app's language: the browser's own
 * "Choose File / No file chosen" follow the browser's locale. The native input stays in the page
 * (keyboard focus, the label's `for`, screen readers) but is visually hidden behind our button.
 */
export function FilePicker({ id, accept, fileName, onChange, disabled, ...rest }: FilePickerProps) {
  const { t } = useTranslation();
  const fallbackId = useId();
  const inputId = id ?? fallbackId;
  const input = useRef<HTMLInputElement>(null);
  const statusId = `${inputId}-chosen`;
  return (
    <span className="file-picker">
      <input
        ref={input}
        id={inputId}
        type="file"
        className="visually-hidden"
        accept={accept}
        disabled={disabled}
        onChange={onChange}
        aria-describedby={[rest['aria-describedby'], statusId].filter(Boolean).join(' ')}
      />
      <button
        type="button"
        className="button"
        disabled={disabled}
        aria-hidden="true"
        tabIndex={-1}
        onClick={() => input.current?.click()}
      >
        {t('ui.filePicker.choose')}
      </button>
      <span className="file-picker__name muted small" id={statusId} dir="auto">
        {fileName ?? t('ui.filePicker.none')}
      </span>
    </span>
  );
}
