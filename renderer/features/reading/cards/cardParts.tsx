import { useTranslation } from 'react-i18next';
import { useContext, type ComponentType, type ReactNode } from 'react';
import type { BodyKind, BodyOf, MediaRef, MessageBody } from '../../../../main/common/message';
import { formatDateTime } from '../../../lib/formatTime';
import { formatBytes } from '../../../lib/formatBytes';
import { formatDuration } from '../../../../main/common/text/duration';
import { ShownControls } from '../../../ui/ArchiveText';
import { MediaSlot, MediaSlotContext } from './MediaSlot';

/** What every card knows besides its body. Every string from the message is rendered as text. */
export interface BodyContext {
  corpId: string;
  msgid: string;
  locale: string;
  /** Settings → Time zone, as every time in the reader is shown. */
  timeZone: string;
  nameOf: (id: string) => string;
  /** The raw JSON, for the unsupported card. */
  raw: string;
}

/** The props of the card of one body kind; `Body` renders nested bodies (mixed, chatrecord). */
export interface CardProps<K extends BodyKind> {
  body: BodyOf<K>;
  ctx: BodyContext;
  Body: ComponentType<{ body: MessageBody; ctx: BodyContext }>;
}

/** body kind → card: the reading side of the message model's registry. */
export type CardTable<K extends BodyKind> = { [P in K]: ComponentType<CardProps<P>> };

// One formatter of each for the whole app (sizes and durations read the same on every card and player).
export { formatBytes } from '../../../lib/formatBytes';
export { formatDuration } from '../../../../main/common/text/duration';

export const fmtTime = (ms: number | null, ctx: Pick<BodyContext, 'locale' | 'timeZone'>) =>
  ms === null ? '—' : formatDateTime(ms, ctx.locale, ctx.timeZone);

export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="card-field">
      <span className="card-field__label">{label}</span> <span className="card-field__value">{children}</span>
    </div>
  );
}

/** An identifier the message carries (a vote's, a meeting's, a mini program's), as code; nothing when absent. */
export function IdField({ label, id }: { label: string; id: string | number | null }) {
  if (id === null) return null;
  return (
    <Field label={label}>
      <code>{id}</code>
    </Field>
  );
}

export function CardFrame({
  kind,
  title,
  children,
}: {
  kind: string;
  title: ReactNode;
  children?: ReactNode;
}) {
  return (
    <div className={`msg-card msg-card--${kind}`} data-card={kind}>
      <div className="msg-card__title">{title}</div>
      {children}
    </div>
  );
}

/** A line of text from the message, direction from its content. */
export function Line({ text, className }: { text: string | null; className?: string }) {
  if (text === null) return null;
  return (
    <div className={className} dir="auto">
      <bdi>{text}</bdi>
    </div>
  );
}

/**
 * What the message says about its media, beside the media slot. The media feature's slot shows a
 * file's name, type and size and a voice's or video's duration itself; these facts then say only what
 * it does not (size of images, the md5), so a card never states the same thing twice. Without a
 * slot component (tests, a reader without the media feature) the facts say it all.
 */
export function MediaFacts({ media, ctx }: { media: MediaRef; ctx: BodyContext }) {
  const { t } = useTranslation();
  const slot = useContext(MediaSlotContext) !== null;
  const fileShown = slot && (media.kind === 'file' || media.kind === 'voip_doc_share');
  const durationShown =
    slot && (media.kind === 'voice' || media.kind === 'video' || media.kind === 'meeting_voice_call');
  return (
    <div className="media-facts">
      {media.fileName !== undefined && !fileShown ? (
        <div className="media-facts__name">
          <ShownControls text={media.fileName} />
        </div>
      ) : null}
      <div className="media-facts__meta">
        {media.size !== null && !fileShown ? (
          <span>{t('reading.card.size', { size: formatBytes(media.size, ctx.locale) })}</span>
        ) : null}
        {media.playLength !== undefined && !durationShown ? (
          <span>{t('reading.card.duration', { duration: formatDuration(media.playLength) })}</span>
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
