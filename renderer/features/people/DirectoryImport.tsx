import { useState } from 'react';
import type { ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Banner } from '../../ui/Banner';
import { FilePicker } from '../../ui/FilePicker';
import { Section } from '../../ui/Section';
import { useAppServices } from '../appServices';
import { DirectoryFileError, importStaffDirectory, parseDirectoryFile } from '../reading';

type Outcome =
  | { state: 'idle' }
  | { state: 'busy' }
  | { state: 'done'; imported: number; renamed: number; removed: number; skipped: number[] }
  | { state: 'failed'; problem: string };

/** The largest directory file read (a 100 000-person corp's CSV is a few MB). */
const MAX_BYTES = 32 * 1024 * 1024;

/**
 * Imports the staff directory (CSV or XLSX: userid, name, department) for the corp: the archive
 * secret cannot read the contact book, so internal staff are named from the organisation's own list.
 */
export function DirectoryImport({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const { db, auditTrail } = useAppServices();
  const [fileName, setFileName] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome>({ state: 'idle' });

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setFileName(file.name);
    if (file.size > MAX_BYTES) {
      setOutcome({ state: 'failed', problem: 'too-large' });
      return;
    }
    setOutcome({ state: 'busy' });
    try {
      const parsed = await parseDirectoryFile(new Uint8Array(await file.arrayBuffer()));
      const result = await importStaffDirectory(db, corpId, parsed, file.name);
      await auditTrail.append(
        'directory.imported',
        { corpId, file: file.name },
        { after: { entries: result.imported, renamed: result.renamed, removed: result.removed } },
      );
      setOutcome({ state: 'done', ...result, skipped: parsed.skipped });
    } catch (error) {
      setOutcome({
        state: 'failed',
        problem: error instanceof DirectoryFileError ? error.problem : 'unreadable',
      });
    }
  };

  return (
    <Section title={t('people.import.title')} id="directory-import">
      <p className="muted">{t('people.import.hint')}</p>
      <label className="inline-field">
        <span>{t('people.import.file')}</span>
        <FilePicker
          accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          fileName={fileName}
          onChange={(event) => void onFile(event)}
          disabled={outcome.state === 'busy'}
        />
      </label>
      {outcome.state === 'done' ? (
        <Banner tone="success" title={t('people.import.doneTitle')}>
          <p data-testid="directory-import-result">
            {t('people.import.done', {
              imported: outcome.imported,
              renamed: outcome.renamed,
              removed: outcome.removed,
            })}
          </p>
          {outcome.skipped.length > 0 ? (
            <p>{t('people.import.skipped', { lines: outcome.skipped.slice(0, 20).join(', ') })}</p>
          ) : null}
        </Banner>
      ) : null}
      {outcome.state === 'failed' ? (
        <Banner tone="danger" title={t('people.import.failedTitle')}>
          <p role="alert">{t(`people.import.problem.${outcome.problem}`)}</p>
        </Banner>
      ) : null}
    </Section>
  );
}
