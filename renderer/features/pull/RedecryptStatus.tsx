import { useTranslation } from 'react-i18next';
import { useAppState } from '../../state';
import { Banner } from '../../ui/Banner';
import { ProgressBar } from '../../ui/ProgressBar';

/** Progress of the re-decryption that follows a key import; the outcome stays until the next run. */
export function RedecryptStatus({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const run = useAppState((state) => state.redecrypts[corpId]);
  if (!run) return null;
  const title =
    run.publickeyVer === null
      ? t('pull.redecrypt.title')
      : t('pull.redecrypt.titleVersion', { version: run.publickeyVer });
  if (run.running) {
    return (
      <ProgressBar
        label={title}
        value={run.done}
        max={run.total}
        detail={t('pull.redecrypt.progress', { done: run.done, total: run.total, succeeded: run.succeeded })}
      />
    );
  }
  if (run.error) {
    return (
      <Banner tone="danger" title={title}>
        {t('pull.redecrypt.failed', { message: run.error })}
      </Banner>
    );
  }
  return (
    <Banner tone="success" title={title}>
      {t('pull.redecrypt.done', { succeeded: run.succeeded, total: run.total })}
    </Banner>
  );
}
