import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Result } from '../../../main/contract';
import { toSeqKey } from '../../db';
import { describeArchiveError } from '../../i18n/describeErrors';
import { formatDateTime } from '../../lib/formatTime';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { useAppServices } from '../appServices';
import { selectTimeZone, useAppState } from '../../state';

/**
 * 10010 (docs/wecom-sdk.md §2.1, §7): what happened in plain words, the last stored seq and its time,
 * and the one way on — continue from the oldest retained message, which records the gap first.
 */
export function ExpiredCursorPanel({ corpId, locale }: { corpId: string; locale: string }) {
  const { t } = useTranslation();
  const timeZone = useAppState(selectTimeZone);
  const { db, pulls, auditTrail, reviewer } = useAppServices();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const last = useLiveQuery(async () => {
    const cursor = await db.cursors.get(corpId);
    const seq = cursor?.seq ?? '0';
    const row = await db.messages
      .where('[corpId+seqKey]')
      .equals([corpId, toSeqKey(seq)])
      .first();
    return { seq, at: row?.msgtime ?? cursor?.updatedAt ?? null };
  }, [db, corpId]);

  const onContinue = async () => {
    setBusy(true);
    setError(null);
    try {
      const answer: Result<unknown> = await pulls.continueFromOldestRetained(corpId, reviewer.reviewer?.name);
      if (!answer.ok) setError(describeArchiveError(t, answer.error));
      else void auditTrail.append('pull.continued-after-gap', { corpId });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Banner
      tone="danger"
      title={t('expiry.title')}
      actions={
        <Button variant="primary" busy={busy} onClick={() => void onContinue()}>
          {t('expiry.action')}
        </Button>
      }
    >
      <p>{t('expiry.body')}</p>
      {last ? (
        <p data-testid="expiry-last-committed">
          {last.at === null
            ? t('expiry.lastCommittedUnknown', { seq: last.seq })
            : t('expiry.lastCommitted', { seq: last.seq, at: formatDateTime(last.at, locale, timeZone) })}
        </p>
      ) : null}
      <p>{t('expiry.consequence')}</p>
      {error ? <p className="error-text">{error}</p> : null}
    </Banner>
  );
}
