import { useTranslation } from 'react-i18next';
import type { ComponentType, ReactNode } from 'react';
import type { BodyKind, BodyOf, MediaRef, MessageBody } from '../../../../main/common/message';
import { formatDateTime } from '../../../lib/formatTime';
import { MediaSlot } from './MediaSlot';

/** What every card knows besides its body. Every string from the message is rendered as text. */
export interface BodyContext {
  corpId: string;
  msgid: string;
  locale: string;
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

export const fmtTime = (ms: number | null, locale: string) =>
  ms === null ? '—' : formatDateTime(ms, locale);

export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="card-field">
      <span className="card-field__label">{label}</span> <span className="card-field__value">{children}</span>
    </div>
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

export function MediaFacts({ media, ctx }: { media: MediaRef; ctx: BodyContext }) {
  const { t } = useTranslation();
  return (
    <div className="media-facts">
      {media.fileName !== undefined ? (
        <div className="media-facts__name" dir="auto">
          <bdi>{media.fileName}</bdi>
        </div>
      ) : null}
      <div className="media-facts__meta">
        {media.size !== null ? (
          <span>{t('reading.card.size', { size: formatBytes(media.size, ctx.locale) })}</span>
        ) : null}
        {media.playLength !== undefined ? (
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
