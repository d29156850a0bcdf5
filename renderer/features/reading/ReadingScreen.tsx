import { useLiveQuery } from 'dexie-react-hooks';
import { corpConversations } from '../../db';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppState } from '../../state';
import { Button } from '../../ui/Button';
import { useAppServices } from '../appServices';
import {
  ArchiveHeading,
  ArchiveHereNotice,
  CorpArchiveStats,
  LatestMessages,
  useArchiveHere,
  useCorpChoice,
} from '../archive';
import { useLocale } from '../useLocale';
import { LinkConfirmProvider } from './cards/ExternalLink';
import { ConversationList, conversationTitle } from './conversations/ConversationList';
import { rebuildConversationsIfMissing } from './conversations/conversationIndex';
import type { ConversationRow } from './conversations/conversationIndex';
import { ConversationDetail, MessageDetail } from './detail/DetailPanels';
import { refreshDirectory } from './directory/directoryCache';
import { useDirectory } from './directory/useDirectory';
import { Timeline } from './timeline/Timeline';
import type {} from './readingTestHook';
import './reading.css';

const EMPTY: readonly ConversationRow[] = [];
/** After this long "Preparing the chat list…" says why it may take a while. */
const LONG_PREPARE_MS = 5_000;

/**
 * The Archive screen: conversation list, virtualised timeline, and a detail panel (chat or message).
 * The former overview (counts, latest messages) stays one click away.
 */
export function ReadingScreen() {
  const { t } = useTranslation();
  const { options, corpId, archivedLoaded } = useCorpChoice();
  const showArchiveOf = useAppState((state) => state.showArchiveOf);
  const setView = useAppState((state) => state.setView);
  const [overview, setOverview] = useState(false);
  const openedMessage = useAppState((state) => state.openedMessage);
  const clearOpenedMessage = useAppState((state) => state.clearOpenedMessage);

  // A message opened from another screen (search): show its corp's reader; CorpReader opens the chat.
  const openedCorpId = openedMessage?.corpId ?? null;
  const openedCorpKnown = options.some((option) => option.id === openedCorpId);
  useEffect(() => {
    if (openedCorpId === null) return;
    if (!openedCorpKnown) {
      if (archivedLoaded) clearOpenedMessage();
      return;
    }
    // eslint-disable-next-line react-hooks/set-state-in-effect -- an external request to show the reader
    setOverview(false);
    if (openedCorpId !== corpId) showArchiveOf(openedCorpId);
  }, [openedCorpId, openedCorpKnown, corpId, showArchiveOf, clearOpenedMessage, archivedLoaded]);

  return (
    <LinkConfirmProvider>
      <div className="reading">
        <ArchiveHeading title={t('reading.title')} options={options} corpId={corpId}>
          {corpId ? (
            <Button
              variant="ghost"
              aria-pressed={overview}
              onClick={() => setOverview(!overview)}
              data-testid="toggle-overview"
            >
              {overview ? t('reading.hideOverview') : t('reading.showOverview')}
            </Button>
          ) : null}
        </ArchiveHeading>
        {corpId === null ? (
          <div className="empty-state">
            <p>{t('archive.empty')}</p>
            <Button variant="primary" onClick={() => setView('pull')}>
              {t('archive.emptyAction')}
            </Button>
          </div>
        ) : overview ? (
          <div className="screen">
            <CorpArchiveStats key={`stats-${corpId}`} corpId={corpId} />
            <LatestMessages key={`latest-${corpId}`} corpId={corpId} />
          </div>
        ) : (
          <CorpReader key={corpId} corpId={corpId} />
        )}
      </div>
    </LinkConfirmProvider>
  );
}

function CorpReader({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { db, archive, auditTrail } = useAppServices();
  const directory = useDirectory(corpId);
  const selected = useAppState((state) => state.readingConvId);
  const openConversation = useAppState((state) => state.openConversation);
  const msgid = useAppState((state) => state.readingMsgid);
  const selectMessage = useAppState((state) => state.selectMessage);
  const isConfigured = useAppState((state) => state.corps.some((corp) => corp.id === corpId));
  // The reader mounts per corp (keyed), so this starts true for each corp.
  const [rebuilding, setRebuilding] = useState(true);
  const [names, setNames] = useState<{ state: 'idle' | 'busy' | 'failed'; message?: string }>({
    state: 'idle',
  });
  const [forceNames, setForceNames] = useState(0);
  const [jumpRequest, setJumpRequest] = useState<{ convId: string; msgid: string } | null>(null);
  const openedMessage = useAppState((state) => state.openedMessage);
  const clearOpenedMessage = useAppState((state) => state.clearOpenedMessage);
  // The audit trail (issue 11): one entry per conversation opened.
  useEffect(() => {
    if (selected) void auditTrail.append('conversation.viewed', { corpId, convId: selected });
  }, [auditTrail, corpId, selected]);

  // e2e/bench hook (read-only navigation): open a chat, optionally at a message.
  useEffect(() => {
    window.__archiveReading = {
      open: (convId, msgid) => {
        openConversation(convId);
        setJumpRequest(msgid ? { convId, msgid } : null);
      },
    };
    return () => {
      delete window.__archiveReading;
    };
  }, [openConversation]);

  // Search's openMessage (navigationSlice): open the chat at that message, then consume the request.
  useEffect(() => {
    if (!openedMessage || openedMessage.corpId !== corpId) return;
    openConversation(openedMessage.convId);
    // eslint-disable-next-line react-hooks/set-state-in-effect -- an external request to move the view
    setJumpRequest({ convId: openedMessage.convId, msgid: openedMessage.msgid });
    clearOpenedMessage();
  }, [openedMessage, corpId, openConversation, clearOpenedMessage]);

  const conversations =
    useLiveQuery(() => corpConversations(db, corpId).reverse().toArray(), [db, corpId]) ?? EMPTY;

  useEffect(() => {
    let cancelled = false;
    void rebuildConversationsIfMissing(db, corpId).finally(() => {
      if (!cancelled) setRebuilding(false);
    });
    return () => {
      cancelled = true;
    };
  }, [db, corpId]);

  // Resolve names in main (and cache them) whenever the list has chats not resolved recently.
  const conversationCount = conversations.length;
  useEffect(() => {
    if (!isConfigured || conversationCount === 0) return;
    let cancelled = false;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- shows that a look-up in main has started
    setNames({ state: 'busy' });
    void refreshDirectory(db, archive, corpId, conversations, { force: forceNames > 0 })
      .then((result) => {
        if (!cancelled)
          setNames(result.failed ? { state: 'failed', message: result.failed } : { state: 'idle' });
      })
      .catch((error: unknown) => {
        if (!cancelled)
          setNames({ state: 'failed', message: error instanceof Error ? error.message : String(error) });
      });
    return () => {
      cancelled = true;
    };
    // Re-run when chats appear, not on every summary update.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [db, archive, corpId, conversationCount, isConfigured, forceNames]);

  const here = useArchiveHere(corpId);
  const preparing = rebuilding && conversations.length === 0 && here !== 'first-pull' && here !== 'elsewhere';
  // A list that takes long is usually a schema upgrade of a large archive after an app update (the
  // archive opens only when it is done: ~65 s for a million messages, docs/ARCHITECTURE.md §9.1).
  const [preparingLong, setPreparingLong] = useState(false);
  useEffect(() => {
    if (!preparing) {
      // eslint-disable-next-line react-hooks/set-state-in-effect -- the wait is over
      setPreparingLong(false);
      return;
    }
    const timer = setTimeout(() => setPreparingLong(true), LONG_PREPARE_MS);
    return () => clearTimeout(timer);
  }, [preparing]);
  const current = conversations.find((c) => c.convId === selected) ?? null;
  const title = current ? conversationTitle(current, directory) : '';

  return (
    <div className="reader" data-testid="reader">
      <aside className="reader__list">
        {names.state === 'busy' ? <p className="muted small">{t('reading.list.resolving')}</p> : null}
        {names.state === 'failed' ? (
          <p className="muted small" data-testid="names-offline">
            {t('reading.list.namesOffline', { message: names.message ?? '' })}
          </p>
        ) : null}
        {isConfigured ? (
          <button type="button" className="inline-link small" onClick={() => setForceNames((n) => n + 1)}>
            {t('reading.list.refreshNames')}
          </button>
        ) : null}
        {conversations.length === 0 && (here === 'first-pull' || here === 'elsewhere') ? (
          <ArchiveHereNotice corpId={corpId} here={here} />
        ) : null}
        {preparing ? <p className="muted">{t('reading.list.rebuilding')}</p> : null}
        {preparing && preparingLong ? (
          <p className="muted small" data-testid="list-preparing-long">
            {t('reading.list.rebuildingLong')}
          </p>
        ) : null}
        {!rebuilding && conversations.length === 0 && (here === 'empty' || here === 'has') ? (
          <p className="muted">{t('reading.list.noArchive')}</p>
        ) : null}
        {conversations.length > 0 ? (
          <ConversationList
            conversations={conversations}
            directory={directory}
            selected={selected}
            onOpen={openConversation}
            locale={locale}
          />
        ) : null}
      </aside>
      <div className="reader__timeline">
        {current ? (
          <Timeline
            key={current.convId}
            corpId={corpId}
            conversation={current}
            title={title}
            directory={directory}
            jumpRequest={jumpRequest?.convId === current.convId ? jumpRequest : null}
          />
        ) : (
          <p className="muted timeline__empty">{t('reading.timeline.choose')}</p>
        )}
      </div>
      <aside className="reader__detail">
        {msgid ? (
          <MessageDetail
            corpId={corpId}
            msgid={msgid}
            directory={directory}
            onClose={() => selectMessage(null)}
          />
        ) : current ? (
          <ConversationDetail conversation={current} directory={directory} title={title} locale={locale} />
        ) : null}
      </aside>
    </div>
  );
}
