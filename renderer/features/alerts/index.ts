/** Alerts (issue 12): the queue of rule hits and its triage; what other features use. */
export { AlertBadge, AlertExcerpt } from './AlertBadge';
export { AlertsScreen } from './AlertsScreen';
export { AlertTriage } from './alertTriage';
export type { AlertKey } from './alertTriage';
export { HighlightedText } from './HighlightedText';
export type { TextSpan } from './HighlightedText';
export { useConversationAlerts, useMessagesAlerts } from './useConversationAlerts';
export type { MessageAlertMark } from './useConversationAlerts';
