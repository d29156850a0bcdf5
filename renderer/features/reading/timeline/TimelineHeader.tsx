import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { DateField } from '../../../ui/DateField';
import { ReviewStateControl, type MessageRef } from '../../review';

/** What the header's controls do; one stable object per timeline, so a scroll does not re-render the header. */
export interface TimelineHeaderActions {
  jumpToDate: (day: string) => void;
  jumpLatest: () => void;
  searchInChat: () => void;
  /** The message the reviewer is on (the "reviewed up to here" control). */
  currentMessage: () => MessageRef | null;
  onJump: (msgid: string) => void;
  addChatToCase: () => void;
  openShortcuts: () => void;
}

/**
 * The timeline's title, its tools (jump to a date or the latest message, search in the chat) and its
 * review controls. Memoised apart from the rows: the timeline re-renders on every scrolled frame, and
 * the header (the review state control above all) cost the main thread on each of them
 * (docs/ARCHITECTURE.md §9.6).
 */
export const TimelineHeader = memo(function TimelineHeader({
  title,
  total,
  corpId,
  convId,
  dateId,
  jumpDay,
  locale,
  timeZone,
  actions,
}: {
  title: string;
  total: number;
  corpId: string;
  convId: string;
  /** The date field's id; its hint below the timeline is `${dateId}-hint`. */
  dateId: string;
  jumpDay: string;
  locale: string;
  timeZone: string;
  actions: TimelineHeaderActions;
}) {
  const { t } = useTranslation();
  return (
    <header className="timeline__head">
      <div className="timeline__title">
        <h2 dir="auto">
          <bdi>{title}</bdi>
        </h2>
        <span className="muted small">{t('reading.timeline.messages', { count: total })}</span>
      </div>
      <div className="timeline__tools">
        <label htmlFor={dateId} className="muted small timeline__tool-label">
          {t('reading.timeline.jumpToDate')}
        </label>
        <DateField id={dateId} value={jumpDay} data-testid="jump-date" onChange={actions.jumpToDate} />
        <button type="button" className="button button--ghost" onClick={actions.jumpLatest}>
          {t('reading.timeline.jumpLatest')}
        </button>
        <button
          type="button"
          className="button button--ghost"
          data-testid="search-in-chat"
          onClick={actions.searchInChat}
        >
          {t('reading.timeline.searchInChat')}
        </button>
      </div>
      <div className="timeline__tools timeline__review">
        <ReviewStateControl
          corpId={corpId}
          convId={convId}
          locale={locale}
          timeZone={timeZone}
          currentMessage={actions.currentMessage}
          onJump={actions.onJump}
        />
        <button
          type="button"
          className="button button--ghost"
          data-testid="chat-to-case"
          onClick={actions.addChatToCase}
        >
          {t('cases.addConversation')}
        </button>
        <button
          type="button"
          className="button button--ghost"
          data-testid="shortcuts-open"
          aria-keyshortcuts="?"
          onClick={actions.openShortcuts}
        >
          {t('review.shortcuts.open')}
        </button>
      </div>
    </header>
  );
});
