import { useTranslation } from 'react-i18next';
import type { BodyOf } from '../../../../../main/common/message';
import { Isolated, ShownControls } from '../../../../ui/ArchiveText';
import {
  CardFrame,
  Field,
  IdField,
  MediaFacts,
  fmtTime,
  type BodyContext,
  type CardProps,
  type CardTable,
} from '../cardParts';

/** Written out (not CardProps<union>): tsc measures CardProps invariant in its kind. */
function PlainMediaCard({
  body,
  ctx,
}: {
  body: BodyOf<'image' | 'voice' | 'video' | 'file'>;
  ctx: BodyContext;
}) {
  const { t } = useTranslation();
  return (
    <CardFrame kind={body.kind} title={t(`reading.type.${body.kind}`)}>
      <MediaFacts media={body.media} ctx={ctx} />
    </CardFrame>
  );
}

function EmotionCard({ body, ctx }: CardProps<'emotion'>) {
  const { t } = useTranslation();
  return (
    <CardFrame kind="emotion" title={t('reading.type.emotion')}>
      <div className="muted small">
        {body.emotionType === 2 ? 'PNG' : body.emotionType === 1 ? 'GIF' : ''}
        {body.width !== null && body.height !== null ? ` ${body.width}×${body.height}` : ''}
      </div>
      <MediaFacts media={body.media} ctx={ctx} />
    </CardFrame>
  );
}

function MeetingVoiceCallCard({ body, ctx }: CardProps<'meeting_voice_call'>) {
  const { t } = useTranslation();
  return (
    <CardFrame kind="meeting_voice_call" title={`🎙 ${t('reading.type.meeting_voice_call')}`}>
      <IdField label={t('reading.card.voiceid')} id={body.voiceid} />
      {body.end !== null ? (
        <div className="muted small">{t('reading.card.endedAt', { time: fmtTime(body.end, ctx) })}</div>
      ) : null}
      {body.docShares.length > 0 ? (
        <Field label={t('reading.card.docShares')}>
          {/* Each file name and person in its own isolated element, a name's controls shown. */}
          {body.docShares.map((d, i) => (
            <span key={i}>
              {i > 0 ? '；' : null}
              {d.filename !== null ? <ShownControls text={d.filename} /> : '—'} (
              {d.operator ? <Isolated text={ctx.nameOf(d.operator)} /> : '—'})
            </span>
          ))}
        </Field>
      ) : null}
      {body.screenShares.length > 0 ? (
        <Field label={t('reading.card.screenShares')}>
          {body.screenShares.map((d, i) => (
            <span key={i}>
              {i > 0 ? '；' : null}
              {d.user ? <Isolated text={ctx.nameOf(d.user)} /> : '—'} {fmtTime(d.start, ctx)}
            </span>
          ))}
        </Field>
      ) : null}
      {body.media ? <MediaFacts media={body.media} ctx={ctx} /> : null}
    </CardFrame>
  );
}

function VoipDocShareCard({ body, ctx }: CardProps<'voip_doc_share'>) {
  const { t } = useTranslation();
  return (
    <CardFrame kind="voip_doc_share" title={t('reading.type.voip_doc_share')}>
      <IdField label={t('reading.card.voipid')} id={body.voipid} />
      <MediaFacts media={body.media} ctx={ctx} />
    </CardFrame>
  );
}

export const mediaCards: CardTable<
  'image' | 'voice' | 'video' | 'file' | 'emotion' | 'meeting_voice_call' | 'voip_doc_share'
> = {
  image: PlainMediaCard,
  voice: PlainMediaCard,
  video: PlainMediaCard,
  file: PlainMediaCard,
  emotion: EmotionCard,
  meeting_voice_call: MeetingVoiceCallCard,
  voip_doc_share: VoipDocShareCard,
};
