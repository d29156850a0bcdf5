import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CorpDto, Result } from '../../../main/contract';
import { readCursor } from '../../db';
import { describeArchiveError, describePullError } from '../../i18n/describeErrors';
import { formatDateTime, formatNumber, formatRelative } from '../../lib/formatTime';
import { useNow } from '../../lib/useNow';
import { useAppState, selectTimeZone } from '../../state';
import { Badge } from '../../ui/Badge';
import type { BadgeProps } from '../../ui/Badge';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { Section } from '../../ui/Section';
import { StatGrid } from '../../ui/StatGrid';
import { ArchiveHereNotice, useArchiveHere } from '../archive';
import { useAppServices } from '../appServices';
import { useLocale } from '../useLocale';
import { ExpiredCursorPanel } from './ExpiredCursorPanel';
import { PullErrors } from './PullErrors';
import { isPullActive } from './pullStates';
import { RedecryptStatus } from './RedecryptStatus';
import { RetentionWarning } from './RetentionWarning';
import { StorageFullBanner } from './StorageFullBanner';
import { StoredCounts } from './StoredCounts';

const stateTone: Record<string, BadgeProps['tone']> = {
  pulling: 'info',
  starting: 'info',
  'backing-off': 'warning',
  'caught-up': 'success',
  failed: 'danger',
};

/** One corp's pull: state, numbers, retention risk, stored counts, errors, start/stop. */
export function PullCorpCard({ corp }: { corp: CorpDto }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const timeZone = useAppState(selectTimeZone);
  // Every second: the schedule's countdown and "due now" stay true while the screen is open.
  const now = useNow(1_000);
  const { db, pulls, auditTrail } = useAppServices();
  const status = useAppState((state) => state.pullStatuses[corp.id]);
  const commitFailure = useAppState((state) => state.commitFailures[corp.id] ?? null);
  const storedSeq = useLiveQuery(() => readCursor(db, corp.id), [db, corp.id]);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);

  const active = isPullActive(status);
  // Start and stop are requests to main: without the connection they cannot be made (issue 15 "States").
  const offline = useAppState((state) => state.connection !== 'connected');
  const offlineId = `pull-offline-${corp.id}`;
  const here = useArchiveHere(corp.id);
  const state = status?.state ?? 'idle';
  const lastSuccessAt = status?.lastSuccessAt ?? corp.lastSuccessAt;

  const act = async (action: () => Promise<Result<unknown>>, failureKey: string) => {
    setBusy(true);
    setActionError(null);
    try {
      const answer = await action();
      if (!answer.ok) setActionError(t(failureKey, { message: describeArchiveError(t, answer.error) }));
    } finally {
      setBusy(false);
    }
  };

  const time = (ms: number | null, empty: string) =>
    ms === null
      ? { value: empty }
      : { value: formatRelative(ms, now, locale), detail: formatDateTime(ms, locale, timeZone) };

  const scheduleStat = (at: number | null) => {
    if (corp.scheduleMinutes === null || at === null) return { value: t('pull.stat.manualOnly') };
    if (active) return { value: t('pullSchedule.runningNow'), detail: formatDateTime(at, locale, timeZone) };
    if (at <= now) return { value: t('pullSchedule.dueNow'), detail: formatDateTime(at, locale, timeZone) };
    return time(at, '');
  };

  return (
    <Section
      id={`pull-${corp.id}`}
      title={
        <>
          {corp.name} {corp.isDemo ? <Badge tone="info">{t('pull.demo')}</Badge> : null}{' '}
          {here === 'elsewhere' ? (
            <Badge tone="warning">{t('archiveHere.stateBadge')}</Badge>
          ) : (
            <Badge tone={stateTone[state] ?? 'neutral'}>{t(`pull.state.${state}`)}</Badge>
          )}
        </>
      }
      actions={
        active ? (
          <Button
            busy={busy}
            disabled={offline}
            aria-describedby={offline ? offlineId : undefined}
            onClick={() => void act(() => pulls.stopPull(corp.id), 'pull.stopFailed')}
          >
            {t('pull.stop')}
          </Button>
        ) : (
          <Button
            variant="primary"
            busy={busy}
            disabled={offline}
            aria-describedby={offline ? offlineId : undefined}
            onClick={() => {
              void auditTrail.append('pull.started', { corpId: corp.id });
              void act(() => pulls.startPull(corp.id), 'pull.startFailed');
            }}
          >
            {t('pull.start')}
          </Button>
        )
      }
    >
      <p className="muted">{t('pull.corpid', { corpid: corp.corpid })}</p>
      {offline ? (
        <p className="muted small" id={offlineId} data-testid="pull-offline">
          {t('pull.offline')}
        </p>
      ) : null}
      {here === 'elsewhere' ? <ArchiveHereNotice corpId={corp.id} here={here} /> : null}
      <RetentionWarning lastSuccessAt={lastSuccessAt} now={now} locale={locale} />
      {actionError ? <Banner tone="danger">{actionError}</Banner> : null}
      {commitFailure?.storage ? <StorageFullBanner storage={commitFailure.storage} locale={locale} /> : null}
      {commitFailure && !commitFailure.storage ? (
        <Banner tone="danger">
          {t('pull.commitFailed', { batchId: commitFailure.batchId, message: commitFailure.message })}
        </Banner>
      ) : null}
      {status?.fatal?.kind === 'sdk-10010' && !active ? (
        <ExpiredCursorPanel corpId={corp.id} locale={locale} />
      ) : null}
      {status?.fatal && status.fatal.kind !== 'sdk-10010' ? (
        <Banner
          tone="danger"
          title={t('pull.fatalTitle', { explanation: describePullError(t, status.fatal.kind).explanation })}
        >
          {describePullError(t, status.fatal.kind).action}
        </Banner>
      ) : null}
      <StatGrid
        stats={[
          { label: t('pull.stat.pulled'), value: formatNumber(status?.pulled ?? 0, locale) },
          {
            label: t('pull.stat.rate'),
            value: t('pull.stat.rateValue', { rate: formatNumber(status?.ratePerSec ?? 0, locale) }),
          },
          { label: t('pull.stat.committedSeq'), value: <code>{status?.committedSeq ?? '0'}</code> },
          { label: t('pull.stat.storedSeq'), value: <code>{storedSeq ?? '…'}</code> },
          { label: t('pull.stat.lastSuccess'), ...time(lastSuccessAt, t('common.never')) },
          { label: t('pull.stat.limit'), value: formatNumber(status?.limit ?? corp.batchLimit, locale) },
          {
            label: t('pull.stat.nextScheduled'),
            ...scheduleStat(status?.nextScheduledAt ?? null),
          },
        ]}
      />
      <h3 className="subheading">{t('pull.stored.title')}</h3>
      <StoredCounts corpId={corp.id} locale={locale} />
      <RedecryptStatus corpId={corp.id} />
      <h3 className="subheading">{t('pull.errors.title')}</h3>
      <PullErrors errors={status?.errors ?? []} locale={locale} />
    </Section>
  );
}
