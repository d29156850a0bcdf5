import { useTranslation } from 'react-i18next';
import { CardFrame, Line, type CardProps, type CardTable } from '../cardParts';

function RedpacketCard({ body }: CardProps<'redpacket'>) {
  const { t } = useTranslation();
  const packetType =
    body.packetType !== null && body.packetType >= 1 && body.packetType <= 3
      ? t(`reading.card.redpacketType${body.packetType}`)
      : (body.packetType ?? '');
  return (
    <CardFrame
      kind="redpacket"
      title={`🧧 ${t(body.external ? 'reading.type.external_redpacket' : 'reading.type.redpacket')} · ${packetType}`}
    >
      <Line text={body.wish} />
      <div className="muted small">
        {body.totalAmount !== null
          ? t('reading.card.amount', { amount: (body.totalAmount / 100).toFixed(2) })
          : ''}
        {body.totalCount !== null ? ` · ${t('reading.card.packets', { count: body.totalCount })}` : ''}
      </div>
    </CardFrame>
  );
}

export const redpacketCards: CardTable<'redpacket'> = { redpacket: RedpacketCard };
