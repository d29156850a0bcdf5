import { useLiveQuery } from 'dexie-react-hooks';
import { rulesTables, type AlertStatus, type RuleHit } from '../../rules';
import { useAppServices } from '../appServices';

/** What the timeline shows on a message with an alert (issue 12: alerts visible as marks). */
export interface MessageAlertMark {
  status: AlertStatus;
  severity: number;
  hits: RuleHit[];
  ruleIds: string[];
}

const EMPTY = new Map<string, MessageAlertMark>();

/** The alerts of one conversation by msgid, live; rules' names come from `listRules`. */
export function useConversationAlerts(corpId: string, convId: string): ReadonlyMap<string, MessageAlertMark> {
  const { db } = useAppServices();
  return (
    useLiveQuery(async () => {
      const rows = await rulesTables(db).alerts.where('[corpId+convId]').equals([corpId, convId]).toArray();
      return new Map(
        rows
          .filter((row) => row.hits.length > 0)
          .map((row) => [
            row.msgid,
            { status: row.status, severity: row.severity, hits: row.hits, ruleIds: row.ruleIds },
          ]),
      );
    }, [db, corpId, convId]) ?? EMPTY
  );
}
