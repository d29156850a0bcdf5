import { useTranslation } from 'react-i18next';
import { msgtypeLabel } from '../../../../i18n/messageLabels';
import type { CardProps, CardTable } from '../cardParts';

/** A message without a typed body: what is wrong, and the raw JSON as is. */
function UnsupportedCard({ body, ctx }: CardProps<'unsupported'>) {
  const { t } = useTranslation();
  return (
    <div className="msg-card msg-card--unsupported" data-card="unsupported" data-testid="unsupported-card">
      <div className="msg-card__title">
        {body.reason === 'malformed'
          ? t('reading.unsupported.malformed', { msgtype: msgtypeLabel(t, body.msgtype) })
          : body.reason === 'not-json'
            ? t('reading.unsupported.notJson')
            : t('reading.unsupported.title', { msgtype: body.msgtype || '—' })}
      </div>
      <div className="muted small">{t('reading.unsupported.hint')}</div>
      <pre className="raw-json raw-json--inline" tabIndex={0}>
        {ctx.raw}
      </pre>
    </div>
  );
}

export const unsupportedCards: CardTable<'unsupported'> = { unsupported: UnsupportedCard };
