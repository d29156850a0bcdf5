import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { conversationKind, messagesPage } from '../../db';
import type { MessageKey, MessageRow } from '../../db';
import { msgtypeLabel } from '../../i18n/messageLabels';
import { formatDateTime } from '../../lib/formatTime';
import { selectTimeZone, useAppState } from '../../state';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Section } from '../../ui/Section';
import type { Column } from '../../ui/Table';
import { Table } from '../../ui/Table';
import { useAppServices } from '../appServices';
import { conversationNames, useDirectory } from '../reading';
import { useLocale } from '../useLocale';
import { RawMessageView } from './RawMessageView';
import { StatusBadge } from './StatusBadge';

const PAGE_SIZE = 50;

/** The newest messages of a corp, a page at a time (never the whole archive in the DOM). */
export function LatestMessages({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const timeZone = useAppState(selectTimeZone);
  const { db } = useAppServices();
  const directory = useDirectory(corpId);
  const [position, setPosition] = useState<{ before?: string; after?: string }>({});
  const [selected, setSelected] = useState<MessageKey | null>(null);
  const page = useLiveQuery(
    () => messagesPage(db, corpId, position, PAGE_SIZE),
    [db, corpId, position.before, position.after],
  );
  const rows = page?.rows ?? [];
  const first = rows[0];
  const last = rows[rows.length - 1];

  const columns: Column<MessageRow>[] = [
    {
      key: 'time',
      header: t('archive.table.time'),
      render: (row) =>
        row.msgtime ? formatDateTime(row.msgtime, locale, timeZone) : t('archive.unknownTime'),
    },
    { key: 'seq', header: t('archive.table.seq'), numeric: true, render: (row) => <code>{row.seq}</code> },
    {
      key: 'sender',
      header: t('archive.table.sender'),
      render: (row) => (row.from ? <bdi>{directory.nameOf(row.from)}</bdi> : '—'),
    },
    {
      key: 'chat',
      header: t('archive.table.chat'),
      render: (row) =>
        row.convId ? (
          <>
            <Badge>{t(`archive.chatKind.${conversationKind(row.convId)}`)}</Badge>{' '}
            <bdi className="ellipsis">{conversationNames(row.convId, directory)}</bdi>
          </>
        ) : (
          '—'
        ),
    },
    { key: 'type', header: t('archive.table.type'), render: (row) => msgtypeLabel(t, row.msgtype) },
    { key: 'status', header: t('archive.table.status'), render: (row) => <StatusBadge row={row} /> },
  ];

  return (
    <div className={selected ? 'messages-layout messages-layout--with-detail' : 'messages-layout'}>
      <Section
        id="latest-messages"
        title={t('archive.table.title')}
        actions={
          <div className="button-row" role="group" aria-label={t('archive.table.title')}>
            <Button disabled={!page?.hasNewer} onClick={() => setPosition({})}>
              {t('archive.table.newest')}
            </Button>
            <Button
              disabled={!page?.hasNewer || !first}
              onClick={() => first && setPosition({ after: first.seqKey })}
            >
              {t('archive.table.newer')}
            </Button>
            <Button
              disabled={!page?.hasOlder || !last}
              onClick={() => last && setPosition({ before: last.seqKey })}
            >
              {t('archive.table.older')}
            </Button>
          </div>
        }
      >
        <p className="muted">{t('archive.table.hint')}</p>
        <Table
          caption={t('archive.table.caption')}
          columns={columns}
          rows={rows}
          rowKey={(row) => row.msgid}
          onRowActivate={(row) => setSelected([row.corpId, row.msgid])}
          selectedKey={selected?.[1] ?? null}
          empty={page ? t('archive.empty') : t('common.loading')}
        />
      </Section>
      {selected ? (
        <div className="messages-layout__detail">
          <RawMessageView messageKey={selected} onClose={() => setSelected(null)} />
        </div>
      ) : null}
    </div>
  );
}
