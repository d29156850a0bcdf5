import { useId } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/formatTime';
import { labelledOptions, Select, type SelectOption } from '../../ui/OptionSelect';
import { useAppServices } from '../appServices';
import { REVIEW_STATES, type MessageRef, type ReviewState } from './markTables';
import { useReviewState } from './useMarks';

/**
 * A chat's review state in the timeline's header: a choice of the five states; `reviewed` takes the
 * message the reviewer is on (else the newest one loaded) and links back to it.
 */
export function ReviewStateControl({
  corpId,
  convId,
  locale,
  timeZone,
  currentMessage,
  onJump,
}: {
  corpId: string;
  convId: string;
  locale: string;
  timeZone: string;
  /** The message `reviewed` would be up to. */
  currentMessage: () => MessageRef | null;
  onJump: (msgid: string) => void;
}) {
  const { t } = useTranslation();
  const { marks } = useAppServices();
  const id = useId();
  const row = useReviewState(corpId, convId);
  const state: ReviewState = row?.state ?? 'unreviewed';

  const choose = (next: ReviewState) => {
    if (next === 'reviewed') {
      const upTo = currentMessage();
      if (!upTo) return;
      void marks.setReviewState(corpId, convId, 'reviewed', upTo);
    } else {
      void marks.setReviewState(corpId, convId, next);
    }
  };

  return (
    <span className="review-state" data-testid="review-state" data-state={state}>
      <label htmlFor={id} className="muted small">
        {t('review.state.label')}
      </label>
      <Select
        id={id}
        className={`input review-state__select review-state--${state}`}
        value={state}
        options={reviewStateOptions(t)}
        onChange={choose}
        data-testid="review-state-select"
      />
      {row?.state === 'reviewed' && row.upTo ? (
        <button
          type="button"
          className="inline-link small"
          onClick={() => onJump(row.upTo?.msgid ?? '')}
          data-testid="reviewed-up-to"
          data-msgid={row.upTo.msgid}
        >
          {t('review.reviewedUpTo', { time: formatDateTime(row.upTo.msgtime, locale, timeZone) })}
        </button>
      ) : null}
    </span>
  );
}

/** A chat's review state as a badge (the chat list); nothing while unreviewed. */
export function ReviewStateBadge({ state }: { state: ReviewState | null }) {
  const { t } = useTranslation();
  if (!state || state === 'unreviewed') return null;
  const tone =
    state === 'escalated' ? 'danger' : state === 'reviewed' || state === 'closed' ? 'success' : 'warning';
  return (
    <span className={`badge badge--${tone}`} data-review-state={state}>
      {t(`review.state.${state}`)}
    </span>
  );
}

/** The five review states as select options, in their order (a filter's choices, the state control). */
export function reviewStateOptions(t: TFunction): SelectOption<ReviewState>[] {
  return labelledOptions(REVIEW_STATES, (state) => t(`review.state.${state}`));
}
