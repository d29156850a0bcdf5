import { useLiveQuery } from 'dexie-react-hooks';
import { rulesTables, type AlertRow, type AlertStatus, type RuleHit } from '../../rules';
import { useAppServices } from '../appServices';

/** What the timeline and search results show on a message with an alert (issue 12: alerts visible as marks). */
export interface MessageAlertMark {
  status: AlertStatus;
  severity: number;
  hits: RuleHit[];
  ruleIds: string[];
  /** The message's visible text the hits' spans point into. */
  text: string;
}

const EMPTY = new Map<string, MessageAlertMark>();

const markOf = (row: AlertRow): MessageAlertMark => ({
  status: row.status,
  severity: row.severity,
  hits: row.hits,
  ruleIds: row.ruleIds,
  text: row.text,
});

/** The alerts of one conversation by msgid, live; rules' names come from `listRules`. */
export function useConversationAlerts(corpId: string, convId: string): ReadonlyMap<string, MessageAlertMark> {
  const { db } = useAppServices();
  return (
    useLiveQuery(async () => {
      const rows = await rulesTables(db).alerts.where('[corpId+convId]').equals([corpId, convId]).toArray();
      return new Map(rows.filter((row) => row.hits.length > 0).map((row) => [row.msgid, markOf(row)]));
    }, [db, corpId, convId]) ?? EMPTY
  );
}

/** The alerts of the given messages (search results), live, by `corpId\u0000msgid`. */
export function useMessagesAlerts(
  keys: readonly (readonly [string, string])[],
): ReadonlyMap<string, MessageAlertMark> {
  const { db } = useAppServices();
  return (
    useLiveQuery(async () => {
      if (keys.length === 0) return EMPTY;
      const rows = await rulesTables(db).alerts.bulkGet(keys.map(([corpId, msgid]) => [corpId, msgid]));
      return new Map(
        rows
          .filter((row): row is AlertRow => row !== undefined && row.hits.length > 0)
          .map((row) => [`${row.corpId}\u0000${row.msgid}`, markOf(row)]),
      );
    }, [db, keys]) ?? EMPTY
  );
}
