import { useLiveQuery } from 'dexie-react-hooks';
import { corpConversations } from '../../db';
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
              corpConversations(db, corpId).toArray(),
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

/** Display names by corp and id, for hits (sender and chat), from the same candidates. */
export interface NameLookup {
  person: (corpId: string, id: string) => string | undefined;
  chat: (corpId: string, convId: string) => string | undefined;
}

export function nameLookup(names: NameCandidates): NameLookup {
  const key = (corpId: string, id: string) => `${corpId}\u0000${id}`;
  const people = new Map(names.people.map((p) => [key(p.corpId, p.id), p.label]));
  const chats = new Map(names.chats.map((c) => [key(c.corpId, c.id), c.label]));
  return {
    person: (corpId, id) => people.get(key(corpId, id)),
    chat: (corpId, convId) => chats.get(key(corpId, convId)),
  };
}
