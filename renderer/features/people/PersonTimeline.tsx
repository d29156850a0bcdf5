import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageRow } from '../../db';
import { selectTimeZone, useAppState } from '../../state';
import { useAppServices } from '../appServices';
import {
  conversationTitle,
  LinkConfirmProvider,
  TimelineItem,
  useDirectory,
  useVirtualList,
  type ConversationRow,
} from '../reading';
import { useLocale } from '../useLocale';
import type { OwnMessageKey } from './personActivity';

/** Rows fetched at a time around what is on screen. */
const PAGE = 60;
const ESTIMATE = 96;

/**
 * The person's own messages across every chat, oldest first, windowed like the reader's timeline
 * (only the rows near the viewport are in the DOM and fetched) and drawn by the reader's own card.
 * Each message says which chat it is in; clicking it opens it there.
 */
export function PersonTimeline({
  corpId,
  own,
  conversations,
}: {
  corpId: string;
  own: readonly OwnMessageKey[];
  conversations: readonly ConversationRow[];
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const timeZone = useAppState(selectTimeZone);
  const { db } = useAppServices();
  const directory = useDirectory(corpId);
  const openMessage = useAppState((state) => state.openMessage);
  const { containerRef, measureRef, items, totalHeight } = useVirtualList(own.length, ESTIMATE, false);
  const [rows, setRows] = useState<ReadonlyMap<string, MessageRow>>(new Map());
  const byConv = useMemo(() => new Map(conversations.map((c) => [c.convId, c])), [conversations]);

  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;
  useEffect(() => {
    const from = Math.max(0, Math.floor(first / PAGE) * PAGE - PAGE);
    const to = Math.min(own.length, (Math.floor(last / PAGE) + 2) * PAGE);
    const missing = own.slice(from, to).filter((key) => !rows.has(key.msgid));
    if (missing.length === 0) return;
    let cancelled = false;
    void db.messages.bulkGet(missing.map((key): [string, string] => [corpId, key.msgid])).then((found) => {
      if (cancelled) return;
      setRows((before) => {
        const next = new Map(before);
        for (const row of found) if (row) next.set(row.msgid, row);
        return next;
      });
    });
    return () => {
      cancelled = true;
    };
  }, [db, corpId, own, first, last, rows]);

  if (own.length === 0) return <p className="muted">{t('people.timeline.none')}</p>;
  return (
    <LinkConfirmProvider>
      <div className="person__timeline" ref={containerRef} data-testid="person-timeline">
        <div className="timeline__canvas" style={{ height: totalHeight }}>
          {items.map(({ index, top }) => {
            const key = own[index];
            if (!key) return null;
            const row = rows.get(key.msgid);
            const previousKey = index > 0 ? own[index - 1] : undefined;
            const conversation = byConv.get(key.convId);
            return (
              <div
                key={key.msgid}
                ref={measureRef(index)}
                className="timeline__row person__row"
                style={{ transform: `translateY(${top}px)` }}
                data-msgid={key.msgid}
                data-conv={key.convId}
              >
                <div className="person__chat muted small">
                  {t('people.timeline.in', {
                    chat: conversation ? conversationTitle(conversation, directory) : key.convId,
                  })}
                </div>
                <TimelineItem
                  row={row}
                  previous={previousKey ? rows.get(previousKey.msgid) : undefined}
                  index={index}
                  selected={false}
                  highlighted={false}
                  recall={conversation?.recalls[key.msgid]}
                  directory={directory}
                  locale={locale}
                  timeZone={timeZone}
                  onSelect={(msgid) => openMessage(corpId, key.convId, msgid)}
                  onJump={(msgid) => openMessage(corpId, key.convId, msgid)}
                />
              </div>
            );
          })}
        </div>
      </div>
    </LinkConfirmProvider>
  );
}
