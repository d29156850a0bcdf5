import { useTranslation } from 'react-i18next';
import { collectFieldLabel } from '../../../../i18n/messageLabels';
import { CardFrame, Field, IdField, Line, fmtTime, type CardProps, type CardTable } from '../cardParts';
import { ExternalLink } from '../ExternalLink';
import { RichText } from '../RichText';

function TodoCard({ body }: CardProps<'todo'>) {
  const { t } = useTranslation();
  return (
    <CardFrame kind="todo" title={t('reading.type.todo')}>
      {body.content !== null ? <RichText text={body.content} /> : null}
      {body.title !== null ? <Field label={t('reading.card.todoFrom')}>{body.title}</Field> : null}
    </CardFrame>
  );
}

function VoteCard({ body }: CardProps<'vote'>) {
  const { t } = useTranslation();
  return (
    <CardFrame
      kind="vote"
      title={`${t('reading.type.vote')} · ${body.voteType === 102 ? t('reading.card.voteJoin') : t('reading.card.voteStart')}`}
    >
      <Line className="strong" text={body.title} />
      <ul className="plain-list">
        {body.options.map((option, i) => (
          // The list's own marker is the bullet; a "○" in the text made it two.
          <li key={i}>
            <bdi dir="auto">{option}</bdi>
          </li>
        ))}
      </ul>
      <IdField label={t('reading.card.voteId')} id={body.voteId} />
    </CardFrame>
  );
}

function CollectCard({ body, ctx }: CardProps<'collect'>) {
  const { t } = useTranslation();
  return (
    <CardFrame
      kind="collect"
      title={
        <>
          {t('reading.type.collect')} · <bdi dir="auto">{body.title ?? ''}</bdi>
        </>
      }
    >
      <div className="muted small">
        {t('reading.card.collectBy', {
          creator: body.creator ? ctx.nameOf(body.creator) : '—',
          time: body.createTime ?? '—',
        })}
        {body.roomName ? (
          <>
            {` · ${t('reading.card.collectRoom')} `}
            <bdi dir="auto">{body.roomName}</bdi>
          </>
        ) : null}
      </div>
      <ol className="plain-list">
        {body.details.map((detail, i) => (
          <li key={i}>
            <bdi dir="auto">{detail.ques ?? '—'}</bdi>{' '}
            <span className="muted">({collectFieldLabel(t, detail.type)})</span>
          </li>
        ))}
      </ol>
    </CardFrame>
  );
}

function CalendarCard({ body, ctx }: CardProps<'calendar'>) {
  const { t } = useTranslation();
  return (
    <CardFrame kind="calendar" title={<bdi>📅 {body.title ?? t('reading.type.calendar')}</bdi>}>
      <Field label={t('reading.card.time')}>
        {fmtTime(body.start, ctx)} – {fmtTime(body.end, ctx)}
      </Field>
      {body.creator ? <Field label={t('reading.card.creator')}>{body.creator}</Field> : null}
      {body.attendees.length > 0 ? (
        <Field label={t('reading.card.attendees')}>{body.attendees.join('、')}</Field>
      ) : null}
      {body.place ? <Field label={t('reading.card.address')}>{body.place}</Field> : null}
      {body.remarks ? <Field label={t('reading.card.remarks')}>{body.remarks}</Field> : null}
    </CardFrame>
  );
}

function MeetingCard({ body, ctx }: CardProps<'meeting'>) {
  const { t } = useTranslation();
  return (
    <CardFrame
      kind="meeting"
      title={`${t('reading.type.meeting')} · ${body.meetingType === 102 ? t('reading.card.meetingHandle') : t('reading.card.meetingStart')}`}
    >
      <Line className="strong" text={body.topic} />
      <Field label={t('reading.card.time')}>
        {fmtTime(body.start, ctx)} – {fmtTime(body.end, ctx)}
      </Field>
      {body.address ? <Field label={t('reading.card.address')}>{body.address}</Field> : null}
      {body.remarks ? <Field label={t('reading.card.remarks')}>{body.remarks}</Field> : null}
      {body.status !== null && body.meetingType === 102 ? (
        <div className="muted small">
          {t('reading.card.meetingStatus', {
            status:
              body.status >= 1 && body.status <= 7
                ? t(`reading.card.meetingStatus${body.status}`)
                : body.status,
          })}
        </div>
      ) : null}
      <IdField label={t('reading.card.meetingId')} id={body.meetingId} />
    </CardFrame>
  );
}

function MeetingNotificationCard({ body }: CardProps<'meeting_notification'>) {
  const { t } = useTranslation();
  return (
    <CardFrame kind="meeting_notification" title={t('reading.type.meeting_notification')}>
      {body.content !== null ? <RichText text={body.content} /> : null}
      <div className="muted small">
        {body.notificationType !== null
          ? t('reading.card.notificationType', { type: body.notificationType })
          : ''}
        {body.meetingId !== null ? ` · ${t('reading.card.meetingId')} ${body.meetingId}` : ''}
      </div>
    </CardFrame>
  );
}

/** 接龙: its structure is undocumented (docs/wecom-sdk.md §4.1); title, text and any entries found. */
function SolitaireCard({ body, ctx }: CardProps<'solitaire'>) {
  const { t } = useTranslation();
  return (
    <CardFrame kind="solitaire" title={<bdi>{`${t('reading.type.solitaire')} · ${body.title ?? ''}`}</bdi>}>
      {body.content !== null ? <RichText text={body.content} /> : null}
      {body.entries.length > 0 ? (
        <Field label={t('reading.card.solitaireEntries', { count: body.entries.length })}>
          <ol className="plain-list">
            {body.entries.map((entry, i) => (
              <li key={i}>
                {entry.userid !== null ? ctx.nameOf(entry.userid) : '—'}
                {entry.content !== null ? (
                  <>
                    {' '}
                    <bdi>{entry.content}</bdi>
                  </>
                ) : null}
              </li>
            ))}
          </ol>
        </Field>
      ) : null}
      <div className="muted small">{t('reading.card.undocumentedType')}</div>
    </CardFrame>
  );
}

/** 笔记: its structure is undocumented (docs/wecom-sdk.md §4.1); title, text and link. */
function NoteCard({ body }: CardProps<'note'>) {
  const { t } = useTranslation();
  return (
    <CardFrame kind="note" title={<bdi>📝 {body.title ?? t('reading.type.note')}</bdi>}>
      {body.content !== null ? <RichText text={body.content} /> : null}
      {body.url !== null ? <ExternalLink url={body.url} /> : null}
      <div className="muted small">{t('reading.card.undocumentedType')}</div>
    </CardFrame>
  );
}

export const officeCards: CardTable<
  'todo' | 'vote' | 'collect' | 'calendar' | 'meeting' | 'meeting_notification' | 'solitaire' | 'note'
> = {
  todo: TodoCard,
  vote: VoteCard,
  collect: CollectCard,
  calendar: CalendarCard,
  meeting: MeetingCard,
  meeting_notification: MeetingNotificationCard,
  solitaire: SolitaireCard,
  note: NoteCard,
};
