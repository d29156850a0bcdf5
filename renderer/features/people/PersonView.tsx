import { useLiveQuery } from 'dexie-react-hooks';
import { corpConversations } from '../../db';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber } from '../../lib/formatTime';
import { selectTimeZone, useAppState } from '../../state';
import { Button } from '../../ui/Button';
import { Section } from '../../ui/Section';
import { StatGrid } from '../../ui/StatGrid';
import { Table } from '../../ui/Table';
import { useAppServices } from '../appServices';
import { ExportPersonButton } from '../export';
import {
  conversationTitle,
  isExternalId,
  isRobotId,
  namesOf,
  useDirectory,
  type ConversationRow,
} from '../reading';
import { useLocale } from '../useLocale';
import { personActivity, type ChatActivity } from './personActivity';
import { PersonTimeline } from './PersonTimeline';

/**
 * One person of one corp: every conversation they are in with how much they wrote there, messages per
 * day, first and last message, every name they were known by, and their own messages across chats.
 */
export function PersonView({ corpId, userid }: { corpId: string; userid: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const timeZone = useAppState(selectTimeZone);
  const { db, auditTrail } = useAppServices();
  const directory = useDirectory(corpId);
  const closePerson = useAppState((state) => state.closePerson);
  const openConversation = useAppState((state) => state.openConversation);
  const showArchiveOf = useAppState((state) => state.showArchiveOf);
  const setView = useAppState((state) => state.setView);

  // The audit trail (issue 11): looking at a person shows their messages, like opening a chat.
  useEffect(() => {
    void auditTrail.append('person.viewed', { corpId, userid });
  }, [auditTrail, corpId, userid]);

  const conversations = useLiveQuery(() => corpConversations(db, corpId).toArray(), [db, corpId]);
  const activity = useLiveQuery(
    async () => (conversations ? personActivity(db, corpId, userid, conversations, timeZone) : undefined),
    [db, corpId, userid, conversations, timeZone],
  );
  const names = useLiveQuery(() => namesOf(db, corpId, userid), [db, corpId, userid]) ?? [];
  const maxPerDay = useMemo(() => Math.max(1, ...(activity?.perDay ?? []).map((d) => d.count)), [activity]);

  const name = directory.nameOf(userid);
  const kind = isRobotId(userid) ? 'robot' : isExternalId(userid) ? 'external' : 'internal';
  const openChat = (conversation: ConversationRow) => {
    showArchiveOf(corpId);
    openConversation(conversation.convId);
    setView('archive');
  };

  return (
    <div className="person" data-testid="person-view" data-userid={userid}>
      <div className="person__head">
        <Button variant="ghost" onClick={closePerson}>
          {t('people.back')}
        </Button>
        <h2 className="person__name">
          <bdi>{name}</bdi>
        </h2>
        {name !== userid ? <code className="muted">{userid}</code> : null}
        <span className="badge">{t(`people.kind.${kind}`)}</span>
        {directory.department(userid) ? <span className="muted">{directory.department(userid)}</span> : null}
        {activity && activity.own.length > 0 ? (
          <ExportPersonButton
            corpId={corpId}
            userid={userid}
            name={name}
            msgids={activity.own.map((message) => message.msgid)}
          />
        ) : null}
      </div>
      {activity === undefined ? (
        <p className="muted" role="status">
          {t('people.loading')}
        </p>
      ) : (
        <>
          <StatGrid
            stats={[
              { label: t('people.stat.sent'), value: formatNumber(activity.own.length, locale) },
              { label: t('people.stat.chats'), value: formatNumber(activity.chats.length, locale) },
              {
                label: t('people.stat.firstSeen'),
                value:
                  activity.firstSeen === null ? '—' : formatDateTime(activity.firstSeen, locale, timeZone),
              },
              {
                label: t('people.stat.lastSeen'),
                value: activity.lastSeen === null ? '—' : formatDateTime(activity.lastSeen, locale, timeZone),
              },
            ]}
          />
          <Section title={t('people.names.title')} id="person-names">
            {names.length === 0 ? (
              <p className="muted">{t('people.names.none')}</p>
            ) : (
              <ul className="person__names" data-testid="person-names">
                {names.map((entry) => (
                  <li key={`${entry.source}\u0000${entry.name}`}>
                    <bdi>{entry.name}</bdi>{' '}
                    <span className="muted small">
                      {t(`people.names.source.${entry.source}`)} ·{' '}
                      {t('people.names.seen', {
                        first: formatDateTime(entry.firstSeenAt, locale, timeZone),
                        last: formatDateTime(entry.lastSeenAt, locale, timeZone),
                      })}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </Section>
          <Section title={t('people.chats.title', { count: activity.chats.length })} id="person-chats">
            <Table<ChatActivity>
              caption={t('people.chats.title', { count: activity.chats.length })}
              rowKey={(chat) => chat.conversation.convId}
              rows={activity.chats}
              onRowActivate={(chat) => openChat(chat.conversation)}
              empty={t('people.chats.none')}
              columns={[
                {
                  key: 'chat',
                  header: t('people.chats.chat'),
                  render: (chat) => (
                    <span data-conv={chat.conversation.convId}>
                      <bdi>{conversationTitle(chat.conversation, directory)}</bdi>
                    </span>
                  ),
                },
                {
                  key: 'sent',
                  header: t('people.chats.sent'),
                  numeric: true,
                  render: (chat) => formatNumber(chat.sent, locale),
                },
                {
                  key: 'total',
                  header: t('people.chats.total'),
                  numeric: true,
                  render: (chat) => formatNumber(chat.conversation.count, locale),
                },
                {
                  key: 'last',
                  header: t('people.chats.last'),
                  render: (chat) => formatDateTime(chat.conversation.lastMsgtime, locale, timeZone),
                },
              ]}
            />
          </Section>
          <Section title={t('people.days.title', { count: activity.perDay.length })} id="person-days">
            {activity.perDay.length === 0 ? (
              <p className="muted">{t('people.days.none')}</p>
            ) : (
              <ol className="person__days" data-testid="person-days">
                {activity.perDay.map((day) => (
                  <li key={day.day} data-day={day.day} data-count={day.count}>
                    <span className="person__day">{day.day}</span>
                    <span
                      className="person__bar"
                      style={{ inlineSize: `${Math.max(2, (day.count / maxPerDay) * 100)}%` }}
                      aria-hidden="true"
                    />
                    <span className="person__count">{formatNumber(day.count, locale)}</span>
                  </li>
                ))}
              </ol>
            )}
          </Section>
          <Section title={t('people.timeline.title', { count: activity.own.length })} id="person-timeline">
            <PersonTimeline corpId={corpId} own={activity.own} conversations={conversations ?? []} />
          </Section>
        </>
      )}
    </div>
  );
}
