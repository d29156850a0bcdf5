import Dexie from 'dexie';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { CorpDto } from '../../main/contract';
import { countProblems, type ArchiveDb } from '../db';
import { ledgerTables } from '../features/ledger';
import { useAppServices } from '../features/appServices';
import { useLocale } from '../features/useLocale';
import { formatRelative } from '../lib/formatTime';
import { retentionRisk } from '../lib/retention';
import { useNow } from '../lib/useNow';
import { useAppState } from '../state';
import { Banner } from '../ui/Banner';
import { Button } from '../ui/Button';

interface StoredRisk {
  corpId: string;
  gaps: number;
  missingKey: number;
  sdkCrash: number;
}

/** Counts through indexes only: unacknowledged gaps, rows waiting for a key, rows that crashed the SDK. */
async function storedRisks(db: ArchiveDb, corps: readonly CorpDto[]): Promise<StoredRisk[]> {
  const { gaps } = ledgerTables(db);
  return Promise.all(
    corps.map(async (corp) => {
      const [openGaps, missingKey, sdkCrash] = await Promise.all([
        gaps
          .where('[corpId+recordedAt]')
          .between([corp.id, Dexie.minKey], [corp.id, Dexie.maxKey], true, true)
          .filter((gap) => gap.acknowledgedAt === null)
          .count(),
        countProblems(db, corp.id, 'missing-key'),
        countProblems(db, corp.id, 'sdk-crash'),
      ]);
      return { corpId: corp.id, gaps: openGaps, missingKey, sdkCrash };
    }),
  );
}

function notifyOnce(
  title: string,
  body: string,
  show: (title: string, body: string) => Promise<boolean>,
): void {
  void show(title, body).then((shown) => {
    if (shown || typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
    new Notification(title, { body, tag: 'wecom-archive-risk' });
  });
}

/**
 * The always-visible risk banner (issue 14): above every screen while any corp is past 48 h since
 * its last successful pull (docs/wecom-sdk.md §7) or has an unacknowledged gap, messages waiting for
 * a key or messages that crashed the SDK. A new risk also raises an OS notification: from main in
 * Electron, through the Web Notification API in the browser shell once the user allowed it.
 */
export function RiskBanner() {
  const { t } = useTranslation();
  const locale = useLocale();
  const now = useNow(30_000);
  const { db, archive } = useAppServices();
  const corps = useAppState((state) => state.corps);
  const statuses = useAppState((state) => state.pullStatuses);
  const setView = useAppState((state) => state.setView);
  const stored = useLiveQuery(() => storedRisks(db, corps), [db, corps]);

  const lines = useMemo(() => {
    const result: string[] = [];
    for (const corp of corps) {
      const lastSuccessAt = statuses[corp.id]?.lastSuccessAt ?? corp.lastSuccessAt;
      const risk = retentionRisk(lastSuccessAt, now);
      if (risk === 'stale' && lastSuccessAt !== null)
        result.push(t('risk.stale', { corp: corp.name, ago: formatRelative(lastSuccessAt, now, locale) }));
      // A corp that never finished a pull is the Pull screen's business until it has data to lose.
      const counts = stored?.find((entry) => entry.corpId === corp.id);
      if (!counts) continue;
      if (counts.gaps > 0) result.push(t('risk.gaps', { corp: corp.name, count: counts.gaps }));
      if (counts.missingKey > 0)
        result.push(t('risk.missingKey', { corp: corp.name, count: counts.missingKey }));
      if (counts.sdkCrash > 0) result.push(t('risk.sdkCrash', { corp: corp.name, count: counts.sdkCrash }));
    }
    return result;
  }, [corps, statuses, stored, now, t, locale]);

  const notified = useRef('');
  const summary = lines.join('\n');
  useEffect(() => {
    if (summary === '' || summary === notified.current) return;
    notified.current = summary;
    notifyOnce(t('risk.notificationTitle'), summary, async (title, body) => {
      const answer = await archive.showNotification({ title, body: body.slice(0, 1000) });
      return answer.ok && answer.value.shown;
    });
  }, [summary, archive, t]);

  if (lines.length === 0) return null;
  const canAsk = typeof Notification !== 'undefined' && Notification.permission === 'default';
  return (
    <div className="risk-banner" data-testid="risk-banner">
      <Banner
        tone="danger"
        title={t('risk.title')}
        actions={
          <>
            <Button onClick={() => setView('pull')}>{t('risk.openPull')}</Button>
            <Button onClick={() => setView('ledger')}>{t('risk.openLedger')}</Button>
            {canAsk ? (
              <Button onClick={() => void Notification.requestPermission()}>
                {t('risk.enableNotifications')}
              </Button>
            ) : null}
          </>
        }
      >
        <ul className="risk-banner__list">
          {lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </Banner>
    </div>
  );
}
