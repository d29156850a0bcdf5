import { useTranslation } from 'react-i18next';
import type { CorpDto } from '../../../main/contract';
import { useAppState } from '../../state';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { useConfirmedRemove } from './useConfirmedRemove';
import { Section } from '../../ui/Section';
import type { Column } from '../../ui/Table';
import { Table } from '../../ui/Table';
import { useAppServices } from '../appServices';
import { corpAuditView } from '../audit';

/** The configured corps with edit and remove (removal asks first and keeps the local archive). */
export function CorpList() {
  const { t } = useTranslation();
  const { archive, auditTrail } = useAppServices();
  const corps = useAppState((state) => state.corps);
  const selected = useAppState((state) => state.settingsCorpId);
  const editCorp = useAppState((state) => state.editCorp);
  const removal = useConfirmedRemove('settings.corps.removeFailed');

  const remove = async (corp: CorpDto) => {
    const answer = await archive.removeCorp({ corpId: corp.id });
    if (answer.ok) {
      void auditTrail.append('corp.removed', { corpId: corp.id }, { before: corpAuditView(corp) });
      if (selected === corp.id) editCorp(null);
    }
    return answer;
  };

  const columns: Column<CorpDto>[] = [
    {
      key: 'name',
      header: t('settings.corps.name'),
      render: (corp) => (
        <>
          {corp.name} {corp.isDemo ? <Badge tone="info">{t('settings.corps.demo')}</Badge> : null}
        </>
      ),
    },
    { key: 'corpid', header: t('settings.corps.corpid'), render: (corp) => <code>{corp.corpid}</code> },
    {
      key: 'keys',
      header: t('settings.corps.keys'),
      render: (corp) => corp.keys.map((key) => `v${key.version}`).join(', ') || t('common.none'),
    },
    {
      key: 'schedule',
      header: t('settings.corps.schedule'),
      render: (corp) =>
        corp.scheduleMinutes === null
          ? t('settings.corps.manual')
          : t('settings.corps.everyMinutes', { minutes: corp.scheduleMinutes }),
    },
    removal.column(t('settings.corps.actions'), (corp) => ({
      key: corp.id,
      question: t('settings.corps.removeConfirm', { name: corp.name }),
      remove: () => remove(corp),
      buttons: (
        <div className="button-row">
          <Button onClick={() => editCorp(corp.id)} aria-pressed={selected === corp.id}>
            {t('common.edit')}
          </Button>
          <Button variant="ghost" onClick={() => removal.ask(corp.id)}>
            {t('common.remove')}
          </Button>
        </div>
      ),
    })),
  ];

  return (
    <Section
      id="corp-list"
      title={t('settings.corps.title')}
      actions={
        <Button variant="primary" onClick={() => editCorp('new')}>
          {t('settings.corps.add')}
        </Button>
      }
    >
      {removal.problem}
      <Table
        caption={t('settings.corps.title')}
        columns={columns}
        rows={corps}
        rowKey={(corp) => corp.id}
        empty={t('settings.corps.empty')}
      />
    </Section>
  );
}
