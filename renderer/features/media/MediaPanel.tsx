import { useLiveQuery } from 'dexie-react-hooks';
import { corpConversations } from '../../db';
import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MediaKind } from '../../../main/contract';
import { MEDIA_KINDS } from '../../../main/common/media/mediaKinds';
import { formatDateTime } from '../../lib/formatTime';
import { selectTimeZone, useAppState } from '../../state';
import { Isolated } from '../../ui/ArchiveText';
import { Button } from '../../ui/Button';
import { OptionSelect, type SelectOption } from '../../ui/OptionSelect';
import { Section } from '../../ui/Section';
import { DateField } from '../../ui/DateField';
import { useAppServices } from '../appServices';
import { conversationTitle, useDirectory, type ConversationRow, type Directory } from '../reading';
import { useLocale } from '../useLocale';
import { DownloadAllPanel } from './DownloadAllPanel';
import { MediaCard } from './MediaCard';
import { itemOfRow, mediaPage, NO_MEDIA_FILTER, type MediaFilter, type MediaRow } from './mediaRows';

const PAGE_SIZE = 24;
const NO_CONVERSATIONS: readonly ConversationRow[] = [];

/** `yyyy-mm-dd` of a date input as the first or last millisecond of that day, in the system zone. */
function dayBound(value: string, end: boolean): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const [, y, m, d] = match;
  const start = new Date(Number(y), Number(m) - 1, Number(d)).getTime();
  return end ? start + 86_400_000 - 1 : start;
}

/**
 * Every media item of a corp, newest first, a page at a time: each card with who sent it, in which
 * chat and when, and "Show in chat"; filters by type, chat, sender and date; download-all on top.
 */
export function MediaPanel({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const { db, media } = useAppServices();
  const ids = { since: useId(), until: useId() };
  const [filter, setFilter] = useState<MediaFilter>(NO_MEDIA_FILTER);
  const [days, setDays] = useState({ since: '', until: '' });
  const [offset, setOffset] = useState(0);
  const page = useLiveQuery(
    () => mediaPage(db, corpId, filter, offset, PAGE_SIZE),
    [db, corpId, filter, offset],
  );
  const directory = useDirectory(corpId);
  const conversations =
    useLiveQuery(() => corpConversations(db, corpId).reverse().toArray(), [db, corpId]) ?? NO_CONVERSATIONS;
  const chats = useMemo(
    () =>
      conversations
        .map((conversation) => ({
          id: conversation.convId,
          label: conversationTitle(conversation, directory),
        }))
        .sort((a, b) => a.label.localeCompare(b.label)),
    [conversations, directory],
  );
  const titles = useMemo(() => new Map(chats.map((chat) => [chat.id, chat.label])), [chats]);
  const people = useMemo(() => {
    const senders = new Set<string>();
    for (const conversation of conversations)
      for (const id of Object.keys(conversation.senders)) senders.add(id);
    return [...senders]
      .filter((id) => id !== '')
      .map((id) => ({ id, label: directory.nameOf(id) }))
      .sort((a, b) => a.label.localeCompare(b.label));
  }, [conversations, directory]);

  // Messages stored before media rows existed (or before rows named their chat) get theirs once.
  useEffect(() => {
    void media.backfillOnce(corpId);
  }, [media, corpId]);

  // Rows that look unfinished may have finished in main while nobody listened (a reload).
  const unfinished = (page?.rows ?? [])
    .filter((row) => row.state === 'queued' || row.state === 'downloading')
    .map((row) => row.sdkfileid)
    .join('\n');
  useEffect(() => {
    if (unfinished) void media.reconcile(corpId, unfinished.split('\n'));
  }, [media, corpId, unfinished]);

  const change = (next: Partial<MediaFilter>) => {
    setFilter((current) => ({ ...current, ...next }));
    setOffset(0);
  };
  const filtered =
    filter.kind !== 'all' ||
    filter.convId !== null ||
    filter.from !== null ||
    filter.since !== null ||
    filter.until !== null;
  const total = page?.total ?? 0;
  /** A filter on one chat or one sender; '' (its first option) is any. */
  const oneOfField = (
    key: 'convId' | 'from',
    name: 'chat' | 'sender',
    anyLabel: string,
    options: SelectOption[],
  ) => (
    <div className="inline-field">
      <OptionSelect
        label={t(`media.panel.${name}`)}
        data-testid={`media-filter-${name}`}
        value={filter[key] ?? ''}
        emptyLabel={anyLabel}
        options={options}
        onChange={(value) => change({ [key]: value || null })}
      />
    </div>
  );
  /** The first or last day a filtered item may be from (inclusive), in the app's time zone. */
  const dayField = (bound: 'since' | 'until') => (
    <div className="inline-field">
      <label htmlFor={ids[bound]}>{t(`media.panel.${bound}`)}</label>
      <DateField
        id={ids[bound]}
        data-testid={`media-filter-${bound}`}
        value={days[bound]}
        onChange={(day) => {
          setDays((current) => ({ ...current, [bound]: day }));
          change({ [bound]: dayBound(day, bound === 'until') });
        }}
      />
    </div>
  );

  return (
    <Section id="media-panel" title={t('media.panel.title')}>
      <DownloadAllPanel corpId={corpId} />
      <div className="media-filters" role="group" aria-label={t('media.panel.filters')}>
        <div className="inline-field">
          <OptionSelect
            label={t('media.panel.filter')}
            value={filter.kind}
            options={[
              { value: 'all', label: t('media.panel.all') },
              ...MEDIA_KINDS.map((kind) => ({ value: kind, label: t(`media.kind.${kind}`) })),
            ]}
            onChange={(kind) => change({ kind: kind as MediaKind | 'all' })}
          />
        </div>
        {oneOfField(
          'convId',
          'chat',
          t('media.panel.anyChat'),
          chats.map((chat) => ({ value: chat.id, label: chat.label })),
        )}
        {oneOfField(
          'from',
          'sender',
          t('media.panel.anySender'),
          people.map((person) => ({
            value: person.id,
            label: person.label === person.id ? person.id : `${person.label} (${person.id})`,
          })),
        )}
        {dayField('since')}
        {dayField('until')}
        {filtered ? (
          <Button
            variant="ghost"
            onClick={() => {
              setDays({ since: '', until: '' });
              change(NO_MEDIA_FILTER);
            }}
          >
            {t('media.panel.clearFilters')}
          </Button>
        ) : null}
      </div>
      {page && total === 0 ? (
        <p className="muted">{filtered ? t('media.panel.noMatch') : t('media.panel.empty')}</p>
      ) : null}
      <ul className="media-grid" data-testid="media-grid">
        {(page?.rows ?? []).map((row) => (
          <li key={row.sdkfileid} className="media-grid__item" data-msgid={row.msgid}>
            <MediaOriginLine
              row={row}
              directory={directory}
              chatTitle={titles.get(row.convId ?? '') ?? null}
            />
            <MediaCard corpId={corpId} msgid={row.msgid} item={itemOfRow(row)} />
          </li>
        ))}
      </ul>
      {total > PAGE_SIZE ? (
        <div className="button-row">
          <Button disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
            {t('media.panel.previous')}
          </Button>
          <span className="muted">
            {t('media.panel.page', { from: offset + 1, to: Math.min(total, offset + PAGE_SIZE), total })}
          </span>
          <Button disabled={offset + PAGE_SIZE >= total} onClick={() => setOffset(offset + PAGE_SIZE)}>
            {t('media.panel.next')}
          </Button>
        </div>
      ) : null}
    </Section>
  );
}

/** Who sent the item, in which chat and when, and the way to the message in its chat. */
function MediaOriginLine({
  row,
  directory,
  chatTitle,
}: {
  row: MediaRow;
  directory: Directory;
  chatTitle: string | null;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const timeZone = useAppState(selectTimeZone);
  const openMessage = useAppState((state) => state.openMessage);
  const convId = row.convId;
  return (
    <div className="media-origin" data-testid="media-origin">
      <div className="media-origin__who">
        <span className="media-origin__sender" data-testid="media-origin-sender">
          {row.from ? <Isolated text={directory.nameOf(row.from)} /> : '—'}
        </span>
        <span className="muted"> · </span>
        <span className="media-origin__chat" data-testid="media-origin-chat">
          {convId ? <Isolated text={chatTitle ?? convId} /> : '—'}
        </span>
      </div>
      <div className="media-origin__when">
        <time
          className="muted small"
          data-testid="media-origin-time"
          dateTime={row.msgtime === undefined ? undefined : new Date(row.msgtime).toISOString()}
        >
          {row.msgtime === undefined ? '—' : formatDateTime(row.msgtime, locale, timeZone)}
        </time>
        {convId ? (
          <Button
            variant="ghost"
            className="button--small"
            data-testid="media-show-in-chat"
            onClick={() => openMessage(row.corpId, convId, row.msgid)}
          >
            {t('media.panel.showInChat')}
          </Button>
        ) : null}
      </div>
    </div>
  );
}
