import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import type { CorpDto, KeyDto } from '../../../main/contract';
import { statusCounts } from '../../db';
import { formatDateTime } from '../../lib/formatTime';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { useConfirmedRemove } from './useConfirmedRemove';
import { Section } from '../../ui/Section';
import type { Column } from '../../ui/Table';
import { Table } from '../../ui/Table';
import { useAppServices } from '../appServices';
import { RedecryptStatus } from '../pull';
import { useLocale } from '../useLocale';
import { KeyImport } from './KeyImport';
import { suggestedKeyVersion } from './keyImportForm';
import { selectTimeZone, useAppState } from '../../state';

/** A corp's private keys by version, versions the archive is waiting for, and the import form. */
export function KeyManager({ corp }: { corp: CorpDto }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const timeZone = useAppState(selectTimeZone);
  const { archive, db, auditTrail } = useAppServices();
  const counts = useLiveQuery(() => statusCounts(db, corp.id), [db, corp.id]);
  const removal = useConfirmedRemove('settings.keys.removeFailed');

  const keyVersions = corp.keys.map((key) => key.version);
  const waiting = (counts?.missingKey ?? []).filter(({ version }) => !keyVersions.includes(version));

  const remove = async (version: number) => {
    const answer = await archive.removePrivateKey({ corpId: corp.id, version });
    if (answer.ok) void auditTrail.append('key.removed', { corpId: corp.id, version });
    return answer;
  };

  const columns: Column<KeyDto>[] = [
    { key: 'version', header: t('settings.keys.version'), render: (key) => `v${key.version}` },
    {
      key: 'fingerprint',
      header: t('settings.keys.fingerprint'),
      render: (key) => <code>{key.fingerprint}</code>,
    },
    {
      key: 'verified',
      header: t('settings.keys.verified'),
      render: (key) => (
        <Badge tone={key.verified ? 'success' : 'neutral'}>
          {key.verified ? t('settings.keys.verifiedYes') : t('settings.keys.verifiedNo')}
        </Badge>
      ),
    },
    {
      key: 'importedAt',
      header: t('settings.keys.importedAt'),
      render: (key) => formatDateTime(key.importedAt, locale, timeZone),
    },
    removal.column(t('settings.keys.actions'), (key) => ({
      key: key.version,
      question: t('settings.keys.removeConfirm', { version: key.version }),
      remove: () => remove(key.version),
      buttons: (
        <Button variant="ghost" onClick={() => removal.ask(key.version)}>
          {t('common.remove')}
        </Button>
      ),
    })),
  ];

  return (
    <Section id="key-manager" title={t('settings.keys.title')}>
      <p className="muted">{t('settings.keys.hint')}</p>
      <ul className="key-presence">
        {corp.keys.map((key) => (
          <li key={key.version}>
            <Badge tone="success">{t('settings.keys.present', { version: key.version })}</Badge>
          </li>
        ))}
        {waiting.map(({ version, count }) => (
          <li key={version}>
            <Badge tone="warning">{t('settings.keys.missing', { version, count })}</Badge>
          </li>
        ))}
      </ul>
      {removal.problem}
      <Table
        caption={t('settings.keys.title')}
        columns={columns}
        rows={corp.keys}
        rowKey={(key) => String(key.version)}
        empty={t('settings.keys.none')}
      />
      <RedecryptStatus corpId={corp.id} />
      <KeyImport
        key={`${corp.id}-${counts ? 'counted' : 'counting'}`}
        corp={corp}
        suggestedVersion={suggestedKeyVersion(
          keyVersions,
          waiting.map(({ version }) => version),
        )}
      />
    </Section>
  );
}
