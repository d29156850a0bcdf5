import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppState } from '../../state';
import { BackupSection } from '../backup';
import { SignerKeySection } from '../export';
import { ConnectionTest } from './ConnectionTest';
import { CorpForm } from './CorpForm';
import { CorpList } from './CorpList';
import { KeyManager } from './KeyManager';
import { SecretStorageWarning } from './SecretStorageWarning';
import { StorageSection } from './StorageSection';
import { LockSettings } from '../lock';
import { TimeZoneSetting } from './TimeZoneSetting';

/** Settings: corps, their connection settings and their private keys. */
export function SettingsScreen() {
  const { t } = useTranslation();
  const selectedId = useAppState((state) => state.settingsCorpId);
  const corp = useAppState((state) => state.corps.find((candidate) => candidate.id === selectedId) ?? null);
  const editCorp = useAppState((state) => state.editCorp);
  const [createdId, setCreatedId] = useState<string | null>(null);
  return (
    <div className="screen">
      <h1 className="screen__title">{t('settings.title')}</h1>
      <SecretStorageWarning />
      <CorpList />
      {selectedId === 'new' ? (
        <CorpForm
          key="new"
          corp={null}
          onCreated={(created) => {
            setCreatedId(created.id);
            editCorp(created.id);
          }}
        />
      ) : null}
      {corp ? (
        <>
          <CorpForm key={corp.id} corp={corp} justCreated={createdId === corp.id} />
          <ConnectionTest key={`test-${corp.id}`} corp={corp} />
          <KeyManager corp={corp} />
        </>
      ) : null}
      <TimeZoneSetting />
      <StorageSection />
      <BackupSection />
      <LockSettings />
      <SignerKeySection />
    </div>
  );
}
