import { useTranslation } from 'react-i18next';
import type { PullErrorDto } from '../../../main/contract';
import { describePullError } from '../../i18n/describeErrors';
import { formatDateTime } from '../../lib/formatTime';
import { Badge } from '../../ui/Badge';
import type { Column } from '../../ui/Table';
import { Table } from '../../ui/Table';
import { selectTimeZone, useAppState } from '../../state';

/** The pull's recent errors, newest first, each with what it means and what to do. */
export function PullErrors({ errors, locale }: { errors: PullErrorDto[]; locale: string }) {
  const { t } = useTranslation();
  const timeZone = useAppState(selectTimeZone);
  const columns: Column<PullErrorDto & { position: number }>[] = [
    {
      key: 'at',
      header: t('pull.errors.time'),
      render: (error) => formatDateTime(error.at, locale, timeZone),
    },
    {
      key: 'kind',
      header: t('pull.errors.kind'),
      render: (error) => (
        <>
          <code>{error.kind}</code>{' '}
          <Badge tone={error.retryable ? 'info' : 'danger'}>
            {error.retryable ? t('pull.errors.retrying') : t('pull.errors.stopped')}
          </Badge>
        </>
      ),
    },
    {
      key: 'code',
      header: t('pull.errors.code'),
      numeric: true,
      render: (error) => String(error.sdkCode ?? error.errcode ?? '—'),
    },
    {
      key: 'explanation',
      header: t('pull.errors.explanation'),
      render: (error) => {
        const { explanation, action } = describePullError(t, error.kind);
        return (
          <div className="error-text">
            <div>{explanation}</div>
            <div className="error-text__action">{action}</div>
            <details className="error-text__details">
              <summary>{t('pull.errors.details')}</summary>
              <code>{error.message}</code>
            </details>
          </div>
        );
      },
    },
  ];
  return (
    <Table
      caption={t('pull.errors.title')}
      columns={columns}
      rows={errors.map((error, position) => ({ ...error, position })).reverse()}
      rowKey={(error) => String(error.position)}
      empty={t('pull.errors.none')}
    />
  );
}
