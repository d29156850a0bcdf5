import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { MessageRow } from '../../../db';
import { useTranslation } from 'react-i18next';
import { zonedDayRange } from '../../../lib/timeZone';
import { selectTimeZone, useAppState } from '../../../state';
import { useAppServices } from '../../appServices';
import { useConversationAlerts } from '../../alerts';
import { AddToCaseDialog, type CaseItemInput } from '../../cases';
import {
  NoteDialog,
  ShortcutSheet,
  SEVERITIES,
  TagDialog,
  useConversationMarks,
  useReviewState,
  useTagColours,
  type MessageRef,
} from '../../review';
import { useLocale } from '../../useLocale';
import type { ConversationRow } from '../conversations/conversationIndex';
import type { Directory } from '../directory/useDirectory';
import { useSearchTermHighlight } from './searchTermHighlight';
import { countMessages, positionOfMessage, positionOfTime } from './timelineQueries';
import { TimelineHeader, type TimelineHeaderActions } from './TimelineHeader';
import { TimelineItem, type SelectModifiers } from './TimelineItem';
import { useMessagePages } from './useMessagePages';
import { useVirtualList } from './useVirtualList';
import { ExportMessagesButton } from '../../export';

const ESTIMATE = 76;
const NO_TERMS: readonly string[] = [];
const NO_SELECTION: ReadonlyMap<string, MessageRef> = new Map();

/** A dialog of the keyboard triage (issue 11) open over the timeline. */
type TriageDialog =
  | { kind: 'tag'; refs: MessageRef[] }
  | { kind: 'note'; target: MessageRef }
  | { kind: 'case'; items: CaseItemInput[] }
  | { kind: 'shortcuts' };

const refOf = (row: MessageRow): MessageRef => ({
  corpId: row.corpId,
  msgid: row.msgid,
  convId: row.convId ?? '',
  msgtime: row.msgtime ?? 0,
});

const messageItem = (ref: MessageRef): CaseItemInput => ({
  corpId: ref.corpId,
  kind: 'message',
  ref: ref.msgid,
  convId: ref.convId,
  msgtime: ref.msgtime,
});

/** Keys typed into a field are the field's, not the timeline's. */
function isEditable(target: EventTarget): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (
    target.isContentEditable ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  )
    return true;
  return target instanceof HTMLInputElement && target.type !== 'checkbox';
}

/**
 * The virtualised timeline of one chat (issue 4): oldest at the top, opened at the newest message;
 * day separators; jump to a date; keyboard navigation; quote and recall jumps land on the target
 * and highlight it. Keyboard triage (issue 11): j/k move, f flag, t tag, n note, r reviewed up to
 * here, x select, c add to case, ? the shortcut sheet; click, Shift-click and x build a selection the
 * bulk actions work on.
 */
export function Timeline({
  corpId,
  conversation,
  title,
  directory,
  jumpRequest,
}: {
  corpId: string;
  conversation: ConversationRow;
  title: string;
  directory: Directory;
  /** Open at this message (e2e hook and links from other screens); a new object jumps again. */
  jumpRequest?: { msgid: string } | null;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const timeZone = useAppState(selectTimeZone);
  const { db, marks } = useAppServices();
  const dateId = useId();
  const convId = conversation.convId;
  const selectedMsgid = useAppState((state) => state.readingMsgid);
  const selectMessage = useAppState((state) => state.selectMessage);
  const openSearch = useAppState((state) => state.openSearch);
  const [focusIndex, setFocusIndex] = useState<number | null>(null);
  const [highlight, setHighlight] = useState<string | null>(null);
  const [pendingJump, setPendingJump] = useState<string | null>(null);
  const scroller = useRef<HTMLDivElement | null>(null);
  // The hit search opened last (searchSlice): kept marked, its query's terms highlighted in it.
  const searchJump = useAppState((state) => state.searchJump);
  const searchHit =
    searchJump && searchJump.corpId === corpId && searchJump.convId === convId ? searchJump.msgid : null;
  useSearchTermHighlight(scroller, searchHit, searchJump?.terms ?? NO_TERMS);

  // The chat's summary row already has its count, so the newest page is drawn without counting; the
  // indexed messages are counted (the chat's day counts summed, db/chatDays.ts; live: a pull that stores
  // more counts again) once that page is on screen, and win if the two ever disagree (a stored row
  // without msgtime is counted in the summary but not indexed).
  const [countStarted, setCountStarted] = useState(conversation.count === 0);
  const counted = useLiveQuery(
    () => (countStarted ? countMessages(db, corpId, convId) : undefined),
    [db, corpId, convId, countStarted],
  );
  const total = counted ?? conversation.count;
  const list = useVirtualList(total, ESTIMATE, true);
  const pages = useMessagePages(db, corpId, convId, total, list.atEnd());
  if (pages.firstPageLoaded && !countStarted) setCountStarted(true);
  const { containerRef } = list;
  const listRef = useRef(list);
  // eslint-disable-next-line react-hooks/refs -- latest list for callbacks without re-creating them every frame
  listRef.current = list;
  const pagesRef = useRef(pages);
  // eslint-disable-next-line react-hooks/refs -- latest pages for the selection callbacks
  pagesRef.current = pages;

  // The reviewer's marks (issue 11), the multi-selection and the triage dialogs.
  const messageMarks = useConversationMarks(corpId, convId);
  const messageAlerts = useConversationAlerts(corpId, convId);
  const tagColours = useTagColours();
  const reviewState = useReviewState(corpId, convId);
  const reviewedUpTo = reviewState?.state === 'reviewed' ? reviewState.upTo?.msgid : undefined;
  const [selection, setSelection] = useState<ReadonlyMap<string, MessageRef>>(NO_SELECTION);
  const anchor = useRef<number | null>(null);
  const [dialog, setDialog] = useState<TriageDialog | null>(null);

  const toggleSelect = useCallback((msgid: string, index: number, modifiers: SelectModifiers) => {
    const from = anchor.current;
    if (modifiers.shiftKey && from !== null) {
      // The run from the last message selected to this one (the rows loaded; a run is on screen).
      const runRefs: MessageRef[] = [];
      for (let at = Math.min(from, index); at <= Math.max(from, index); at += 1) {
        const row = pagesRef.current.rowAt(at);
        if (row) runRefs.push(refOf(row));
      }
      setSelection((current) => {
        const next = new Map(current);
        for (const ref of runRefs) next.set(ref.msgid, ref);
        return next;
      });
    } else {
      const row = pagesRef.current.rowAt(index);
      if (!row || row.msgid !== msgid) return;
      setSelection((current) => {
        const next = new Map(current);
        if (next.has(msgid)) next.delete(msgid);
        else next.set(msgid, refOf(row));
        return next;
      });
    }
    anchor.current = index;
    setFocusIndex(index);
  }, []);

  const first = list.items[0]?.index ?? 0;
  const last = list.items.at(-1)?.index ?? 0;
  const { request } = pages;
  useEffect(() => {
    if (total > 0) request(Math.max(0, first - 1), last);
  }, [request, first, last, total]);

  const jumpToMsgid = useCallback(
    async (msgid: string) => {
      const position = await positionOfMessage(db, corpId, convId, msgid);
      if (position === null) {
        setPendingJump(msgid);
        return;
      }
      listRef.current.scrollToIndex(position, 'center');
      setFocusIndex(position);
      setHighlight(msgid);
      selectMessage(msgid);
    },
    [db, corpId, convId, selectMessage],
  );

  const loaded = total > 0;
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- an external request (hook, link) to move the view
    if (jumpRequest && loaded) void jumpToMsgid(jumpRequest.msgid);
  }, [jumpRequest, loaded, jumpToMsgid]);

  useEffect(() => {
    if (!highlight) return;
    const timer = setTimeout(() => setHighlight(null), 2500);
    return () => clearTimeout(timer);
  }, [highlight]);

  const onSelect = useCallback(
    (msgid: string, index: number, modifiers: SelectModifiers) => {
      if (modifiers.shiftKey || modifiers.ctrlKey || modifiers.metaKey) {
        toggleSelect(msgid, index, modifiers);
        return;
      }
      selectMessage(msgid);
      setFocusIndex(index);
      anchor.current = index;
    },
    [selectMessage, toggleSelect],
  );
  const onJump = useCallback((msgid: string) => void jumpToMsgid(msgid), [jumpToMsgid]);

  const moveFocus = (index: number) => {
    const next = Math.max(0, Math.min(total - 1, index));
    setFocusIndex(next);
    list.scrollToIndex(next, 'center');
    const row = pages.rowAt(next);
    if (row) selectMessage(row.msgid);
  };

  /** The message the reviewer is on: the focused one, else the newest on screen. */
  const currentRef = (): MessageRef | null => {
    const row = pages.rowAt(focusIndex ?? list.lastVisible());
    return row ? refOf(row) : null;
  };
  /** What a triage key acts on: the selection, else the current message. */
  const targets = (): MessageRef[] => {
    if (selection.size > 0) return [...selection.values()];
    const ref = currentRef();
    return ref ? [ref] : [];
  };
  const triageKeys: Record<string, () => void> = {
    j: () => moveFocus((focusIndex ?? list.lastVisible()) + 1),
    k: () => moveFocus((focusIndex ?? list.lastVisible()) - 1),
    f: () => {
      const refs = targets();
      if (refs.length > 0) void marks.toggleFlag(refs);
    },
    F: () => {
      const refs = targets();
      if (refs.length > 0) void marks.cycleSeverity(refs);
    },
    t: () => {
      const refs = targets();
      if (refs.length > 0) setDialog({ kind: 'tag', refs });
    },
    n: () => {
      const ref = currentRef();
      if (ref) setDialog({ kind: 'note', target: ref });
    },
    r: () => {
      const ref = currentRef();
      if (ref) void marks.setReviewState(corpId, convId, 'reviewed', ref);
    },
    x: () => {
      const index = focusIndex ?? list.lastVisible();
      const row = pages.rowAt(index);
      if (row) toggleSelect(row.msgid, index, { shiftKey: false, ctrlKey: false, metaKey: false });
    },
    c: () => {
      const refs = targets();
      if (refs.length > 0) setDialog({ kind: 'case', items: refs.map(messageItem) });
    },
    '?': () => setDialog({ kind: 'shortcuts' }),
    Escape: () => setSelection(NO_SELECTION),
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (total === 0 || event.ctrlKey || event.metaKey || event.altKey) return;
    const triage = triageKeys[event.key];
    // Keys from a dialog (a portal: React bubbles them here) are the dialog's.
    const inside = event.target instanceof Node && event.currentTarget.contains(event.target);
    if (triage && inside && !isEditable(event.target)) {
      event.preventDefault();
      triage();
      return;
    }
    if (event.target !== event.currentTarget) return;
    const current = focusIndex ?? list.lastVisible();
    const pageSize = Math.max(1, list.lastVisible() - list.firstVisible());
    const keys: Record<string, () => void> = {
      ArrowDown: () => moveFocus(current + 1),
      ArrowUp: () => moveFocus(current - 1),
      PageDown: () => moveFocus(current + pageSize),
      PageUp: () => moveFocus(current - pageSize),
      Home: () => moveFocus(0),
      End: () => moveFocus(total - 1),
      Enter: () => {
        const row = pages.rowAt(current);
        if (row) selectMessage(row.msgid);
      },
    };
    const action = keys[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  };

  const [jumpDay, setJumpDay] = useState('');
  const jumpToDate = async (value: string) => {
    setJumpDay(value);
    // The day starts at midnight in the app's time-zone setting, like every time the reader shows.
    const start = zonedDayRange(value, timeZone)?.start;
    if (start === undefined) return;
    const position = await positionOfTime(db, corpId, convId, start);
    list.scrollToIndex(Math.min(position, total - 1), 'start');
    setFocusIndex(Math.min(position, total - 1));
  };

  // The header's actions read the latest state through a ref: one object for the timeline's life, so the
  // memoised header is not re-rendered by a scroll (TimelineHeader.tsx).
  const headerState = useRef({ moveFocus, currentRef, jumpToDate, total });
  // eslint-disable-next-line react-hooks/refs -- latest closures for the header's stable actions
  headerState.current = { moveFocus, currentRef, jumpToDate, total };
  const lastMsgtime = conversation.lastMsgtime;
  const headerActions = useMemo<TimelineHeaderActions>(
    () => ({
      jumpToDate: (day) => void headerState.current.jumpToDate(day),
      jumpLatest: () => headerState.current.moveFocus(headerState.current.total - 1),
      searchInChat: () => openSearch({ corpId, convId }),
      currentMessage: () => headerState.current.currentRef(),
      onJump,
      addChatToCase: () =>
        setDialog({
          kind: 'case',
          items: [{ corpId, kind: 'conversation', ref: convId, convId, msgtime: lastMsgtime }],
        }),
      openShortcuts: () => setDialog({ kind: 'shortcuts' }),
    }),
    [corpId, convId, lastMsgtime, onJump, openSearch],
  );

  const setScroller = useCallback(
    (element: HTMLDivElement | null) => {
      scroller.current = element;
      containerRef(element);
    },
    [containerRef],
  );

  return (
    <section
      className="timeline"
      aria-label={t('reading.timeline.label')}
      data-testid="timeline"
      data-conv={convId}
    >
      <TimelineHeader
        title={title}
        total={total}
        corpId={corpId}
        convId={convId}
        dateId={dateId}
        jumpDay={jumpDay}
        locale={locale}
        timeZone={timeZone}
        actions={headerActions}
      />
      {selection.size > 0 ? (
        <div
          className="timeline__selection"
          role="toolbar"
          aria-label={t('review.bulk.label')}
          data-testid="selection-bar"
        >
          <span data-testid="selection-count" data-count={selection.size}>
            {t('review.selected', { count: selection.size })}
          </span>
          <span className="timeline__flag-as" role="group" aria-label={t('review.flagSeverity')}>
            {SEVERITIES.map((severity) => (
              <button
                key={severity}
                type="button"
                className="button button--secondary"
                onClick={() => void marks.setFlag([...selection.values()], severity)}
                data-testid={`bulk-flag-${severity}`}
              >
                {t('review.bulk.flagAs', { severity: t(`review.severity.${severity}`) })}
              </button>
            ))}
          </span>
          <button
            type="button"
            className="button button--ghost"
            onClick={() => void marks.setFlag([...selection.values()], null)}
          >
            {t('review.bulk.unflag')}
          </button>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => setDialog({ kind: 'tag', refs: [...selection.values()] })}
          >
            {t('review.bulk.tag')}
          </button>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => setDialog({ kind: 'case', items: [...selection.values()].map(messageItem) })}
          >
            {t('review.bulk.addToCase')}
          </button>
          <ExportMessagesButton keys={[...selection.values()]} />
          <button type="button" className="button button--ghost" onClick={() => setSelection(NO_SELECTION)}>
            {t('review.clearSelection')}
          </button>
        </div>
      ) : null}
      {dialog?.kind === 'tag' ? <TagDialog refs={dialog.refs} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'note' ? <NoteDialog target={dialog.target} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'case' ? (
        <AddToCaseDialog items={dialog.items} onClose={() => setDialog(null)} />
      ) : null}
      {dialog?.kind === 'shortcuts' ? <ShortcutSheet onClose={() => setDialog(null)} /> : null}
      {pendingJump ? (
        <div className="banner banner--warning small">
          {t('reading.system.revokeMissing', { msgid: pendingJump })}{' '}
          <button type="button" className="inline-link" onClick={() => setPendingJump(null)}>
            ×
          </button>
        </div>
      ) : null}
      {total === 0 ? (
        <p className="muted timeline__empty">
          {counted === undefined ? t('reading.timeline.loading') : t('reading.timeline.empty')}
        </p>
      ) : null}
      <div
        ref={setScroller}
        className="timeline__scroll"
        tabIndex={0}
        onKeyDown={onKeyDown}
        aria-describedby={`${dateId}-hint`}
        data-testid="timeline-scroll"
      >
        <div className="timeline__canvas" style={{ height: list.totalHeight }}>
          {list.items.map(({ index, top }) => {
            const row = pages.rowAt(index);
            return (
              <div
                key={index}
                ref={list.measureRef(index)}
                className="timeline__row"
                style={{ transform: `translateY(${top}px)` }}
              >
                <TimelineItem
                  row={row}
                  previous={index > 0 ? pages.rowAt(index - 1) : undefined}
                  index={index}
                  selected={row !== undefined && row.msgid === selectedMsgid}
                  highlighted={(row !== undefined && row.msgid === highlight) || focusIndex === index}
                  searchHit={row !== undefined && row.msgid === searchHit}
                  recall={row ? conversation.recalls[row.msgid] : undefined}
                  directory={directory}
                  locale={locale}
                  timeZone={timeZone}
                  onSelect={onSelect}
                  onJump={onJump}
                  marks={row ? messageMarks.get(row.msgid) : undefined}
                  alert={row ? messageAlerts.get(row.msgid) : undefined}
                  tagColours={tagColours}
                  checked={row !== undefined && selection.has(row.msgid)}
                  onToggleSelect={toggleSelect}
                  reviewedBy={
                    row !== undefined && row.msgid === reviewedUpTo ? (reviewState?.by ?? '') : undefined
                  }
                />
              </div>
            );
          })}
        </div>
      </div>
      <p id={`${dateId}-hint`} className="muted small timeline__hint">
        {t('reading.timeline.keyboardHint')}
      </p>
    </section>
  );
}
