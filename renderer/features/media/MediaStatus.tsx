import { useEffect, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { useAppServices } from '../appServices';
import { useLocale } from '../useLocale';
import { formatBytes } from './format';
import type { MediaItem } from './mediaItems';
import type { MediaStateRow } from './mediaRows';
import { useMediaConnection } from './useMedia';

export interface MediaStatusProps {
  corpId: string;
  msgid: string;
  item: MediaItem;
  row: MediaStateRow | undefined;
}

/** Download state, verification and failure of one item, with the action that moves it on. */
export function MediaStatus({ corpId, msgid, item, row }: MediaStatusProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { media } = useAppServices();
  const { offline, reconnects } = useMediaConnection();
  const explanationId = useId();
  const unfinished = row !== undefined && row.state !== 'done';
  // Back from a disconnect: main may have moved this item on meanwhile, so its state is asked for.
  useEffect(() => {
    if (reconnects > 0 && unfinished) void media.reconcile(corpId, [item.sdkfileid]);
  }, [reconnects, unfinished, media, corpId, item.sdkfileid]);
  const state = row?.state ?? 'pending';
  const size = item.size;
  const percent =
    size && row
      ? `${Math.min(100, Math.floor((row.bytes / size) * 100))}%`
      : formatBytes(row?.bytes ?? 0, locale);
  const failure = row?.failure;
  const failureText = failure
    ? failure.sdkCode === 10005
      ? t('media.failure.code10005')
      : failure.sdkCode === 301048
        ? t('media.failure.code301048')
        : failure.permanent
          ? t('media.failure.permanent')
          : t('media.failure.retryable')
    : null;
  const canFetch = state === 'pending' || (state === 'failed' && !failure?.permanent);
  return (
    <div
      className="media-status"
      data-state={state}
      data-verification={row?.verification ?? ''}
      data-last-known={offline ? 'true' : undefined}
    >
      {/* While main is out of reach the state is the last one it told, not a live one (issue 15). */}
      <Badge
        tone={offline ? 'neutral' : state === 'done' ? 'success' : state === 'failed' ? 'danger' : 'neutral'}
      >
        {offline
          ? t('media.offline.lastKnown', { state: t(`media.state.${state}`, { percent }) })
          : t(`media.state.${state}`, { percent })}
      </Badge>
      {offline ? (
        <span className="media-status__offline muted small">{t('media.offline.unconfirmed')}</span>
      ) : null}
      {row?.verification ? (
        <Badge
          tone={
            row.verification === 'verified'
              ? 'success'
              : row.verification === 'unverified'
                ? 'neutral'
                : 'warning'
          }
        >
          {t(`media.verification.${row.verification}`)}
        </Badge>
      ) : null}
      {failureText ? (
        <span className="media-status__failure" title={failure?.message}>
          {failureText}
          {row && row.attempts > 0 ? ` · ${t('media.failure.attempts', { count: row.attempts })}` : ''}
        </span>
      ) : null}
      {canFetch ? (
        <Button
          variant="ghost"
          disabled={offline}
          aria-describedby={offline ? explanationId : undefined}
          onClick={() => void media.request(corpId, msgid, item)}
        >
          {state === 'failed' ? t('media.action.retry') : t('media.action.download')}
        </Button>
      ) : null}
      {offline ? (
        <span
          id={explanationId}
          className="media-status__offline muted small"
          data-testid="media-actions-offline"
        >
          {t('media.offline.actionsDisabled')}
        </span>
      ) : null}
    </div>
  );
}
