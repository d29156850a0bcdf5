import Dexie from 'dexie';
import { useLiveQuery } from 'dexie-react-hooks';
import { useAppServices } from '../appServices';
import { buildDirectory, directoryRows } from '../reading';
import { nameCandidates, type NameCandidates } from './nameCandidates';

const NONE: NameCandidates = { people: [], chats: [] };

/** The people and chats of these corps for the filters' autocomplete, live (a name resolved later shows up). */
export function useNameCandidates(corpIds: readonly string[]): NameCandidates {
  const { db } = useAppServices();
  const key = corpIds.join('\n');
  return (
    useLiveQuery(async () => {
      const perCorp = await Promise.all(
        key
          .split('\n')
          .filter(Boolean)
          .map(async (corpId) => {
            const [conversations, rows] = await Promise.all([
              db.conversations
                .where('[corpId+lastMsgtime]')
                .between([corpId, Dexie.minKey], [corpId, Dexie.maxKey])
                .toArray(),
              directoryRows(db, corpId),
            ]);
            return nameCandidates(corpId, conversations, buildDirectory(rows));
          }),
      );
      return {
        people: perCorp.flatMap((c) => c.people),
        chats: perCorp.flatMap((c) => c.chats),
      };
    }, [db, key]) ?? NONE
  );
}
