import { useState } from 'react';
import type { ChangeEvent, FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CorpDto } from '../../../main/contract';
import { sampleEnvelope } from '../../db';
import { describeKeyError } from '../../i18n/describeErrors';
import { Field } from '../../ui/Field';
import { FilePicker } from '../../ui/FilePicker';
import { TextField } from '../../ui/TextField';
import { useAppServices } from '../appServices';
import { checkKeyImport } from './keyImportForm';
import { SubmitRow, type FormOutcome } from './SubmitRow';

/**
 * Import one private key, from a file or pasted. When the archive holds a message of that version,
 * main proves the key on it (a wrong key is `key-mismatch`, not a silent failure); afterwards the
 * stored messages of that version are re-decrypted in place.
 */
export function KeyImport({ corp, suggestedVersion }: { corp: CorpDto; suggestedVersion: number }) {
  const { t } = useTranslation();
  const { archive, db, redecrypts, auditTrail } = useAppServices();
  const [versionText, setVersionText] = useState(String(suggestedVersion));
  const [keyText, setKeyText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [problem, setProblem] = useState<{ field: 'version' | 'key'; text: string } | null>(null);
  const [outcome, setOutcome] = useState<FormOutcome | null>(null);
  const [busy, setBusy] = useState(false);

  const readFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    try {
      setKeyText(await file.text());
      setFileName(file.name);
      setProblem(null);
    } catch {
      setProblem({ field: 'key', text: t('settings.keyImport.fileFailed') });
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setOutcome(null);
    const checked = checkKeyImport(versionText, keyText);
    if ('problem' in checked) {
      setProblem({
        field: checked.problem === 'versionInvalid' ? 'version' : 'key',
        text: t(`settings.keyImport.${checked.problem}`),
      });
      return;
    }
    setProblem(null);
    setBusy(true);
    try {
      const { version } = checked;
      const sample = await sampleEnvelope(db, corp.id, version);
      const answer = await archive.importPrivateKey({
        corpId: corp.id,
        version,
        keyText,
        ...(sample ? { sample } : {}),
      });
      if (!answer.ok) {
        setOutcome({ tone: 'danger', text: describeKeyError(t, answer.error) });
        return;
      }
      // The key text is not kept in the page once main has it.
      setKeyText('');
      setFileName(null);
      const { fingerprint } = answer.value;
      void auditTrail.append(
        'key.imported',
        { corpId: corp.id, version },
        { after: { fingerprint, verified: answer.value.verified } },
      );
      setOutcome({
        tone: 'success',
        text: t(answer.value.verified ? 'settings.keyImport.successVerified' : 'settings.keyImport.success', {
          version,
          fingerprint,
        }),
      });
      void redecrypts.run(corp.id, version);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form key-import" onSubmit={(event) => void submit(event)} noValidate>
      <h3 className="subheading">{t('settings.keyImport.title')}</h3>
      <div className="form__grid">
        <TextField
          label={t('settings.keyImport.version')}
          error={problem?.field === 'version' ? problem.text : null}
          className="input input--narrow"
          type="number"
          min={1}
          step={1}
          value={versionText}
          onChange={setVersionText}
        />
        <Field label={t('settings.keyImport.file')}>
          {({ id, describedBy }) => (
            <FilePicker
              id={id}
              accept=".pem,.key,.txt,text/plain"
              fileName={fileName}
              onChange={(event) => void readFile(event)}
              aria-describedby={describedBy}
            />
          )}
        </Field>
      </div>
      <Field
        label={t('settings.keyImport.paste')}
        hint={t('settings.keyImport.pasteHint')}
        error={problem?.field === 'key' ? problem.text : null}
      >
        {({ control }) => (
          <textarea
            {...control}
            className="input textarea"
            rows={6}
            value={keyText}
            onChange={(event) => {
              setKeyText(event.target.value);
              setFileName(null);
            }}
            spellCheck={false}
            autoComplete="off"
            placeholder="-----BEGIN RSA PRIVATE KEY-----"
          />
        )}
      </Field>
      <SubmitRow outcome={outcome} label={t('settings.keyImport.button')} busy={busy} />
    </form>
  );
}
