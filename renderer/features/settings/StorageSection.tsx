import { useEffect, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { formatBytes } from '../../lib/formatBytes';
import { formatDateTime } from '../../lib/formatTime';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Section } from '../../ui/Section';
import { StatGrid } from '../../ui/StatGrid';
import { useAppServices } from '../appServices';
import { useLocale } from '../useLocale';
import { selectTimeZone, useAppState } from '../../state';

/** Settings → Storage: whether the archive is persistent (not evictable), usage and quota. */
export function StorageSection() {
  const { t } = useTranslation();
  const locale = useLocale();
  const timeZone = useAppState(selectTimeZone);
  const { pulls } = useAppServices();
  const guard = pulls.storage;
  const snapshot = useSyncExternalStore(
    (listener) => guard.subscribe(listener),
    () => guard.current,
  );
  useEffect(() => {
    void guard.refresh();
  }, [guard]);
  const bytes = (value: number | null) =>
    value === null ? t('storage.unknown') : formatBytes(value, locale);
  const free =
    snapshot.usage === null || snapshot.quota === null ? null : Math.max(0, snapshot.quota - snapshot.usage);
  return (
    <Section
      id="storage"
      title={t('storage.title')}
      actions={<Button onClick={() => void guard.refresh()}>{t('storage.refresh')}</Button>}
    >
      <StatGrid
        stats={[
          {
            label: t('storage.persisted'),
            value:
              snapshot.persisted === null ? (
                <Badge tone="neutral">{t('storage.unknown')}</Badge>
              ) : snapshot.persisted ? (
                <Badge tone="success">
                  <span data-testid="storage-persisted">{t('storage.granted')}</span>
                </Badge>
              ) : (
                <Badge tone="danger">
                  <span data-testid="storage-persisted">{t('storage.notGranted')}</span>
                </Badge>
              ),
          },
          { label: t('storage.usage'), value: bytes(snapshot.usage) },
          { label: t('storage.quota'), value: bytes(snapshot.quota) },
          {
            label: t('storage.free'),
            value: bytes(free),
            detail: snapshot.checkedAt > 0 ? formatDateTime(snapshot.checkedAt, locale, timeZone) : undefined,
          },
        ]}
      />
    </Section>
  );
}
