import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatDateTimeWithZone } from '../../../lib/formatTime';
import { selectTimeZone, useAppState } from '../../../state';
import { useAppServices } from '../../appServices';
import { useLocale } from '../../useLocale';
import type { ConversationRow } from '../conversations/conversationIndex';
import { isExternalId, isRobotId } from '../conversations/conversationIndex';
import type { Directory } from '../directory/useDirectory';
import { ShownControls } from '../../../ui/ArchiveText';
import { PersonName } from '../PersonName';
import { RawJsonView } from './RawJsonView';
import { ExportConversationButton } from '../../export';

function CopyButton({ text, testId }: { text: string; testId?: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <button
      type="button"
      className="button button--ghost button--small"
      data-testid={testId}
      onClick={() => {
        navigator.clipboard.writeText(text).then(
          () => setState('copied'),
          () => setState('failed'),
        );
      }}
    >
      {state === 'copied'
        ? t('reading.detail.copied')
        : state === 'failed'
          ? t('reading.detail.copyFailed')
          : t('reading.detail.copy')}
    </button>
  );
}

/** seq, msgid, publickey_ver, decryption status and the raw JSON (verbatim, in a <pre>), each copyable. */
export function MessageDetail({
  corpId,
  msgid,
  directory,
  onClose,
}: {
  corpId: string;
  msgid: string;
  directory: Directory;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const timeZone = useAppState(selectTimeZone);
  const { db } = useAppServices();
  const row = useLiveQuery(() => db.messages.get([corpId, msgid]), [db, corpId, msgid]);
  if (!row) return null;
  const status =
    row.status === 'ok'
      ? t('reading.detail.statusOk')
      : row.status === 'missing-key'
        ? t('reading.detail.statusMissingKey', { version: row.publickeyVer })
        : t('reading.detail.statusFailed');
  const fields: Array<[string, string, boolean]> = [
    [t('reading.detail.seq'), row.seq, true],
    [t('reading.detail.msgid'), row.msgid, true],
    [t('reading.detail.publickeyVer'), String(row.publickeyVer), false],
    [
      t('reading.detail.status'),
      row.failure ? `${status} (${row.failure.stage}: ${row.failure.message})` : status,
      false,
    ],
    [t('reading.detail.action'), row.action ?? '—', false],
    [t('reading.detail.msgtype'), row.msgtype ?? '—', false],
    [t('reading.detail.from'), row.from ? `${directory.nameOf(row.from)} (${row.from})` : '—', false],
    [t('reading.detail.tolist'), (row.tolist ?? []).join(', ') || '—', false],
    [t('reading.detail.roomid'), row.roomid || '—', false],
    [
      t('reading.detail.msgtime'),
      // The zone is stated: a reviewer may quote this time in a report read elsewhere.
      row.msgtime ? `${formatDateTimeWithZone(row.msgtime, locale, timeZone)} (${row.msgtime})` : '—',
      false,
    ],
  ];
  return (
    <section className="detail" aria-label={t('reading.detail.title')} data-testid="message-detail">
      <header className="detail__head">
        <h2>{t('reading.detail.title')}</h2>
        <button type="button" className="button button--ghost button--small" onClick={onClose}>
          {t('reading.detail.close')}
        </button>
      </header>
      <dl className="detail__fields">
        {fields.map(([label, value, copy]) => (
          <div key={label} className="detail__field">
            <dt>{label}</dt>
            <dd>
              <code className="break">
                <ShownControls text={value} />
              </code>{' '}
              {copy ? <CopyButton text={value} /> : null}
            </dd>
          </div>
        ))}
      </dl>
      <div className="detail__raw-head">
        <h3>{t('reading.detail.raw')}</h3>
        {row.raw !== undefined ? <CopyButton text={row.raw} testId="copy-raw" /> : null}
      </div>
      <RawJsonView
        testId="raw-json"
        raw={
          row.raw ??
          JSON.stringify(
            { seq: row.seq, msgid: row.msgid, publickey_ver: row.publickeyVer, status: row.status },
            null,
            2,
          )
        }
      />
    </section>
  );
}

/** Group or person detail: name, owner, notice, members with join times, consent, counts, first/last. */
export function ConversationDetail({
  conversation,
  directory,
  title,
  locale,
}: {
  conversation: ConversationRow;
  directory: Directory;
  title: string;
  locale: string;
}) {
  const { t } = useTranslation();
  const timeZone = useAppState(selectTimeZone);
  const group = conversation.roomid ? directory.group(conversation.roomid) : null;
  const groupError = conversation.roomid ? directory.groupError(conversation.roomid) : null;
  const fmt = (ms: number | null) => (ms ? formatDateTimeWithZone(ms, locale, timeZone) : '—');
  // Per-member lines: the same zone, stated once in the fields above rather than on every line.
  const fmtInZone = (ms: number | null) => (ms ? formatDateTime(ms, locale, timeZone) : '—');
  const consentLabel = (status: string) =>
    t(`reading.conversation.consentStatus.${status}`, { defaultValue: status });
  const singleConsent = (() => {
    if (!conversation.convId.startsWith('s:')) return null;
    const [a = '', b = ''] = conversation.participants;
    const external = isExternalId(a) ? a : isExternalId(b) ? b : null;
    if (!external) return null;
    return directory.consent(external === a ? b : a, external);
  })();
  const senders = Object.entries(conversation.senders).sort((x, y) => y[1] - x[1]);
  return (
    <section
      className="detail"
      aria-label={t('reading.conversation.title')}
      data-testid="conversation-detail"
    >
      <header className="detail__head">
        <h2 dir="auto">
          <bdi>{title}</bdi>
        </h2>
        <ExportConversationButton corpId={conversation.corpId} convId={conversation.convId} title={title} />
      </header>
      <dl className="detail__fields">
        <div className="detail__field">
          <dt>{t('reading.conversation.kind')}</dt>
          <dd>{t(`reading.kind.${conversation.kind}`)}</dd>
        </div>
        {group ? (
          <>
            <div className="detail__field">
              <dt>{t('reading.conversation.name')}</dt>
              <dd data-testid="group-name">{group.name ?? '—'}</dd>
            </div>
            <div className="detail__field">
              <dt>{t('reading.conversation.owner')}</dt>
              <dd>{group.owner ? `${directory.nameOf(group.owner)} (${group.owner})` : '—'}</dd>
            </div>
            <div className="detail__field">
              <dt>{t('reading.conversation.notice')}</dt>
              <dd className="pre-wrap">{group.notice || '—'}</dd>
            </div>
            <div className="detail__field">
              <dt>{t('reading.conversation.created')}</dt>
              <dd>{fmt(group.createTime)}</dd>
            </div>
            <div className="detail__field">
              <dt>{t('reading.conversation.source')}</dt>
              <dd>
                <code>{group.source}</code>
              </dd>
            </div>
          </>
        ) : groupError ? (
          <div className="detail__field">
            <dd className="muted">
              {t('reading.conversation.unresolved', {
                message: `${groupError.errcode} ${groupError.message}`,
              })}
            </dd>
          </div>
        ) : null}
        <div className="detail__field">
          <dt>{t('reading.conversation.messageCounts')}</dt>
          <dd>{conversation.count}</dd>
        </div>
        <div className="detail__field">
          <dt>{t('reading.conversation.first')}</dt>
          <dd>{fmt(Number.isFinite(conversation.firstMsgtime) ? conversation.firstMsgtime : null)}</dd>
        </div>
        <div className="detail__field">
          <dt>{t('reading.conversation.last')}</dt>
          <dd>{fmt(conversation.lastMsgtime)}</dd>
        </div>
        {singleConsent ? (
          <div className="detail__field">
            <dt>{t('reading.conversation.consent')}</dt>
            <dd data-testid="single-consent">
              {consentLabel(singleConsent.status)}{' '}
              {singleConsent.changeTime ? `· ${fmt(singleConsent.changeTime)}` : ''}
            </dd>
          </div>
        ) : null}
      </dl>
      {group ? (
        <>
          <h3>{t('reading.conversation.members', { count: group.members.length })}</h3>
          <ul className="member-list" data-testid="group-members">
            {group.members.map((member) => (
              <li key={member.userid}>
                <PersonName
                  corpId={conversation.corpId}
                  userid={member.userid}
                  name={
                    directory.isResolved(member.userid)
                      ? directory.nameOf(member.userid)
                      : (member.name ?? member.groupNickname ?? member.userid)
                  }
                  testId="member-name"
                />{' '}
                <code className="muted small">{member.userid}</code>
                {isExternalId(member.userid) || member.type === 'external' ? (
                  <span className="badge badge--info">{t('reading.badge.external')}</span>
                ) : null}
                {group.admins.includes(member.userid) ? (
                  <span className="badge badge--neutral">{t('reading.conversation.admins')}</span>
                ) : null}
                <span className="muted small">
                  {' '}
                  · {t('reading.conversation.joined', { time: fmtInZone(member.joinTime) })}
                </span>
                <span className="muted small">
                  {' '}
                  · {t('reading.list.messages', { count: conversation.senders[member.userid] ?? 0 })}
                </span>
              </li>
            ))}
          </ul>
          <h3>{t('reading.conversation.consent')}</h3>
          {group.consent === null ? (
            <p className="muted">{t('reading.conversation.consentUnknown')}</p>
          ) : group.consent.length === 0 ? (
            <p className="muted">{t('reading.conversation.consentNone')}</p>
          ) : (
            <ul className="member-list" data-testid="group-consent">
              {group.consent.map((entry) => (
                <li key={entry.externalUserid}>
                  {directory.nameOf(entry.externalUserid)}{' '}
                  <code className="muted small">{entry.externalUserid}</code> ·{' '}
                  <strong>{consentLabel(entry.status)}</strong>{' '}
                  {entry.changeTime ? `· ${fmtInZone(entry.changeTime)}` : ''}
                </li>
              ))}
            </ul>
          )}
        </>
      ) : (
        <>
          <h3>{t('reading.conversation.participants', { count: conversation.participants.length })}</h3>
          <ul className="member-list">
            {senders
              .concat(
                conversation.participants.filter((p) => !(p in conversation.senders)).map((p) => [p, 0]),
              )
              .map(([id, n]) => (
                <li key={id}>
                  <PersonName
                    corpId={conversation.corpId}
                    userid={id}
                    name={directory.nameOf(id)}
                    testId="member-name"
                  />{' '}
                  <code className="muted small">{id}</code>
                  {isExternalId(id) ? (
                    <span className="badge badge--info">{t('reading.badge.external')}</span>
                  ) : null}
                  {isRobotId(id) ? (
                    <span className="badge badge--warning">
                      {directory.robot(id)?.creator
                        ? t('reading.conversation.robotCreator', {
                            creator: directory.nameOf(directory.robot(id)?.creator ?? ''),
                          })
                        : t('reading.badge.robot')}
                    </span>
                  ) : null}
                  <span className="muted small"> · {t('reading.list.messages', { count: n })}</span>
                </li>
              ))}
          </ul>
        </>
      )}
    </section>
  );
}
