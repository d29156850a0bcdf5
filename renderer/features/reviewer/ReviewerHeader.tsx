import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../ui/Button';
import { ReviewerDialog } from './ReviewerDialog';
import './reviewer.css';
import { useReviewer } from './useReviewer';

/**
 * The reviewer's name in the app header with its switch button (a shared workstation), and the
 * first-use dialog while nobody has named themselves on this profile.
 */
export function ReviewerHeader() {
  const { t } = useTranslation();
  const current = useReviewer();
  const [switching, setSwitching] = useState(false);
  const label = current
    ? current.employeeId
      ? `${current.name} (${current.employeeId})`
      : current.name
    : t('reviewer.unnamed');
  // The window's title bar (Electron shows the document's title) names the reviewer too.
  const title = `${t('app.title')} — ${label}`;
  useEffect(() => {
    document.title = title;
  }, [title]);
  return (
    <div className="reviewer-header" data-testid="reviewer-header">
      <span className="reviewer-header__name" data-testid="reviewer-name">
        {t('reviewer.current', { name: label })}
      </span>
      <Button variant="ghost" onClick={() => setSwitching(true)} data-testid="reviewer-switch">
        {t('reviewer.switch')}
      </Button>
      {!current ? <ReviewerDialog current={null} /> : null}
      {current && switching ? <ReviewerDialog current={current} onDone={() => setSwitching(false)} /> : null}
    </div>
  );
}
