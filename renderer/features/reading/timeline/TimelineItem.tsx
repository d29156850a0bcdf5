import { memo, useEffect, useMemo, useState } from 'react';
import type { MouseEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageRow } from '../../../db';
import { formatDateTime } from '../../../lib/formatTime';
import { useAppServices } from '../../appServices';
import { AlertBadge, AlertExcerpt, type MessageAlertMark } from '../../alerts';
import { MarkBadges, NO_MARKS, type MessageMarks } from '../../review';
import { MessageBodyView } from '../cards/MessageBodyView';
import type { BodyContext } from '../cards/MessageBodyView';
import { RichText } from '../cards/RichText';
import type { RecallLink } from '../conversations/conversationIndex';
import { isExternalId, isRobotId } from '../conversations/conversationIndex';
import { PersonName } from '../PersonName';
import type { Directory } from '../directory/useDirectory';
import { quotableTextOf, readMessage, type Message } from '../../../../main/common/message';
import { findQuotedMessage } from './timelineQueries';
import { dateTimeFormat } from '../../../lib/intlFormats';
import { calendarDayFormat, formatClock } from '../../../lib/formatTime';

export interface TimelineItemProps {
  row: MessageRow | undefined;
  /** The previous message (for the day separator), when loaded. */
  previous: MessageRow | undefined;
  index: number;
  selected: boolean;
  highlighted: boolean;
  /** The message a search hit opened (kept marked while stepping through hits). */
  searchHit?: boolean;
  recall: RecallLink | undefined;
  directory: Directory;
  locale: string;
  /** The app's time zone (Settings): times and day separators are in it. */
  timeZone: string;
  onSelect: (msgid: string, index: number, modifiers: SelectModifiers) => void;
  onJump: (msgid: string) => void;
  /** The reviewer's marks on this message (issue 11). */
  marks?: MessageMarks | undefined;
  /** The message's lexicon alert (issue 12): a badge with the rules, and the matched spans marked. */
  alert?: MessageAlertMark | undefined;
  tagColours?: ReadonlyMap<string, string> | undefined;
  /** In the timeline's multi-selection. */
  checked?: boolean;
  /** Selects or deselects it (its checkbox; Shift: the run from the last one). */
  onToggleSelect?: ((msgid: string, index: number, modifiers: SelectModifiers) => void) | undefined;
  /** The chat is reviewed up to this message, by this reviewer. */
  reviewedBy?: string | undefined;
}

/** The keys held during a click: Shift selects a run, Ctrl/⌘ toggles one message. */
export interface SelectModifiers {
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
}

/** The calendar day of `ms` in the app's time zone (day separators). */
const dayKey = (ms: number, timeZone: string) => calendarDayFormat(timeZone).format(ms);

/** Two letters of a name for the avatar, and a stable hue from the id. */
function initials(name: string): string {
  const trimmed = name.trim();
  if (/^[\u4e00-\u9fff]/.test(trimmed)) return trimmed.slice(-2);
  return trimmed.slice(0, 2).toUpperCase();
}
function hue(id: string): number {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) % 360;
  return h;
}

/** The text of a message for quote matching (its reply part when it is itself a quote). */
export function quotableText(row: MessageRow): string | null {
  if (row.msgtype !== 'text' || row.raw === undefined) return null;
  const message = readMessage(row.raw, row);
  return message.body.kind === 'text' ? quotableTextOf(message) : null;
}

const QUOTED_LABELS: Readonly<Record<string, string>> = {
  '[图片]': 'image',
  '[语音]': 'voice',
  '[视频]': 'video',
  '[文件]': 'file',
  '[动画表情]': 'emotion',
  '[表情]': 'emotion',
  '[位置]': 'location',
  '[链接]': 'link',
};

export const TimelineItem = memo(function TimelineItem(props: TimelineItemProps) {
  const {
    row,
    previous,
    index,
    selected,
    highlighted,
    searchHit,
    recall,
    directory,
    locale,
    timeZone,
    onSelect,
    onJump,
    marks = NO_MARKS,
    alert,
    tagColours,
    checked = false,
    onToggleSelect,
    reviewedBy,
  } = props;
  const { t } = useTranslation();
  // A sender's name opens their person view (features/people).
  const parsed = useMemo(() => (row && row.raw !== undefined ? readMessage(row.raw, row) : null), [row]);
  if (!row) {
    return (
      <div className="tl-item tl-item--placeholder" aria-hidden="true">
        <div className="tl-placeholder" />
      </div>
    );
  }
  const msgtime = row.msgtime ?? 0;
  const showDay =
    msgtime > 0 &&
    (!previous || !previous.msgtime || dayKey(previous.msgtime, timeZone) !== dayKey(msgtime, timeZone));
  const daySeparator = showDay ? (
    <div className="tl-day" role="separator">
      <span>{dateTimeFormat(locale, { dateStyle: 'full', timeZone }).format(msgtime)}</span>
    </div>
  ) : null;
  const time = msgtime > 0 ? formatClock(msgtime, locale, timeZone) : t('reading.timeline.unknownTime');
  const common = {
    'data-msgid': row.msgid,
    'data-index': index,
    'data-msgtype': parsed?.msgtype ?? row.msgtype ?? '',
    'data-search-hit': searchHit ? 'true' : undefined,
    'data-checked': checked ? 'true' : undefined,
    'data-flag': marks.severity ?? undefined,
    className: [
      'tl-item',
      selected ? 'tl-item--selected' : '',
      checked ? 'tl-item--checked' : '',
      highlighted ? 'tl-item--highlight' : '',
      searchHit ? 'tl-item--search-hit' : '',
    ]
      .filter(Boolean)
      .join(' '),
    onClick: (event: MouseEvent) => onSelect(row.msgid, index, event),
  };
  const selectBox = onToggleSelect ? (
    <input
      type="checkbox"
      className="tl-select"
      checked={checked}
      aria-label={t('review.selectMessage')}
      onClick={(event) => {
        event.stopPropagation();
        onToggleSelect(row.msgid, index, event);
      }}
      onChange={() => undefined}
      data-testid="message-select"
    />
  ) : null;
  const badges = (
    <>
      {tagColours ? <MarkBadges marks={marks} tagColours={tagColours} /> : null}
      {alert ? <AlertBadge mark={alert} /> : null}
    </>
  );
  const reviewedLine =
    reviewedBy !== undefined ? (
      <div className="tl-reviewed" role="separator" data-testid="reviewed-line">
        <span>{t('review.reviewedUpToHere', { name: reviewedBy || t('reviewer.unnamed') })}</span>
      </div>
    ) : null;

  if (!parsed) {
    return (
      <div {...common}>
        {daySeparator}
        <div className="tl-system">
          {selectBox} {t('reading.detail.status')}: {row.status} · seq {row.seq} {badges}
        </div>
        {reviewedLine}
      </div>
    );
  }
  const name = directory.nameOf(parsed.from);
  const body = parsed.body;

  if (body.kind === 'revoke' || body.kind === 'agree' || body.kind === 'disagree' || body.kind === 'switch') {
    let line: ReactNode;
    if (body.kind === 'revoke') {
      line = (
        <>
          {t('reading.system.revoke', { name })} ·{' '}
          <button
            type="button"
            className="inline-link"
            data-testid="revoke-jump"
            onClick={(e) => {
              e.stopPropagation();
              onJump(body.preMsgid);
            }}
          >
            {t('reading.system.revokeJump')}
          </button>
        </>
      );
    } else if (body.kind === 'switch') {
      line = t('reading.system.switch', { name: directory.nameOf(body.user ?? parsed.from) });
    } else {
      line = t(`reading.system.${body.kind}`, { name: directory.nameOf(body.userid ?? parsed.from) });
    }
    return (
      <div {...common}>
        {daySeparator}
        <div className={`tl-system tl-system--${body.kind}`} data-system={body.kind}>
          {selectBox} <span>{line}</span> <span className="muted small">{time}</span> {badges}
        </div>
        {reviewedLine}
      </div>
    );
  }

  return (
    <div {...common}>
      {daySeparator}
      <div className="tl-message">
        <div
          className="avatar"
          aria-hidden="true"
          style={{ backgroundColor: `hsl(${hue(parsed.from)} 45% 45%)` }}
        >
          {initials(name)}
        </div>
        <div className="tl-message__main">
          <div className="tl-message__head">
            {selectBox}
            <PersonName
              corpId={row.corpId}
              userid={parsed.from}
              name={name}
              className="tl-sender"
              testId="sender-name"
            />
            {name !== parsed.from ? <span className="muted small">{parsed.from}</span> : null}
            {isExternalId(parsed.from) ? (
              <span className="badge badge--info">{t('reading.badge.external')}</span>
            ) : null}
            {isRobotId(parsed.from) ? (
              <span className="badge badge--warning">{t('reading.badge.robot')}</span>
            ) : null}
            {row.msgid.endsWith('_external') ? (
              <span className="badge badge--neutral">{t('reading.badge.externalMsgid')}</span>
            ) : null}
            {row.msgid.endsWith('_updown_stream') ? (
              <span className="badge badge--neutral">{t('reading.badge.updownStream')}</span>
            ) : null}
            <span className="muted small">{time}</span>
            {badges}
          </div>
          {recall ? (
            <div className="tl-recalled" data-testid="recalled-mark">
              {t('reading.system.recalledAt', { time: formatDateTime(recall.at, locale, timeZone) })} ·{' '}
              <button
                type="button"
                className="inline-link"
                onClick={(e) => {
                  e.stopPropagation();
                  onJump(recall.revokeMsgid);
                }}
              >
                {t('reading.system.recalledJump')}
              </button>
            </div>
          ) : null}
          <div className={`tl-bubble${recall ? ' tl-bubble--recalled' : ''}`}>
            {body.kind === 'text' && body.quote ? (
              <>
                <QuoteView row={row} quote={body.quote} directory={directory} onJump={onJump} />
                <RichText text={body.quote.reply} />
              </>
            ) : (
              <MessageBodyView body={body} ctx={bodyContext(row, parsed, directory, locale, timeZone)} />
            )}
          </div>
          {alert ? <AlertExcerpt mark={alert} /> : null}
        </div>
      </div>
      {reviewedLine}
    </div>
  );
});

function bodyContext(
  row: MessageRow,
  parsed: Message,
  directory: Directory,
  locale: string,
  timeZone: string,
): BodyContext {
  return {
    corpId: row.corpId,
    msgid: parsed.msgid,
    locale,
    timeZone,
    nameOf: directory.nameOf,
    raw: row.raw ?? '',
  };
}

function QuoteView({
  row,
  quote,
  directory,
  onJump,
}: {
  row: MessageRow;
  quote: { user: string; quoted: string };
  directory: Directory;
  onJump: (msgid: string) => void;
}) {
  const { t } = useTranslation();
  const { db } = useAppServices();
  const [target, setTarget] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    let cancelled = false;
    const label = QUOTED_LABELS[quote.quoted.trim()] ?? null;
    void findQuotedMessage(db, row, quote.quoted, directory.idsNamed(quote.user), quotableText, label).then(
      (found) => {
        if (!cancelled) setTarget(found?.msgid ?? null);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [db, row, quote.quoted, quote.user, directory]);
  return (
    <div className="tl-quote" data-testid="quote-block">
      <div className="tl-quote__user">
        {t('reading.quote.label')} · <bdi>{quote.user}</bdi>
      </div>
      <RichText text={quote.quoted} className="tl-quote__text" />
      {target ? (
        <button
          type="button"
          className="inline-link"
          data-testid="quote-jump"
          data-target={target}
          onClick={(e) => {
            e.stopPropagation();
            onJump(target);
          }}
        >
          {t('reading.quote.jump')}
        </button>
      ) : target === null ? (
        <span className="muted small">{t('reading.quote.notFound')}</span>
      ) : null}
    </div>
  );
}
