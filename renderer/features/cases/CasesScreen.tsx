import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { readMessage } from '../../../main/common/message';
import type { MessageRow } from '../../db';
import { formatDateTime } from '../../lib/formatTime';
import { selectTimeZone, useAppState } from '../../state';
import { Button } from '../../ui/Button';
import { Field } from '../../ui/Field';
import { TextField } from '../../ui/TextField';
import { labelledOptions, SelectField } from '../../ui/OptionSelect';
import { ScreenSection } from '../../ui/ScreenSection';
import { Table } from '../../ui/Table';
import { useAppServices } from '../appServices';
import { ExportCaseButton } from '../export';
import {
  buildDirectory,
  conversationTitle,
  directoryRows,
  MessageBodyView,
  type ConversationRow,
  type Directory,
} from '../reading';
import { MarkBadges, messageKey, useMessagesMarks, useTagColours, type MessageMarks } from '../review';
import { useLocale } from '../useLocale';
import {
  CASE_DESCRIPTION_MAX,
  CASE_NAME_MAX,
  CASE_STATUSES,
  caseTables,
  type CaseItemRow,
  type CaseRow,
  type CaseStatus,
} from './cases';
import './cases.css';

/** The Cases screen (issue 11): the list with create and edit, and one case's own timeline. */
export function CasesScreen() {
  const [openId, setOpenId] = useState<string | null>(null);
  return openId ? (
    <CaseView caseId={openId} onBack={() => setOpenId(null)} />
  ) : (
    <CaseList onOpen={setOpenId} />
  );
}

function CaseList({ onOpen }: { onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const timeZone = useAppState(selectTimeZone);
  const { db, cases } = useAppServices();
  const list = useLiveQuery(() => cases.list(), [cases]);
  const counts = useLiveQuery(async () => {
    const map = new Map<string, number>();
    await caseTables(db).items.each((item) => map.set(item.caseId, (map.get(item.caseId) ?? 0) + 1));
    return map;
  }, [db]);
  const [creating, setCreating] = useState(false);
  return (
    <ScreenSection
      id="cases"
      testId="cases-screen"
      title={t('cases.title')}
      actions={
        <Button variant="primary" onClick={() => setCreating(true)} data-testid="case-create">
          {t('cases.create')}
        </Button>
      }
    >
      <p>{t('cases.intro')}</p>
      {creating ? (
        <CaseForm
          onDone={(created) => {
            setCreating(false);
            if (created) onOpen(created.id);
          }}
        />
      ) : null}
      {list ? (
        <Table
          caption={t('cases.title')}
          rows={list}
          rowKey={(row) => row.id}
          empty={t('cases.empty')}
          columns={[
            {
              key: 'name',
              header: t('cases.name'),
              render: (row) => (
                <button
                  type="button"
                  className="inline-link"
                  onClick={() => onOpen(row.id)}
                  data-testid="case-open"
                  data-case-name={row.name}
                >
                  <bdi>{row.name}</bdi>
                </button>
              ),
            },
            {
              key: 'status',
              header: t('cases.status'),
              render: (row) => <StatusBadge status={row.status} />,
            },
            {
              key: 'items',
              header: t('cases.columns.items'),
              numeric: true,
              render: (row) => counts?.get(row.id) ?? 0,
            },
            {
              key: 'updated',
              header: t('cases.columns.updated'),
              render: (row) => formatDateTime(row.updatedAt, locale, timeZone),
            },
          ]}
        />
      ) : (
        <p>{t('common.loading')}</p>
      )}
    </ScreenSection>
  );
}

function StatusBadge({ status }: { status: CaseStatus }) {
  const { t } = useTranslation();
  const tone = status === 'open' ? 'info' : status === 'closed' ? 'success' : 'warning';
  return (
    <span className={`badge badge--${tone}`} data-case-status={status}>
      {t(`cases.statuses.${status}`)}
    </span>
  );
}

/** Create (no `current`) or edit a case's name, description and status. */
function CaseForm({ current, onDone }: { current?: CaseRow; onDone: (saved: CaseRow | null) => void }) {
  const { t } = useTranslation();
  const { cases } = useAppServices();
  const [name, setName] = useState(current?.name ?? '');
  const [description, setDescription] = useState(current?.description ?? '');
  const [status, setStatus] = useState<CaseStatus>(current?.status ?? 'open');
  const [problem, setProblem] = useState<string | null>(null);
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setProblem(t('cases.nameRequired'));
      return;
    }
    const saved = current
      ? await cases.update(current.id, { name, description, status })
      : await cases.create(name, description);
    onDone(saved);
  };
  return (
    <form className="case-form" onSubmit={(event) => void onSubmit(event)} data-testid="case-form">
      <TextField
        label={t('cases.name')}
        error={problem}
        className="input"
        value={name}
        maxLength={CASE_NAME_MAX}
        onChange={setName}
        testId="case-name"
        autoFocus
      />
      <Field label={t('cases.description')}>
        {({ id }) => (
          <textarea
            id={id}
            className="input"
            rows={3}
            value={description}
            maxLength={CASE_DESCRIPTION_MAX}
            onChange={(event) => setDescription(event.target.value)}
            data-testid="case-description"
          />
        )}
      </Field>
      {current ? (
        <SelectField
          label={t('cases.status')}
          value={status}
          options={labelledOptions(CASE_STATUSES, (candidate) => t(`cases.statuses.${candidate}`))}
          onChange={setStatus}
          data-testid="case-status"
        />
      ) : null}
      <div className="modal__actions">
        <Button onClick={() => onDone(null)}>{t('cases.cancel')}</Button>
        <Button variant="primary" type="submit" data-testid="case-save">
          {t('cases.save')}
        </Button>
      </div>
    </form>
  );
}

interface LoadedItem {
  item: CaseItemRow;
  row: MessageRow | undefined;
  conversation: ConversationRow | undefined;
}

/** One case: its details (editable) and every item in time order, each openable in its chat. */
function CaseView({ caseId, onBack }: { caseId: string; onBack: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const timeZone = useAppState(selectTimeZone);
  const { db, cases } = useAppServices();
  const [editing, setEditing] = useState(false);
  const row = useLiveQuery(() => caseTables(db).cases.get(caseId), [db, caseId]);
  const loaded = useLiveQuery(async () => {
    const items = await cases.items(caseId);
    const [rows, conversations] = await Promise.all([
      db.messages.bulkGet(
        items.map((item) => [item.corpId, item.kind === 'message' ? item.ref : ''] as [string, string]),
      ),
      db.conversations.bulkGet(items.map((item) => [item.corpId, item.convId])),
    ]);
    const corps = [...new Set(items.map((item) => item.corpId))];
    const directories = new Map<string, Directory>();
    for (const corpId of corps) directories.set(corpId, buildDirectory(await directoryRows(db, corpId)));
    const list: LoadedItem[] = items.map((item, i) => ({
      item,
      row: item.kind === 'message' ? rows[i] : undefined,
      conversation: conversations[i] as ConversationRow | undefined,
    }));
    return { list, directories, corps: corps.length };
  }, [db, cases, caseId]);

  // The reviewer's marks on the case's messages (flag, tags, note sign), as the timeline shows them.
  const messageKeys = useMemo(
    () =>
      (loaded?.list ?? [])
        .filter((entry) => entry.item.kind === 'message')
        .map((entry) => [entry.item.corpId, entry.item.ref] as const),
    [loaded],
  );
  const itemMarks = useMessagesMarks(messageKeys);
  const tagColours = useTagColours();

  if (row === undefined && loaded === undefined) return <p>{t('common.loading')}</p>;
  if (!row) return null;
  return (
    <ScreenSection
      id="case"
      testId="case-view"
      data={{ 'data-case-id': caseId }}
      title={row.name}
      actions={
        <>
          <Button variant="ghost" onClick={onBack} data-testid="case-back">
            {t('cases.back')}
          </Button>
          <Button onClick={() => setEditing(!editing)} data-testid="case-edit">
            {t('cases.edit')}
          </Button>
          <ExportCaseButton caseId={caseId} name={row.name} />
        </>
      }
    >
      <p>
        <StatusBadge status={row.status} />{' '}
        <span className="muted small">
          {t('cases.updated', { time: formatDateTime(row.updatedAt, locale, timeZone) })}
        </span>
      </p>
      {row.description ? <p className="case-description">{row.description}</p> : null}
      {editing ? <CaseForm key={row.updatedAt} current={row} onDone={() => setEditing(false)} /> : null}
      <h3>{t('cases.timeline')}</h3>
      {loaded && loaded.list.length === 0 ? <p className="muted">{t('cases.noItems')}</p> : null}
      <ol className="case-timeline" data-testid="case-timeline">
        {loaded?.list.map((entry) => (
          <CaseItem
            key={`${entry.item.corpId}/${entry.item.kind}/${entry.item.ref}`}
            entry={entry}
            marks={itemMarks.get(messageKey(entry.item.corpId, entry.item.ref))}
            tagColours={tagColours}
            directory={loaded.directories.get(entry.item.corpId) ?? buildDirectory([])}
            locale={locale}
            timeZone={timeZone}
            onRemove={() => void cases.removeItem(caseId, entry.item)}
          />
        ))}
      </ol>
    </ScreenSection>
  );
}

function CaseItem({
  entry,
  marks,
  tagColours,
  directory,
  locale,
  timeZone,
  onRemove,
}: {
  entry: LoadedItem;
  marks: MessageMarks | undefined;
  tagColours: ReadonlyMap<string, string>;
  directory: Directory;
  locale: string;
  timeZone: string;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const openMessage = useAppState((state) => state.openMessage);
  const setView = useAppState((state) => state.setView);
  const showArchiveOf = useAppState((state) => state.showArchiveOf);
  const openConversation = useAppState((state) => state.openConversation);
  const { item, row, conversation } = entry;
  const parsed = useMemo(() => (row?.raw !== undefined ? readMessage(row.raw, row) : null), [row]);
  const chat = conversation ? conversationTitle(conversation, directory) : item.convId;
  const open = () => {
    if (item.kind === 'message') {
      openMessage(item.corpId, item.convId, item.ref);
    } else {
      showArchiveOf(item.corpId);
      openConversation(item.convId);
      setView('archive');
    }
  };
  return (
    <li className="case-item" data-kind={item.kind} data-ref={item.ref} data-conv={item.convId}>
      <div className="case-item__head">
        <time className="muted small">
          {item.msgtime > 0 ? formatDateTime(item.msgtime, locale, timeZone) : ''}
        </time>
        <bdi className="case-item__chat">{chat}</bdi>
        {item.kind === 'message' && parsed ? (
          <bdi className="case-item__sender">{directory.nameOf(parsed.from)}</bdi>
        ) : null}
        {item.kind === 'conversation' ? (
          <span className="badge badge--info">{t('cases.conversationItem')}</span>
        ) : null}
        {marks ? <MarkBadges marks={marks} tagColours={tagColours} /> : null}
        <span className="case-item__actions">
          <button type="button" className="inline-link small" onClick={open} data-testid="case-item-open">
            {t('cases.openInChat')}
          </button>
          <button
            type="button"
            className="inline-link small"
            onClick={onRemove}
            data-testid="case-item-remove"
          >
            {t('cases.remove')}
          </button>
        </span>
      </div>
      {item.kind === 'message' ? (
        parsed && row ? (
          <div className="case-item__body">
            <MessageBodyView
              body={parsed.body}
              ctx={{
                corpId: row.corpId,
                msgid: row.msgid,
                locale,
                timeZone,
                nameOf: directory.nameOf,
                raw: row.raw ?? '',
              }}
            />
          </div>
        ) : (
          <p className="muted small">{t('cases.missingMessage', { msgid: item.ref })}</p>
        )
      ) : null}
    </li>
  );
}
