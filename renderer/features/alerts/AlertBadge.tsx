import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { listRules } from '../../rules';
import { useAppServices } from '../appServices';
import './alerts.css';
import type { MessageAlertMark } from './useConversationAlerts';

/**
 * An alert shown on a message in the timeline or a search hit (issue 12: alerts visible as marks):
 * the rules that hit and, on hover, the matched words; the alert's triage state in its tone.
 */
export function AlertBadge({ mark }: { mark: MessageAlertMark }) {
  const { t } = useTranslation();
  const { db } = useAppServices();
  const rules = useLiveQuery(() => listRules(db), [db]);
  const names = mark.ruleIds.map((id) => rules?.find((r) => r.id === id)?.name ?? t('alerts.deletedRule'));
  const words = [...new Set(mark.hits.map((hit) => hit.matched))].join(t('alerts.listSeparator'));
  return (
    <span
      className={`alert-badge alert-badge--${mark.status}`}
      title={t('alerts.badgeTitle', { rules: names.join(t('alerts.listSeparator')), words })}
      data-testid="alert-badge"
    >
      {t('alerts.badge', {
        status: t(`alerts.statusName.${mark.status}`),
        rules: names.join(t('alerts.listSeparator')),
      })}
    </span>
  );
}
