import { useTranslation } from 'react-i18next';
import { conversationLabel } from '../../db/convId';
import { formatDateTime } from '../../lib/formatTime';
import type { SearchHit } from '../../search/protocol';
import { msgtypeLabel } from '../../i18n/messageLabels';
import { AlertBadge, type MessageAlertMark } from '../alerts';
import { MarkBadges, NO_MARKS, type MessageMarks } from '../review';
import { HighlightedSnippet } from './HighlightedSnippet';

export interface SearchHitItemProps {
  id: string;
  hit: SearchHit;
  /** Names as the chat list shows them, when known (else the ids). */
  senderName?: string | undefined;
  chatName?: string | undefined;
  locale: string;
  timeZone: string;
  /** Selected with ↑/↓ (or the hit opened last). */
  active: boolean;
  /** The hit last opened in its chat. */
  opened: boolean;
  onOpen: (hit: SearchHit) => void;
  onlyThisChat?: ((hit: SearchHit) => void) | undefined;
  /** Opens the sender's person view (features/people). */
  onOpenPerson?: ((hit: SearchHit) => void) | undefined;
  /** The reviewer's marks on the message (issue 11). */
  marks?: MessageMarks | undefined;
  tagColours?: ReadonlyMap<string, string> | undefined;
  /** The message's lexicon alert (issue 12). */
  alert?: MessageAlertMark | undefined;
}

/** One result: sender, chat, time and the highlighted snippet; activating it opens the chat there. */
export function SearchHitItem({
  id,
  hit,
  senderName,
  chatName,
  locale,
  timeZone,
  active,
  opened,
  onOpen,
  onlyThisChat,
  onOpenPerson,
  marks = NO_MARKS,
  tagColours,
  alert,
}: SearchHitItemProps) {
  const { t } = useTranslation();
  const chat = chatName ?? conversationLabel(hit.convId);
  const sender = senderName ?? hit.from;
  const time = formatDateTime(hit.msgtime, locale, timeZone);
  const type = msgtypeLabel(t, hit.msgtype);
  return (
    <li
      id={id}
      className={['search-hit', active ? 'search-hit--active' : '', opened ? 'search-hit--opened' : '']
        .filter(Boolean)
        .join(' ')}
      aria-current={active ? 'true' : undefined}
      data-msgid={hit.msgid}
      data-conv={hit.convId}
      data-msgtype={hit.msgtype}
      data-from={hit.from}
      data-external={String(hit.fromExternal)}
      data-flag={marks.severity ?? undefined}
      data-tags={marks.tags.join(',') || undefined}
    >
      <button
        type="button"
        className="search-hit__open"
        onClick={() => onOpen(hit)}
        aria-label={t('search.hitLabel', { sender, chat, time })}
      >
        <span className="search-hit__meta">
          <bdi className="search-hit__sender">{sender}</bdi>
          {sender !== hit.from ? <bdi className="search-hit__id">{hit.from}</bdi> : null}
          {hit.fromExternal ? <span className="badge badge--info">{t('search.senderExternal')}</span> : null}
          <bdi className="search-hit__chat">{chat}</bdi>
          <span className="badge">{type}</span>
          <time className="search-hit__time" dateTime={new Date(hit.msgtime).toISOString()}>
            {time}
          </time>
          {tagColours ? <MarkBadges marks={marks} tagColours={tagColours} /> : null}
          {alert ? <AlertBadge mark={alert} /> : null}
        </span>
        <HighlightedSnippet parts={hit.snippet} />
      </button>
      {onOpenPerson ? (
        <button
          type="button"
          className="button button--ghost search-hit__scope"
          data-testid="search-hit-person"
          title={t('people.sender', { name: sender })}
          aria-label={t('people.sender', { name: sender })}
          onClick={() => onOpenPerson(hit)}
        >
          {t('search.openPerson')}
        </button>
      ) : null}
      {onlyThisChat ? (
        <button
          type="button"
          className="button button--ghost search-hit__scope"
          onClick={() => onlyThisChat(hit)}
        >
          {t('search.onlyThisChat')}
        </button>
      ) : null}
    </li>
  );
}
