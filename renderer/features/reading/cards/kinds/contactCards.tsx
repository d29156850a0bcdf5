import { useTranslation } from 'react-i18next';
import { CardFrame, Field, Line, type CardProps, type CardTable } from '../cardParts';

function ContactCard({ body, ctx }: CardProps<'card'>) {
  const { t } = useTranslation();
  return (
    <CardFrame kind="card" title={t('reading.type.card')}>
      {body.corpname !== null ? <Field label={t('reading.card.corpname')}>{body.corpname}</Field> : null}
      {body.userid !== null ? (
        <Field label={t('reading.card.cardUser')}>
          {ctx.nameOf(body.userid)} <code>{body.userid}</code>
        </Field>
      ) : null}
    </CardFrame>
  );
}

function LocationCard({ body }: CardProps<'location'>) {
  const { t } = useTranslation();
  const valid =
    body.latitude !== null &&
    body.longitude !== null &&
    Math.abs(body.latitude) <= 90 &&
    Math.abs(body.longitude) <= 180;
  return (
    <CardFrame kind="location" title={<bdi>{body.title ?? t('reading.type.location')}</bdi>}>
      <Line text={body.address} />
      <div className="muted small">
        {t(valid ? 'reading.card.coordinates' : 'reading.card.coordinatesInvalid', {
          longitude: body.longitude ?? '—',
          latitude: body.latitude ?? '—',
        })}
        {body.zoom !== null ? ` · ${t('reading.card.zoom', { zoom: body.zoom })}` : ''}
      </div>
    </CardFrame>
  );
}

export const contactCards: CardTable<'card' | 'location'> = { card: ContactCard, location: LocationCard };
