import Dexie from 'dexie';
import { useLiveQuery } from 'dexie-react-hooks';
import { useAppServices } from '../appServices';
import { markTables, type ReviewStateRow, type Severity } from './markTables';

/** What a message carries, as the timeline and search hits show it. */
export interface MessageMarks {
  severity: Severity | null;
  tags: readonly string[];
  note: boolean;
}

export const NO_MARKS: MessageMarks = { severity: null, tags: [], note: false };

const EMPTY_MAP: ReadonlyMap<string, MessageMarks> = new Map();
const EMPTY_COLOURS: ReadonlyMap<string, string> = new Map();

/** Every message of one chat that carries a mark, by msgid (live). */
export function useConversationMarks(corpId: string, convId: string): ReadonlyMap<string, MessageMarks> {
  const { db } = useAppServices();
  return (
    useLiveQuery(async () => {
      const tables = markTables(db);
      const key = [corpId, convId];
      const [flags, tags, notes] = await Promise.all([
        tables.flags.where('[corpId+convId]').equals(key).toArray(),
        tables.tags.where('[corpId+convId]').equals(key).toArray(),
        tables.notes.where('[corpId+convId]').equals(key).toArray(),
      ]);
      return collect(flags, tags, notes);
    }, [db, corpId, convId]) ?? EMPTY_MAP
  );
}

/** The marks of the given messages ([corpId, msgid] pairs), by `corpId\0msgid` (live; search hits). */
export function useMessagesMarks(
  keys: readonly (readonly [string, string])[],
): ReadonlyMap<string, MessageMarks> {
  const { db } = useAppServices();
  const signature = keys.map((key) => key.join('\u0000')).join('\u0001');
  return (
    useLiveQuery(async () => {
      if (keys.length === 0) return EMPTY_MAP;
      const tables = markTables(db);
      const pairs = keys.map(([corpId, msgid]) => [corpId, msgid] as [string, string]);
      const [flags, tags, notes] = await Promise.all([
        tables.flags.bulkGet(pairs),
        tables.tags.where('[corpId+msgid]').anyOf(pairs).toArray(),
        tables.notes.bulkGet(pairs),
      ]);
      const present = <T>(rows: (T | undefined)[]) => rows.filter((row): row is T => row !== undefined);
      return collect(present(flags), tags, present(notes), true);
    }, [db, signature]) ?? EMPTY_MAP
  );
}

function collect(
  flags: readonly { corpId: string; msgid: string; severity: Severity }[],
  tags: readonly { corpId: string; msgid: string; tag: string }[],
  notes: readonly { corpId: string; msgid: string }[],
  withCorp = false,
): ReadonlyMap<string, MessageMarks> {
  const map = new Map<string, { severity: Severity | null; tags: string[]; note: boolean }>();
  const entry = (row: { corpId: string; msgid: string }) => {
    const key = withCorp ? `${row.corpId}\u0000${row.msgid}` : row.msgid;
    let found = map.get(key);
    if (!found) {
      found = { severity: null, tags: [], note: false };
      map.set(key, found);
    }
    return found;
  };
  for (const row of flags) entry(row).severity = row.severity;
  for (const row of tags) entry(row).tags.push(row.tag);
  for (const row of notes) entry(row).note = true;
  for (const value of map.values()) value.tags.sort();
  return map;
}

/** Every tag's colour, by name (live). */
export function useTagColours(): ReadonlyMap<string, string> {
  const { db } = useAppServices();
  return (
    useLiveQuery(
      async () => new Map((await markTables(db).tagDefs.toArray()).map((def) => [def.name, def.colour])),
      [db],
    ) ?? EMPTY_COLOURS
  );
}

/** Per chat of a corp: flagged and noted message counts and the review state (the chat list; live). */
export interface ConversationMarkSummary {
  flags: number;
  notes: number;
  state: ReviewStateRow | null;
}

const EMPTY_SUMMARY: ReadonlyMap<string, ConversationMarkSummary> = new Map();

export function useCorpMarkSummary(corpId: string): ReadonlyMap<string, ConversationMarkSummary> {
  const { db } = useAppServices();
  return (
    useLiveQuery(async () => {
      const tables = markTables(db);
      const range = [
        [corpId, Dexie.minKey],
        [corpId, Dexie.maxKey],
      ] as const;
      const [flags, notes, states] = await Promise.all([
        tables.flags
          .where('[corpId+convId]')
          .between(...range)
          .toArray(),
        tables.notes
          .where('[corpId+convId]')
          .between(...range)
          .toArray(),
        tables.reviewStates
          .where('[corpId+convId]')
          .between(...range)
          .toArray(),
      ]);
      const map = new Map<string, ConversationMarkSummary>();
      const entry = (convId: string) => {
        let found = map.get(convId);
        if (!found) {
          found = { flags: 0, notes: 0, state: null };
          map.set(convId, found);
        }
        return found;
      };
      for (const row of flags) entry(row.convId).flags += 1;
      for (const row of notes) entry(row.convId).notes += 1;
      for (const row of states) entry(row.convId).state = row;
      return map;
    }, [db, corpId]) ?? EMPTY_SUMMARY
  );
}

/** One chat's review state row (null: unreviewed; live). */
export function useReviewState(corpId: string, convId: string): ReviewStateRow | null {
  const { db } = useAppServices();
  return (
    useLiveQuery(
      async () => (await markTables(db).reviewStates.get([corpId, convId])) ?? null,
      [db, corpId, convId],
    ) ?? null
  );
}
