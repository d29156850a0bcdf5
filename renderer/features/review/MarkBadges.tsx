import { useTranslation } from 'react-i18next';
import './review.css';
import type { MessageMarks } from './useMarks';

/** A message's marks as badges: the flag with its severity, each tag in its colour, a note sign. */
export function MarkBadges({
  marks,
  tagColours,
}: {
  marks: MessageMarks;
  tagColours: ReadonlyMap<string, string>;
}) {
  const { t } = useTranslation();
  if (!marks.severity && marks.tags.length === 0 && !marks.note) return null;
  return (
    <span className="mark-badges" data-testid="mark-badges">
      {marks.severity ? (
        <span
          className={`badge mark-flag mark-flag--${marks.severity}`}
          data-flag={marks.severity}
          title={t('review.flagged', { severity: t(`review.severity.${marks.severity}`) })}
        >
          ⚑ {t(`review.severity.${marks.severity}`)}
        </span>
      ) : null}
      {marks.tags.map((tag) => (
        <span
          key={tag}
          className="mark-tag"
          data-tag={tag}
          style={{ borderColor: tagColours.get(tag), color: tagColours.get(tag) }}
        >
          <bdi>{tag}</bdi>
        </span>
      ))}
      {marks.note ? (
        <span className="badge badge--info mark-note" data-note="true" title={t('review.hasNote')}>
          ✎ {t('review.note')}
        </span>
      ) : null}
    </span>
  );
}
