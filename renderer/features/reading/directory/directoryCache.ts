import Dexie from 'dexie';
import type { Table } from 'dexie';
import type {
  ArchiveApi,
  ConsentDto,
  DirectoryErrorDto,
  DirectoryResultDto,
  GroupInfoDto,
  RobotInfoDto,
} from '../../../../main/contract';
import type { ArchiveDb } from '../../../db';
import type { ConversationRow } from '../conversations/conversationIndex';
import { isExternalId, isRobotId } from '../conversations/conversationIndex';

/**
 * Names resolved in main through the WeCom APIs, cached in IndexedDB (`directory` store) so the
 * reader works offline; ids are the fallback, never a blank. Kinds:
 * - group: GroupInfoDto (name, owner, notice, members with join times, consent);
 * - robot: RobotInfoDto;
 * - person: a display name learnt from a group's member list (external groups report names);
 * - consent: one single-chat pair's consent (id `userid|externalUserid`).
 */
export type DirectoryKind = 'group' | 'robot' | 'person' | 'consent';

export interface DirectoryRow {
  corpId: string;
  kind: DirectoryKind;
  id: string;
  name: string | null;
  resolvedAt: number;
  error: DirectoryErrorDto | null;
  group?: GroupInfoDto;
  robot?: RobotInfoDto;
  consent?: ConsentDto;
}

declare module '../../../db/archiveDb' {
  interface ArchiveDb {
    directory: Table<DirectoryRow, [string, DirectoryKind, string]>;
  }
}

/** Resolved entries are refreshed after a day; failed ones after an hour (or on demand). */
const FRESH_MS = 24 * 3600_000;
const RETRY_FAILED_MS = 3600_000;

export async function directoryRows(db: ArchiveDb, corpId: string): Promise<DirectoryRow[]> {
  return db.directory
    .where('[corpId+kind+id]')
    .between([corpId, Dexie.minKey, Dexie.minKey], [corpId, Dexie.maxKey, Dexie.maxKey])
    .toArray();
}

/** What to ask main for: ids of these conversations not resolved recently. */
export function pendingLookups(
  conversations: readonly ConversationRow[],
  known: readonly DirectoryRow[],
  now: number,
  force = false,
): { roomids: string[]; robotIds: string[]; singlePairs: Array<{ userid: string; externalUserid: string }> } {
  const fresh = new Set(
    known
      .filter((row) => !force && now - row.resolvedAt < (row.error ? RETRY_FAILED_MS : FRESH_MS))
      .map((row) => `${row.kind}\u0000${row.id}`),
  );
  const roomids = new Set<string>();
  const robotIds = new Set<string>();
  const pairs = new Map<string, { userid: string; externalUserid: string }>();
  for (const conversation of conversations) {
    if (conversation.roomid && !fresh.has(`group\u0000${conversation.roomid}`))
      roomids.add(conversation.roomid);
    for (const id of conversation.participants) {
      if (isRobotId(id) && !fresh.has(`robot\u0000${id}`)) robotIds.add(id);
    }
    if (conversation.convId.startsWith('s:') && conversation.participants.length === 2) {
      const [a = '', b = ''] = conversation.participants;
      const external = isExternalId(a) ? a : isExternalId(b) ? b : null;
      const internal = external === a ? b : a;
      if (external && !isExternalId(internal) && !isRobotId(internal)) {
        const id = `${internal}|${external}`;
        if (!fresh.has(`consent\u0000${id}`)) pairs.set(id, { userid: internal, externalUserid: external });
      }
    }
  }
  return { roomids: [...roomids], robotIds: [...robotIds], singlePairs: [...pairs.values()] };
}

/** Rows to store for one answer of resolveDirectory. */
export function rowsFromResult(
  corpId: string,
  result: DirectoryResultDto,
  askedPairs: ReadonlyArray<{ userid: string; externalUserid: string }>,
): DirectoryRow[] {
  const at = result.resolvedAt;
  const rows: DirectoryRow[] = [];
  for (const group of result.groups) {
    rows.push({
      corpId,
      kind: 'group',
      id: group.roomid,
      name: group.name,
      resolvedAt: at,
      error: group.error,
      group,
    });
    for (const member of group.members) {
      const name = member.name ?? member.groupNickname;
      if (name) rows.push({ corpId, kind: 'person', id: member.userid, name, resolvedAt: at, error: null });
    }
  }
  for (const robot of result.robots) {
    rows.push({
      corpId,
      kind: 'robot',
      id: robot.robotId,
      name: robot.name,
      resolvedAt: at,
      error: robot.error,
      robot,
    });
  }
  const answered = new Set<string>();
  for (const consent of result.singleConsents) {
    const id = `${consent.userid ?? ''}|${consent.externalUserid}`;
    answered.add(id);
    rows.push({ corpId, kind: 'consent', id, name: null, resolvedAt: at, error: null, consent });
  }
  for (const pair of askedPairs) {
    const id = `${pair.userid}|${pair.externalUserid}`;
    if (!answered.has(id)) {
      rows.push({
        corpId,
        kind: 'consent',
        id,
        name: null,
        resolvedAt: at,
        error: result.singleConsentError ?? { errcode: -1, message: 'not answered' },
      });
    }
  }
  return rows;
}

const CHUNK = 50;

/**
 * Asks main for everything the list does not know yet, a chunk at a time, and stores the answers.
 * Offline or without a secret the calls fail and the cached names (or the ids) stay.
 */
export async function refreshDirectory(
  db: ArchiveDb,
  archive: Pick<ArchiveApi, 'resolveDirectory'>,
  corpId: string,
  conversations: readonly ConversationRow[],
  options: { force?: boolean; now?: number } = {},
): Promise<{ asked: number; failed: string | null }> {
  const known = await directoryRows(db, corpId);
  const wanted = pendingLookups(conversations, known, options.now ?? Date.now(), options.force ?? false);
  let asked = 0;
  const longest = Math.max(
    wanted.roomids.length,
    wanted.robotIds.length,
    Math.ceil(wanted.singlePairs.length / 4),
  );
  for (let start = 0; start < longest; start += CHUNK) {
    const request = {
      corpId,
      roomids: wanted.roomids.slice(start, start + CHUNK),
      robotIds: wanted.robotIds.slice(start, start + CHUNK),
      singlePairs: wanted.singlePairs.slice(start * 4, (start + CHUNK) * 4),
    };
    const answer = await archive.resolveDirectory(request);
    if (!answer.ok) return { asked, failed: answer.error.message };
    asked += request.roomids.length + request.robotIds.length + request.singlePairs.length;
    // Keep a good cached name when a refresh fails for an id that resolved before.
    const rows = rowsFromResult(corpId, answer.value, request.singlePairs);
    const previous = await db.directory.bulkGet(
      rows.map((row): [string, DirectoryKind, string] => [corpId, row.kind, row.id]),
    );
    const merged = rows.map((row, index) => {
      const before = previous[index];
      return row.error && before && !before.error ? { ...before, resolvedAt: row.resolvedAt } : row;
    });
    await db.directory.bulkPut(merged);
  }
  return { asked, failed: null };
}
