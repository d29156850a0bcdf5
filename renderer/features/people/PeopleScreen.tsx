import { useLiveQuery } from 'dexie-react-hooks';
import { corpConversations } from '../../db';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../lib/formatTime';
import { useAppState } from '../../state';
import { Badge } from '../../ui/Badge';
import { Section } from '../../ui/Section';
import { Table } from '../../ui/Table';
import { useAppServices } from '../appServices';
import { ArchiveHeading, useCorpChoice } from '../archive';
import { isExternalId, isRobotId, useDirectory, type ConversationRow, type Directory } from '../reading';
import { useLocale } from '../useLocale';
import { DirectoryImport } from './DirectoryImport';
import { peopleOf, type PersonSummary } from './personActivity';
import { PersonView } from './PersonView';
import './people.css';

const EMPTY: readonly ConversationRow[] = [];
const LIST_LIMIT = 200;

/** The People screen: everyone of a corp with their counts, the directory import, and one person's view. */
export function PeopleScreen() {
  const { t } = useTranslation();
  const { options, corpId } = useCorpChoice();
  const opened = useAppState((state) => state.openedPerson);
  const personCorp = opened && options.some((o) => o.id === opened.corpId) ? opened.corpId : corpId;
  return (
    <div className="screen people">
      <ArchiveHeading title={t('people.title')} options={options} corpId={personCorp} />
      {personCorp === null ? (
        <p className="empty-state">{t('archive.empty')}</p>
      ) : opened && opened.corpId === personCorp ? (
        <PersonView
          key={`${opened.corpId}\u0000${opened.userid}`}
          corpId={opened.corpId}
          userid={opened.userid}
        />
      ) : (
        <PeopleList key={personCorp} corpId={personCorp} />
      )}
    </div>
  );
}

function kindBadge(t: (key: string) => string, id: string) {
  if (isRobotId(id)) return <Badge tone="warning">{t('reading.badge.robot')}</Badge>;
  if (isExternalId(id)) return <Badge tone="info">{t('reading.badge.external')}</Badge>;
  return null;
}

function PeopleList({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { db } = useAppServices();
  const directory = useDirectory(corpId);
  const openPerson = useAppState((state) => state.openPerson);
  const [filter, setFilter] = useState('');
  const conversations = useLiveQuery(() => corpConversations(db, corpId).toArray(), [db, corpId]) ?? EMPTY;
  const people = useMemo(() => peopleOf(conversations), [conversations]);
  const shown = useMemo(() => matching(people, directory, filter), [people, directory, filter]);
  return (
    <>
      <Section title={t('people.listTitle', { count: people.length })} id="people-list">
        <label className="inline-field">
          <span>{t('people.filter')}</span>
          <input
            className="input"
            type="search"
            value={filter}
            onChange={(event) => setFilter(event.target.value)}
            placeholder={t('people.filterPlaceholder')}
          />
        </label>
        <Table<PersonSummary>
          caption={t('people.listTitle', { count: people.length })}
          rowKey={(person) => person.id}
          rows={shown.slice(0, LIST_LIMIT)}
          onRowActivate={(person) => openPerson(corpId, person.id)}
          empty={t('people.none')}
          columns={[
            {
              key: 'name',
              header: t('people.column.name'),
              render: (person) => (
                <span className="people__name" data-userid={person.id}>
                  <bdi>{directory.nameOf(person.id)}</bdi>{' '}
                  {directory.isResolved(person.id) ? <code className="muted small">{person.id}</code> : null}{' '}
                  {kindBadge(t, person.id)}
                </span>
              ),
            },
            {
              key: 'department',
              header: t('people.column.department'),
              render: (person) => directory.department(person.id) ?? '—',
            },
            {
              key: 'sent',
              header: t('people.column.sent'),
              numeric: true,
              render: (person) => formatNumber(person.sent, locale),
            },
            {
              key: 'chats',
              header: t('people.column.chats'),
              numeric: true,
              render: (person) => formatNumber(person.chats, locale),
            },
          ]}
        />
        {shown.length > LIST_LIMIT ? (
          <p className="muted small">{t('people.more', { count: shown.length - LIST_LIMIT })}</p>
        ) : null}
      </Section>
      <DirectoryImport corpId={corpId} />
    </>
  );
}

function matching(people: readonly PersonSummary[], directory: Directory, typed: string): PersonSummary[] {
  const needle = typed.trim().toLowerCase();
  if (!needle) return [...people];
  return people.filter(
    (person) =>
      person.id.toLowerCase().includes(needle) ||
      directory.nameOf(person.id).toLowerCase().includes(needle) ||
      (directory.department(person.id) ?? '').toLowerCase().includes(needle),
  );
}
