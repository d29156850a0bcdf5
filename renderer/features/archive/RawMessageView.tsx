import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import type { MessageKey } from '../../db';
import { ShownControls } from '../../ui/ArchiveText';
import { Button } from '../../ui/Button';
import { Section } from '../../ui/Section';
import { useAppServices } from '../appServices';
import { RawJsonView } from '../reading';
import { StatusBadge } from './StatusBadge';

/**
 * One stored message as text: the decrypted JSON verbatim in a <pre> (never parsed into HTML), or
 * why it is not decrypted yet. Read live, so a re-decryption shows up at once.
 */
export function RawMessageView({ messageKey, onClose }: { messageKey: MessageKey; onClose: () => void }) {
  const { t } = useTranslation();
  const { db } = useAppServices();
  const row = useLiveQuery(() => db.messages.get(messageKey), [db, messageKey[0], messageKey[1]]);
  if (!row) return null;
  return (
    <Section
      id="raw-message"
      title={
        <>
          {t('archive.detail.title')} <StatusBadge row={row} />
        </>
      }
      actions={<Button onClick={onClose}>{t('common.close')}</Button>}
    >
      <p className="muted">
        {t('archive.detail.msgid')}:{' '}
        <code>
          <ShownControls text={row.msgid} />
        </code>{' '}
        · seq <code>{row.seq}</code>
      </p>
      {row.status === 'ok' && row.raw !== undefined ? (
        <>
          <p className="muted">{t('archive.detail.rawHint')}</p>
          <RawJsonView raw={row.raw} />
          {row.rawBase64 !== undefined ? (
            <>
              <p className="warning" data-testid="raw-invalid-utf8">
                {t('archive.detail.invalidUtf8')}
              </p>
              <pre className="raw-json" tabIndex={0}>
                {row.rawBase64}
              </pre>
            </>
          ) : null}
        </>
      ) : (
        <>
          <p>{t('archive.detail.notDecrypted')}</p>
          {row.failure ? (
            <p>{t('archive.detail.failure', { stage: row.failure.stage, message: row.failure.message })}</p>
          ) : null}
          {row.status === 'sdk-crash' && row.crashCount !== undefined ? (
            <p>{t('archive.detail.crashCount', { count: row.crashCount })}</p>
          ) : null}
          {row.status === 'malformed-envelope' && row.raw !== undefined ? (
            <>
              <p className="muted">{t('archive.detail.envelopeRaw')}</p>
              <pre className="raw-json" tabIndex={0}>
                {row.raw}
              </pre>
            </>
          ) : null}
          {row.envelope ? (
            <p className="muted">{t('archive.detail.envelopeKept', { version: row.publickeyVer })}</p>
          ) : null}
        </>
      )}
    </Section>
  );
}
