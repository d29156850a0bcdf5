import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import Dexie from 'dexie';
import { rulesTables } from '../../rules';
import { Button } from '../../ui/Button';
import { useAppServices } from '../appServices';
import { ExportDialog, type ExportSubject } from './ExportDialog';

/** A button that opens the export dialog for `subject`. */
function ExportButton({ label, subject, testId }: { label: string; subject: ExportSubject; testId: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid={testId}>
        {label}
      </Button>
      {open ? <ExportDialog subject={subject} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

/** Export a chat, whole or a range of days (the chat's detail panel). */
export function ExportConversationButton({
  corpId,
  convId,
  title,
}: {
  corpId: string;
  convId: string;
  title: string;
}) {
  const { t } = useTranslation();
  return (
    <ExportButton
      label={t('evidence.export.open')}
      testId="export-conversation"
      subject={{
        kind: 'conversation',
        title: t('evidence.export.scopeConversation', { title }),
        parameters: { corpId, convId },
        target: async () => ({ kind: 'conversation', corpId, convId, fromMs: null, toMs: null }),
      }}
    />
  );
}

/** Export chosen messages: a timeline selection. */
export function ExportMessagesButton({ keys }: { keys: ReadonlyArray<{ corpId: string; msgid: string }> }) {
  const { t } = useTranslation();
  return (
    <ExportButton
      label={t('evidence.export.openSelection', { count: keys.length })}
      testId="export-selection"
      subject={{
        kind: 'selection',
        title: t('evidence.export.scopeSelection', { count: keys.length }),
        parameters: { count: keys.length },
        target: async () => ({ kind: 'messages', keys: [...keys] }),
      }}
    />
  );
}

/** Export a search's results (the hits as the search panel lists them). */
export function ExportSearchButton({
  query,
  keys,
}: {
  query: string;
  keys: ReadonlyArray<{ corpId: string; msgid: string }>;
}) {
  const { t } = useTranslation();
  return (
    <ExportButton
      label={t('evidence.export.openSearch')}
      testId="export-search"
      subject={{
        kind: 'search',
        title: t('evidence.export.scopeSearch', { query, count: keys.length }),
        parameters: { query, count: keys.length },
        target: async () => ({ kind: 'messages', keys: [...keys] }),
      }}
    />
  );
}

/** Export a case: its messages, and every message of the chats it holds. */
export function ExportCaseButton({ caseId, name }: { caseId: string; name: string }) {
  const { t } = useTranslation();
  const { db, cases } = useAppServices();
  return (
    <ExportButton
      label={t('evidence.export.openCase')}
      testId="export-case"
      subject={{
        kind: 'case',
        title: t('evidence.export.scopeCase', { title: name }),
        parameters: { caseId, name },
        target: async () => {
          const items = await cases.items(caseId);
          const keys: Array<{ corpId: string; msgid: string }> = [];
          for (const item of items) {
            if (item.kind === 'message') keys.push({ corpId: item.corpId, msgid: item.ref });
            else {
              const chat = await db.messages
                .where('[corpId+convId+msgtime]')
                .between([item.corpId, item.ref, Dexie.minKey], [item.corpId, item.ref, Dexie.maxKey])
                .primaryKeys();
              for (const [corpId, msgid] of chat as Array<[string, string]>) keys.push({ corpId, msgid });
            }
          }
          return { kind: 'messages', keys };
        },
      }}
    />
  );
}

/** Export a rule's alerts: every message the rule matched, whatever its triage state (the Alerts screen). */
export function ExportRuleAlertsButton({ ruleId, name }: { ruleId: string; name: string }) {
  const { t } = useTranslation();
  const { db } = useAppServices();
  return (
    <ExportButton
      label={t('evidence.export.openRule')}
      testId="export-rule"
      subject={{
        kind: 'rule',
        title: t('evidence.export.scopeRule', { name }),
        parameters: { ruleId, name },
        target: async () => {
          const alerts = await rulesTables(db).alerts.where('ruleIds').equals(ruleId).toArray();
          return { kind: 'messages', keys: alerts.map(({ corpId, msgid }) => ({ corpId, msgid })) };
        },
      }}
    />
  );
}

/** Export the messages a person sent, across their chats (the person view). */
export function ExportPersonButton({
  corpId,
  userid,
  name,
  msgids,
}: {
  corpId: string;
  userid: string;
  name: string;
  msgids: readonly string[];
}) {
  const { t } = useTranslation();
  return (
    <ExportButton
      label={t('evidence.export.openPerson')}
      testId="export-person"
      subject={{
        kind: 'person',
        title: t('evidence.export.scopePerson', { name: name === userid ? userid : `${name} (${userid})` }),
        parameters: { corpId, userid, count: msgids.length },
        target: async () => ({ kind: 'messages', keys: msgids.map((msgid) => ({ corpId, msgid })) }),
      }}
    />
  );
}
