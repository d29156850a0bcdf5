import { useTranslation } from 'react-i18next';
import { Button } from './Button';

export interface InlineConfirmProps {
  /** The question, shown and used as the group's accessible name. */
  question: string;
  onConfirm: () => void;
  onCancel: () => void;
}

/** A destructive action's second step, in place of its button: the question, Confirm and Cancel. */
export function InlineConfirm({ question, onConfirm, onCancel }: InlineConfirmProps) {
  const { t } = useTranslation();
  return (
    <div className="inline-confirm" role="group" aria-label={question}>
      <span>{question}</span>
      <Button variant="danger" onClick={onConfirm}>
        {t('common.confirm')}
      </Button>
      <Button variant="ghost" onClick={onCancel}>
        {t('common.cancel')}
      </Button>
    </div>
  );
}
