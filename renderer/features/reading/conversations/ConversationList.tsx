import { useId, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { msgtypeLabel } from '../../../i18n/messageLabels';
import { formatDateTime } from '../../../lib/formatTime';
import { selectTimeZone, useAppState } from '../../../state';
import { Select } from '../../../ui/OptionSelect';
import { ReviewStateBadge, reviewStateOptions, useCorpMarkSummary, type ReviewState } from '../../review';
import type { Directory } from '../directory/useDirectory';
import type { ConversationKindFilter, ConversationRow } from './conversationIndex';

const KINDS: ReadonlyArray<ConversationKindFilter | 'all'> = [
  'all',
  'internal',
  'external',
  'internal-group',
  'external-group',
  'system',
];
const MAX_SHOWN = 400;

/** A chat's display title: group name, else the two parties' names, else the ids (never blank). */
export function conversationTitle(conversation: ConversationRow, directory: Directory): string {
  if (conversation.roomid) return directory.group(conversation.roomid)?.name || conversation.roomid;
  if (conversation.convId.startsWith('s:')) {
    return conversation.convId
      .slice(2)
      .split('|')
      .map((id) => directory.nameOf(id))
      .join(' ↔ ');
  }
  return conversation.convId.replace(/^sys:/, '');
}

/** A conversation's flags shown as badges, with their tone (reading.badge.<flag>). */
const FLAG_BADGES = [
  ['external', 'info'],
  ['robot', 'warning'],
  ['externalMsgid', 'neutral'],
  ['updownStream', 'neutral'],
] as const;

export function ConversationList({
  conversations,
  directory,
  selected,
  onOpen,
  locale,
}: {
  conversations: readonly ConversationRow[];
  directory: Directory;
  selected: string | null;
  onOpen: (convId: string) => void;
  locale: string;
}) {
  const { t } = useTranslation();
  const timeZone = useAppState(selectTimeZone);
  const filterId = useId();
  // The reviewer's marks per chat (issue 11): flagged and noted counts, review state.
  const markSummary = useCorpMarkSummary(conversations[0]?.corpId ?? '');
  const [kind, setKind] = useState<ConversationKindFilter | 'all'>('all');
  const [text, setText] = useState('');
  const [reviewFilter, setReviewFilter] = useState<ReviewState | 'flagged' | ''>('');
  const needle = text.trim().toLowerCase();
  const filtered = conversations.filter((c) => {
    if (kind !== 'all' && c.kind !== kind) return false;
    if (reviewFilter === 'flagged' && !(markSummary.get(c.convId)?.flags ?? 0)) return false;
    if (reviewFilter && reviewFilter !== 'flagged') {
      if ((markSummary.get(c.convId)?.state?.state ?? 'unreviewed') !== reviewFilter) return false;
    }
    if (!needle) return true;
    const haystack = [
      conversationTitle(c, directory),
      c.convId,
      c.lastText,
      ...c.participants.slice(0, 50).map(directory.nameOf),
    ]
      .join('\n')
      .toLowerCase();
    return haystack.includes(needle);
  });
  const shown = filtered.slice(0, MAX_SHOWN);

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const at = shown.findIndex((c) => c.convId === selected);
    const next = shown[Math.max(0, Math.min(shown.length - 1, at + (event.key === 'ArrowDown' ? 1 : -1)))];
    if (next) {
      onOpen(next.convId);
      document.getElementById(`conv-${next.convId}`)?.focus();
    }
  };

  return (
    <nav className="conv-list" aria-label={t('reading.list.label')} data-testid="conversation-list">
      <div className="conv-list__filters">
        <label htmlFor={filterId} className="visually-hidden">
          {t('reading.list.filter')}
        </label>
        <input
          id={filterId}
          className="input"
          type="search"
          placeholder={t('reading.list.filter')}
          value={text}
          onChange={(event) => setText(event.target.value)}
          data-testid="conversation-filter"
        />
        <div className="chip-row" role="group">
          {KINDS.map((candidate) => (
            <button
              key={candidate}
              type="button"
              className="chip"
              aria-pressed={kind === candidate}
              onClick={() => setKind(candidate)}
              data-kind={candidate}
            >
              {t(`reading.kind.${candidate}`)} (
              {candidate === 'all'
                ? conversations.length
                : conversations.filter((c) => c.kind === candidate).length}
              )
            </button>
          ))}
        </div>
        <label className="conv-list__review">
          <span className="muted small">{t('review.state.label')}</span>{' '}
          <Select<ReviewState | 'flagged' | ''>
            className="input"
            value={reviewFilter}
            emptyLabel={t('review.search.anyState')}
            options={[{ value: 'flagged', label: t('review.list.flaggedOnly') }, ...reviewStateOptions(t)]}
            onChange={setReviewFilter}
            data-testid="conversation-review-filter"
          />
        </label>
        <div className="muted small">
          {t('reading.list.count', { shown: filtered.length, total: conversations.length })}
        </div>
      </div>
      {filtered.length === 0 ? <p className="muted conv-list__empty">{t('reading.list.empty')}</p> : null}
      <ul className="conv-list__items" onKeyDown={onKeyDown}>
        {shown.map((c) => {
          const title = conversationTitle(c, directory);
          const summary = markSummary.get(c.convId);
          return (
            <li key={c.convId}>
              <button
                id={`conv-${c.convId}`}
                type="button"
                className="conv-item"
                aria-current={c.convId === selected ? 'true' : undefined}
                onClick={() => onOpen(c.convId)}
                data-conv={c.convId}
                data-kind={c.kind}
              >
                <span className="conv-item__top">
                  <span className="conv-item__title" dir="auto">
                    <bdi>{title}</bdi>
                  </span>
                  {c.lastMsgtime > 0 ? (
                    <time
                      className="muted small conv-item__time"
                      dateTime={new Date(c.lastMsgtime).toISOString()}
                    >
                      {formatDateTime(c.lastMsgtime, locale, timeZone)}
                    </time>
                  ) : (
                    <span className="muted small conv-item__time" />
                  )}
                </span>
                <span className="conv-item__preview muted small" dir="auto">
                  <bdi>
                    {directory.nameOf(c.lastFrom)}:{' '}
                    {c.lastText && (c.lastMsgtype === 'text' || c.lastMsgtype === 'markdown')
                      ? c.lastText
                      : `[${msgtypeLabel(t, c.lastMsgtype)}]${c.lastText ? ` ${c.lastText}` : ''}`}
                  </bdi>
                </span>
                <span className="conv-item__badges">
                  <span className="badge badge--neutral">{t(`reading.kind.${c.kind}`)}</span>
                  {FLAG_BADGES.map(([flag, tone]) =>
                    c.flags[flag] ? (
                      <span key={flag} className={`badge badge--${tone}`}>
                        {t(`reading.badge.${flag}`)}
                      </span>
                    ) : null,
                  )}
                  <span className="muted small">{t('reading.list.messages', { count: c.count })}</span>
                  {summary ? (
                    <span className="conv-item__marks" data-testid="conv-marks">
                      <ReviewStateBadge state={summary.state?.state ?? null} />
                      {summary.flags > 0 ? (
                        <span className="badge badge--danger" data-flags={summary.flags}>
                          ⚑ {t('review.list.flags', { count: summary.flags })}
                        </span>
                      ) : null}
                      {summary.notes > 0 ? (
                        <span className="badge badge--info" data-notes={summary.notes}>
                          ✎ {t('review.list.notes', { count: summary.notes })}
                        </span>
                      ) : null}
                    </span>
                  ) : null}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      {filtered.length > MAX_SHOWN ? (
        <p className="muted small">{t('reading.list.more', { count: filtered.length - MAX_SHOWN })}</p>
      ) : null}
    </nav>
  );
}
