import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { listRules } from '../../rules';
import { useAppServices } from '../appServices';
import './alerts.css';
import { HighlightedText } from './HighlightedText';
import type { MessageAlertMark } from './useConversationAlerts';

/** The names of a mark's rules (a rule deleted since says so). */
function useRuleNames(): (ruleId: string) => string {
  const { t } = useTranslation();
  const { db } = useAppServices();
  const rules = useLiveQuery(() => listRules(db), [db]);
  return (id) => rules?.find((r) => r.id === id)?.name ?? t('alerts.deletedRule');
}

/**
 * An alert shown on a message in the timeline or a search hit (issue 12: alerts visible as marks):
 * the rules that hit and, on hover, the matched words; the alert's triage state in its tone.
 */
export function AlertBadge({ mark }: { mark: MessageAlertMark }) {
  const { t } = useTranslation();
  const nameOf = useRuleNames();
  const names = mark.ruleIds.map(nameOf);
  const words = [...new Set(mark.hits.map((hit) => hit.matched))].join(t('alerts.listSeparator'));
  return (
    <span
      className={`alert-badge alert-badge--${mark.status}`}
      title={t('alerts.badgeTitle', { rules: names.join(t('alerts.listSeparator')), words })}
      data-testid="alert-badge"
      data-rules={mark.ruleIds.join(',')}
    >
      {t('alerts.badge', {
        status: t(`alerts.statusName.${mark.status}`),
        rules: names.join(t('alerts.listSeparator')),
      })}
    </span>
  );
}

/**
 * The message's text around its hits with exactly the matched spans marked, each span titled with
 * its rule and what matched (the timeline card shows it under the bubble).
 */
export function AlertExcerpt({ mark }: { mark: MessageAlertMark }) {
  const { t } = useTranslation();
  const nameOf = useRuleNames();
  return (
    <div className="alert-excerpt" data-testid="alert-excerpt">
      <span className="alert-excerpt__label">{t('alerts.excerptLabel')}</span>{' '}
      <HighlightedText
        text={mark.text}
        spans={mark.hits.map((hit) => ({
          start: hit.start,
          end: hit.end,
          title: t('alerts.spanTitle', { rule: nameOf(hit.ruleId), matcher: hit.matcher }),
        }))}
      />
    </div>
  );
}
