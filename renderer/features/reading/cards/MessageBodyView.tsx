import { useTranslation } from 'react-i18next';
import type { ReactNode } from 'react';
import { formatDateTime } from '../../../lib/formatTime';
import type { ChatRecordEntry, MediaRef, MessageBody } from '../messages/messageTypes';
import { ExternalLink } from './ExternalLink';
import { MediaSlot } from './MediaSlot';
import { RichText } from './RichText';
import { SafeMarkdown } from './SafeMarkdown';

/** One card per body kind (SDK-SPEC §4). Every string from the message is rendered as text. */
export interface BodyContext {
  corpId: string;
  msgid: string;
  locale: string;
  nameOf: (id: string) => string;
  /** The raw JSON, for the unsupported card. */
  raw: string;
}

export function formatBytes(bytes: number, locale: string): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)} ${units[unit]}`;
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="card-field">
      <span className="card-field__label">{label}</span> <span className="card-field__value">{children}</span>
    </div>
  );
}

function CardFrame({ kind, title, children }: { kind: string; title: ReactNode; children?: ReactNode }) {
  return (
    <div className={`msg-card msg-card--${kind}`} data-card={kind}>
      <div className="msg-card__title">{title}</div>
      {children}
    </div>
  );
}

function MediaFacts({ media, ctx }: { media: MediaRef; ctx: BodyContext }) {
  const { t } = useTranslation();
  return (
    <div className="media-facts">
      {media.filename !== null ? (
        <div className="media-facts__name" dir="auto">
          <bdi>{media.filename}</bdi>
        </div>
      ) : null}
      <div className="media-facts__meta">
        {media.size !== null ? (
          <span>{t('reading.card.size', { size: formatBytes(media.size, ctx.locale) })}</span>
        ) : null}
        {media.durationSec !== null ? (
          <span>{t('reading.card.duration', { duration: formatDuration(media.durationSec) })}</span>
        ) : null}
        <span className="muted" title={media.md5sum}>
          {media.md5sum
            ? `${t('reading.card.md5')} ${media.md5sum.slice(0, 8)}…`
            : t('reading.card.md5Empty')}
        </span>
        <MediaSlot corpId={ctx.corpId} msgid={ctx.msgid} media={media} />
      </div>
    </div>
  );
}

function RawJson({ text }: { text: string }) {
  return (
    <pre className="raw-json raw-json--inline" tabIndex={0}>
      {text}
    </pre>
  );
}

const fmtTime = (ms: number | null, locale: string) => (ms === null ? '—' : formatDateTime(ms, locale));

function ChatRecordItemView({ item, ctx }: { item: ChatRecordEntry; ctx: BodyContext }) {
  const { t } = useTranslation();
  return (
    <li className="record-item">
      <div className="record-item__meta muted">
        {item.msgtime !== null ? formatDateTime(item.msgtime, ctx.locale) : t('reading.timeline.unknownTime')}
        {item.fromChatroom ? ` · ${t('reading.card.fromChatroom')}` : ''} · {item.type}
      </div>
      <MessageBodyView body={item.body} ctx={ctx} />
    </li>
  );
}

export function MessageBodyView({ body, ctx }: { body: MessageBody; ctx: BodyContext }): ReactNode {
  const { t } = useTranslation();
  const L = ctx.locale;
  switch (body.kind) {
    case 'text':
      return (
        <>
          <RichText text={body.content} />
          {body.fromKey !== 'text' && body.fromKey !== 'content' ? (
            <div className="muted small">{t('reading.card.payloadFallback', { key: body.fromKey })}</div>
          ) : null}
        </>
      );
    case 'image':
    case 'video':
    case 'voice':
    case 'file':
      return (
        <CardFrame kind={body.kind} title={t(`reading.type.${body.kind}`)}>
          <MediaFacts media={body.media} ctx={ctx} />
        </CardFrame>
      );
    case 'emotion':
      return (
        <CardFrame kind="emotion" title={t('reading.type.emotion')}>
          <div className="muted small">
            {body.emotionType === 2 ? 'PNG' : body.emotionType === 1 ? 'GIF' : ''}
            {body.width !== null && body.height !== null ? ` ${body.width}×${body.height}` : ''}
          </div>
          <MediaFacts media={body.media} ctx={ctx} />
        </CardFrame>
      );
    case 'revoke':
    case 'agree':
    case 'disagree':
    case 'switch':
      // System lines are drawn by the timeline item; inside a record they read as text.
      return <span className="muted">{t(`reading.type.${body.kind}`)}</span>;
    case 'card':
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
    case 'location': {
      const valid =
        body.latitude !== null &&
        body.longitude !== null &&
        Math.abs(body.latitude) <= 90 &&
        Math.abs(body.longitude) <= 180;
      return (
        <CardFrame kind="location" title={<bdi>{body.title ?? t('reading.type.location')}</bdi>}>
          {body.address !== null ? (
            <div dir="auto">
              <bdi>{body.address}</bdi>
            </div>
          ) : null}
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
    case 'link':
      return (
        <CardFrame kind="link" title={<bdi>{body.title ?? t('reading.type.link')}</bdi>}>
          {body.description !== null ? (
            <div className="muted" dir="auto">
              <bdi>{body.description}</bdi>
            </div>
          ) : null}
          {body.url !== null ? (
            <ExternalLink url={body.url} />
          ) : (
            <span className="muted">{t('reading.card.noUrl')}</span>
          )}
          {body.imageUrl ? (
            <div className="muted small">
              {t('reading.card.remoteImageNotLoaded')} <code className="break">{body.imageUrl}</code>
            </div>
          ) : null}
        </CardFrame>
      );
    case 'weapp':
      return (
        <CardFrame kind="weapp" title={<bdi>{body.displayname ?? t('reading.type.weapp')}</bdi>}>
          {body.title !== null ? (
            <div dir="auto">
              <bdi>{body.title}</bdi>
            </div>
          ) : null}
          {body.description !== null ? (
            <div className="muted" dir="auto">
              <bdi>{body.description}</bdi>
            </div>
          ) : null}
          {body.username !== null ? (
            <Field label={t('reading.card.weappId')}>
              <code>{body.username}</code>
            </Field>
          ) : null}
        </CardFrame>
      );
    case 'chatrecord':
      return (
        <CardFrame kind="chatrecord" title={<bdi>{body.title ?? t('reading.type.chatrecord')}</bdi>}>
          <details className="record">
            <summary>{t('reading.card.recordItems', { count: body.items.length })}</summary>
            <ol className="record__items">
              {body.items.map((item, i) => (
                <ChatRecordItemView key={i} item={item} ctx={ctx} />
              ))}
            </ol>
          </details>
        </CardFrame>
      );
    case 'mixed':
      return (
        <div className="mixed" data-card="mixed">
          {body.items.map((item, i) => (
            <div key={i} className="mixed__item">
              <MessageBodyView body={item} ctx={ctx} />
            </div>
          ))}
        </div>
      );
    case 'todo':
      return (
        <CardFrame kind="todo" title={t('reading.type.todo')}>
          {body.content !== null ? <RichText text={body.content} /> : null}
          {body.title !== null ? <Field label={t('reading.card.todoFrom')}>{body.title}</Field> : null}
        </CardFrame>
      );
    case 'vote':
      return (
        <CardFrame
          kind="vote"
          title={`${t('reading.type.vote')} · ${body.voteType === 102 ? t('reading.card.voteJoin') : t('reading.card.voteStart')}`}
        >
          {body.title !== null ? (
            <div className="strong" dir="auto">
              <bdi>{body.title}</bdi>
            </div>
          ) : null}
          <ul className="plain-list">
            {body.options.map((option, i) => (
              <li key={i}>
                ○ <bdi>{option}</bdi>
              </li>
            ))}
          </ul>
          {body.voteId !== null ? (
            <Field label={t('reading.card.voteId')}>
              <code>{body.voteId}</code>
            </Field>
          ) : null}
        </CardFrame>
      );
    case 'collect':
      return (
        <CardFrame kind="collect" title={`${t('reading.type.collect')} · ${body.title ?? ''}`}>
          <div className="muted small">
            {t('reading.card.collectBy', {
              creator: body.creator ? ctx.nameOf(body.creator) : '—',
              time: body.createTime ?? '—',
            })}
            {body.roomName ? ` · ${t('reading.card.collectRoom')} ${body.roomName}` : ''}
          </div>
          <ol className="plain-list">
            {body.details.map((detail, i) => (
              <li key={i}>
                {detail.ques ?? '—'} <span className="muted">({detail.type ?? '?'})</span>
              </li>
            ))}
          </ol>
        </CardFrame>
      );
    case 'redpacket':
      return (
        <CardFrame
          kind="redpacket"
          title={`🧧 ${t(body.external ? 'reading.type.external_redpacket' : 'reading.type.redpacket')} · ${
            body.packetType !== null && body.packetType >= 1 && body.packetType <= 3
              ? t(`reading.card.redpacketType${body.packetType}`)
              : (body.packetType ?? '')
          }`}
        >
          {body.wish !== null ? (
            <div dir="auto">
              <bdi>{body.wish}</bdi>
            </div>
          ) : null}
          <div className="muted small">
            {body.totalAmount !== null
              ? t('reading.card.amount', { amount: (body.totalAmount / 100).toFixed(2) })
              : ''}
            {body.totalCount !== null ? ` · ${t('reading.card.packets', { count: body.totalCount })}` : ''}
          </div>
        </CardFrame>
      );
    case 'meeting':
      return (
        <CardFrame
          kind="meeting"
          title={`${t('reading.type.meeting')} · ${body.meetingType === 102 ? t('reading.card.meetingHandle') : t('reading.card.meetingStart')}`}
        >
          {body.topic !== null ? (
            <div className="strong" dir="auto">
              <bdi>{body.topic}</bdi>
            </div>
          ) : null}
          <Field label={t('reading.card.time')}>
            {fmtTime(body.start, L)} – {fmtTime(body.end, L)}
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
          {body.meetingId !== null ? (
            <Field label={t('reading.card.meetingId')}>
              <code>{body.meetingId}</code>
            </Field>
          ) : null}
        </CardFrame>
      );
    case 'meeting_notification':
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
    case 'docmsg':
      return (
        <CardFrame kind="docmsg" title={<bdi>📄 {body.title ?? t('reading.type.docmsg')}</bdi>}>
          {body.creator !== null ? (
            <Field label={t('reading.card.creator')}>{ctx.nameOf(body.creator)}</Field>
          ) : null}
          {body.url !== null ? <ExternalLink url={body.url} /> : null}
        </CardFrame>
      );
    case 'markdown':
      return (
        <CardFrame kind="markdown" title={t('reading.type.markdown')}>
          <SafeMarkdown content={body.content} />
        </CardFrame>
      );
    case 'news':
      return (
        <CardFrame kind="news" title={t('reading.type.news')}>
          {body.items.map((item, i) => (
            <div key={i} className="news-item">
              <div className="strong" dir="auto">
                <bdi>{item.title ?? '—'}</bdi>
              </div>
              {item.description !== null ? (
                <div className="muted" dir="auto">
                  <bdi>{item.description}</bdi>
                </div>
              ) : null}
              {item.url !== null ? <ExternalLink url={item.url} /> : null}
              {item.picurl ? (
                <div className="muted small">
                  {t('reading.card.remoteImageNotLoaded')} <code className="break">{item.picurl}</code>
                </div>
              ) : null}
            </div>
          ))}
        </CardFrame>
      );
    case 'calendar':
      return (
        <CardFrame kind="calendar" title={<bdi>📅 {body.title ?? t('reading.type.calendar')}</bdi>}>
          <Field label={t('reading.card.time')}>
            {fmtTime(body.start, L)} – {fmtTime(body.end, L)}
          </Field>
          {body.creator ? <Field label={t('reading.card.creator')}>{body.creator}</Field> : null}
          {body.attendees.length > 0 ? (
            <Field label={t('reading.card.attendees')}>{body.attendees.join('、')}</Field>
          ) : null}
          {body.place ? <Field label={t('reading.card.address')}>{body.place}</Field> : null}
          {body.remarks ? <Field label={t('reading.card.remarks')}>{body.remarks}</Field> : null}
        </CardFrame>
      );
    case 'meeting_voice_call':
      return (
        <CardFrame kind="meeting_voice_call" title={`🎙 ${t('reading.type.meeting_voice_call')}`}>
          {body.voiceid !== null ? (
            <Field label={t('reading.card.voiceid')}>
              <code>{body.voiceid}</code>
            </Field>
          ) : null}
          {body.end !== null ? (
            <div className="muted small">{t('reading.card.endedAt', { time: fmtTime(body.end, L) })}</div>
          ) : null}
          {body.docShares.length > 0 ? (
            <Field label={t('reading.card.docShares')}>
              {body.docShares
                .map((d) => `${d.filename ?? '—'} (${d.operator ? ctx.nameOf(d.operator) : '—'})`)
                .join('；')}
            </Field>
          ) : null}
          {body.screenShares.length > 0 ? (
            <Field label={t('reading.card.screenShares')}>
              {body.screenShares
                .map((d) => `${d.user ? ctx.nameOf(d.user) : '—'} ${fmtTime(d.start, L)}`)
                .join('；')}
            </Field>
          ) : null}
          {body.media ? <MediaFacts media={body.media} ctx={ctx} /> : null}
        </CardFrame>
      );
    case 'voip_doc_share':
      return (
        <CardFrame kind="voip_doc_share" title={t('reading.type.voip_doc_share')}>
          {body.voipid !== null ? (
            <Field label={t('reading.card.voipid')}>
              <code>{body.voipid}</code>
            </Field>
          ) : null}
          <MediaFacts media={body.media} ctx={ctx} />
        </CardFrame>
      );
    case 'sphfeed':
      return (
        <CardFrame
          kind="sphfeed"
          title={`${t('reading.type.sphfeed')} · ${
            body.feedType === 2 || body.feedType === 4 || body.feedType === 9
              ? t(`reading.card.feedType${body.feedType}`)
              : t('reading.card.feedTypeOther', { type: body.feedType ?? '?' })
          }`}
        >
          {body.name !== null ? (
            <div className="strong" dir="auto">
              <bdi>{body.name}</bdi>
            </div>
          ) : null}
          {body.description !== null ? <RichText text={body.description} /> : null}
        </CardFrame>
      );
    case 'voiptext':
      return (
        <CardFrame
          kind="voiptext"
          title={`📞 ${
            body.inviteType !== null && body.inviteType >= 1 && body.inviteType <= 4
              ? t(`reading.card.inviteType${body.inviteType}`)
              : t('reading.type.voiptext')
          }`}
        >
          {body.durationSec !== null ? (
            <div>{t('reading.card.callDuration', { duration: formatDuration(body.durationSec) })}</div>
          ) : null}
        </CardFrame>
      );
    case 'qydiskfile':
      return (
        <CardFrame kind="qydiskfile" title={t('reading.type.qydiskfile')}>
          <div dir="auto">
            <bdi>{body.filename ?? '—'}</bdi>
          </div>
          <div className="muted small">{t('reading.card.notDownloadable')}</div>
        </CardFrame>
      );
    case 'unsupported':
      return (
        <div
          className="msg-card msg-card--unsupported"
          data-card="unsupported"
          data-testid="unsupported-card"
        >
          <div className="msg-card__title">
            {body.reason === 'malformed'
              ? t('reading.unsupported.malformed', { msgtype: body.msgtype })
              : body.reason === 'not-json'
                ? t('reading.unsupported.notJson')
                : t('reading.unsupported.title', { msgtype: body.msgtype || '—' })}
          </div>
          <div className="muted small">{t('reading.unsupported.hint')}</div>
          <RawJson text={ctx.raw} />
        </div>
      );
  }
}
