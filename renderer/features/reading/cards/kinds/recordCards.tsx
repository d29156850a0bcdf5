import { useTranslation } from 'react-i18next';
import { recordItemLabel } from '../../../../i18n/messageLabels';
import { formatDateTime } from '../../../../lib/formatTime';
import { CardFrame, type CardProps, type CardTable } from '../cardParts';

function ChatRecordCard({ body, ctx, Body }: CardProps<'chatrecord'>) {
  const { t } = useTranslation();
  return (
    <CardFrame kind="chatrecord" title={<bdi>{body.title ?? t('reading.type.chatrecord')}</bdi>}>
      <details className="record">
        <summary>{t('reading.card.recordItems', { count: body.items.length })}</summary>
        <ol className="record__items">
          {body.items.map((item, i) => (
            <li key={i} className="record-item">
              <div className="record-item__meta muted">
                {item.msgtime !== null
                  ? formatDateTime(item.msgtime, ctx.locale, ctx.timeZone)
                  : t('reading.timeline.unknownTime')}
                {item.fromChatroom ? ` · ${t('reading.card.fromChatroom')}` : ''} ·{' '}
                {recordItemLabel(t, item.type)}
              </div>
              <Body body={item.body} ctx={ctx} />
            </li>
          ))}
        </ol>
      </details>
    </CardFrame>
  );
}

function MixedCard({ body, ctx, Body }: CardProps<'mixed'>) {
  return (
    <div className="mixed" data-card="mixed">
      {body.items.map((item, i) => (
        <div key={i} className="mixed__item">
          <Body body={item} ctx={ctx} />
        </div>
      ))}
    </div>
  );
}

export const recordCards: CardTable<'chatrecord' | 'mixed'> = {
  chatrecord: ChatRecordCard,
  mixed: MixedCard,
};
