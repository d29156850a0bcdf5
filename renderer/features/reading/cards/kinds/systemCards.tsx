import { useTranslation } from 'react-i18next';
import type { BodyOf } from '../../../../../main/common/message';
import { CardFrame, formatDuration, type CardProps, type CardTable } from '../cardParts';

/** System lines are drawn by the timeline item; inside a record they read as text. */
function SystemLine({ body }: { body: BodyOf<'revoke' | 'agree' | 'disagree' | 'switch'> }) {
  const { t } = useTranslation();
  return <span className="muted">{t(`reading.type.${body.kind}`)}</span>;
}

function VoiptextCard({ body }: CardProps<'voiptext'>) {
  const { t } = useTranslation();
  const title =
    body.inviteType !== null && body.inviteType >= 1 && body.inviteType <= 4
      ? t(`reading.card.inviteType${body.inviteType}`)
      : t('reading.type.voiptext');
  return (
    <CardFrame kind="voiptext" title={`📞 ${title}`}>
      {body.durationSec !== null ? (
        <div>{t('reading.card.callDuration', { duration: formatDuration(body.durationSec) })}</div>
      ) : null}
    </CardFrame>
  );
}

export const systemCards: CardTable<'revoke' | 'agree' | 'disagree' | 'switch' | 'voiptext'> = {
  revoke: SystemLine,
  agree: SystemLine,
  disagree: SystemLine,
  switch: SystemLine,
  voiptext: VoiptextCard,
};
