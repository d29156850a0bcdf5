import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { readCursor } from '../../db';
import { formatDateTime, formatNumber } from '../../lib/formatTime';
import { selectTimeZone, useAppState } from '../../state';
import { Banner } from '../../ui/Banner';
import { ProgressBar } from '../../ui/ProgressBar';
import { useAppServices } from '../appServices';
import { useLocale } from '../useLocale';
import { archiveHere, type ArchiveHere } from './archiveHere';
import './archive.css';

/** Where this browser stands for one corp's archive (see archiveHere.ts), read live. */
export function useArchiveHere(corpId: string): ArchiveHere {
  const { db } = useAppServices();
  const storedSeq = useLiveQuery(() => readCursor(db, corpId), [db, corpId]);
  const status = useAppState((state) => state.pullStatuses[corpId]);
  const lastSuccessAt = useAppState(
    (state) => state.corps.find((corp) => corp.id === corpId)?.lastSuccessAt ?? null,
  );
  return archiveHere({ storedSeq, status, lastSuccessAt });
}

/**
 * What an empty archive means here, instead of a bare "no chats": the first pull's progress, or that
 * this browser profile holds no archive and where it lives. Renders nothing when the archive is here.
 */
export function ArchiveHereNotice({ corpId, here }: { corpId: string; here: ArchiveHere }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const status = useAppState((state) => state.pullStatuses[corpId]);
  const corpName = useAppState((state) => state.corps.find((corp) => corp.id === corpId)?.name ?? '');
  const appInfo = useAppState((state) => state.appInfo);
  const timeZone = useAppState(selectTimeZone);
  const lastSuccessAt = useAppState(
    (state) =>
      state.pullStatuses[corpId]?.lastSuccessAt ??
      state.corps.find((corp) => corp.id === corpId)?.lastSuccessAt ??
      null,
  );
  if (here === 'first-pull') {
    return (
      <div className="archive-here" data-testid="archive-first-pull" role="status">
        <ProgressBar
          value={0}
          max={0}
          label={t('archiveHere.firstPullTitle')}
          detail={t('archiveHere.firstPullDetail', { count: formatNumber(status?.pulled ?? 0, locale) })}
        />
        <p className="muted small">{t('archiveHere.firstPullHint')}</p>
      </div>
    );
  }
  if (here === 'elsewhere') {
    const profile = appInfo?.shell === 'web' ? `${appInfo.dataDir}/chromium-profile` : null;
    return (
      <div className="archive-here" data-testid="archive-elsewhere">
        <Banner tone="warning" title={t('archiveHere.elsewhereTitle')}>
          <p>
            {t('archiveHere.elsewhereBody', {
              corp: corpName,
              at:
                lastSuccessAt === null ? t('common.never') : formatDateTime(lastSuccessAt, locale, timeZone),
            })}
          </p>
          {profile ? (
            <p>
              {t('archiveHere.elsewhereWhereWeb')} <code className="break">{profile}</code>
            </p>
          ) : (
            <p>{t('archiveHere.elsewhereWhereElectron')}</p>
          )}
          <p>{t('archiveHere.elsewhereWhatToDo')}</p>
        </Banner>
      </div>
    );
  }
  return null;
}
