import { useLiveQuery } from 'dexie-react-hooks';
import type { ArchiveDb } from '../../db';
import { buildDirectory, conversationTitle, type DirectoryKind, type DirectoryRow } from '../reading';
import { useAppServices } from '../appServices';
import type { MediaOriginNames } from './saveName';

/** Where a media item comes from: its message's chat, sender and time, named as the reader names them. */
export interface MediaOrigin extends MediaOriginNames {
  convId: string | null;
  /** The sender's id ('' when the message names none). */
  from: string;
}

/**
 * The origin of the message carrying a media item, read from the archive: the message row, its
 * conversation summary and only the directory entries that name it (not the whole directory, so a
 * card can ask for itself). null when the message is not stored.
 */
export async function loadMediaOrigin(
  db: ArchiveDb,
  corpId: string,
  msgid: string,
): Promise<MediaOrigin | null> {
  const message = await db.messages.get([corpId, msgid]);
  if (!message) return null;
  const convId = message.convId ?? null;
  const conversation = convId ? await db.conversations.get([corpId, convId]) : undefined;
  const people = new Set<string>();
  if (message.from) people.add(message.from);
  if (convId?.startsWith('s:')) for (const id of convId.slice(2).split('|')) if (id) people.add(id);
  const keys: Array<[string, DirectoryKind, string]> = [...people].flatMap((id) => [
    [corpId, 'person', id] as [string, DirectoryKind, string],
    [corpId, 'robot', id] as [string, DirectoryKind, string],
  ]);
  if (conversation?.roomid) keys.push([corpId, 'group', conversation.roomid]);
  const rows = (await db.directory.bulkGet(keys)).filter((row): row is DirectoryRow => row !== undefined);
  const directory = buildDirectory(rows);
  return {
    convId,
    from: message.from ?? '',
    sender: message.from ? directory.nameOf(message.from) : '',
    chat: conversation ? conversationTitle(conversation, directory) : (convId ?? ''),
    msgtime: message.msgtime ?? null,
  };
}

/** The item's origin, live; undefined while loading or when not `enabled`, null when unknown. */
export function useMediaOrigin(
  corpId: string,
  msgid: string,
  enabled = true,
): MediaOrigin | null | undefined {
  const { db } = useAppServices();
  return useLiveQuery(
    () => (enabled ? loadMediaOrigin(db, corpId, msgid) : undefined),
    [db, corpId, msgid, enabled],
  );
}

/** When the origin is unknown, a save name is still made (from what is known). */
export const UNKNOWN_ORIGIN: MediaOriginNames = { chat: '', sender: '', msgtime: null };
