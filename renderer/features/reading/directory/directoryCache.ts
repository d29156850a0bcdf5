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
import { recordNames, staffRows } from './staffDirectory';

/**
 * Names resolved in main through the WeCom APIs, cached in IndexedDB (`directory` store) so the
 * reader works offline; ids are the fallback, never a blank. Kinds:
 * - group: GroupInfoDto (name, owner, notice, members with join times, consent);
 * - robot: RobotInfoDto;
 * - person: a display name learnt from a group's member list (external groups report names) or, for
 *   the external side of a single chat, from externalcontact/get (docs/wecom-sdk.md §6.10);
 * - consent: one single-chat pair's consent (id `userid|externalUserid`).
 * The imported staff directory (`staffDirectory.ts`) is merged in by `directoryRows` and wins over
 * every looked-up name: it is what the reviewer's organisation calls its people.
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
  /** From the imported staff directory (not stored in this table). */
  department?: string;
  /** Where a person's name came from (absent: a group member list). */
  nameSource?: 'import' | 'external-contact';
}

declare module '../../../db/archiveDb' {
  interface ArchiveDb {
    directory: Table<DirectoryRow, [string, DirectoryKind, string]>;
  }
}

/** Resolved entries are refreshed after a day; failed ones after an hour (or on demand). */
const FRESH_MS = 24 * 3600_000;
const RETRY_FAILED_MS = 3600_000;

/** The corp's cached look-ups, then its imported staff directory as person rows (so those names win). */
export async function directoryRows(db: ArchiveDb, corpId: string): Promise<DirectoryRow[]> {
  const [cached, staff] = await Promise.all([
    db.directory
      .where('[corpId+kind+id]')
      .between([corpId, Dexie.minKey, Dexie.minKey], [corpId, Dexie.maxKey, Dexie.maxKey])
      .toArray(),
    staffRows(db, corpId),
  ]);
  return [
    ...cached,
    ...staff.map((row): DirectoryRow => ({
      corpId,
      kind: 'person',
      id: row.userid,
      name: row.name,
      resolvedAt: row.importedAt,
      error: null,
      department: row.department,
      nameSource: 'import',
    })),
  ];
}

/** What to ask main for: ids of these conversations not resolved recently. */
export function pendingLookups(
  conversations: readonly ConversationRow[],
  known: readonly DirectoryRow[],
  now: number,
  force = false,
): {
  roomids: string[];
  robotIds: string[];
  singlePairs: Array<{ userid: string; externalUserid: string }>;
  externalUserids: string[];
} {
  const fresh = new Set(
    known
      .filter((row) => !force && now - row.resolvedAt < (row.error ? RETRY_FAILED_MS : FRESH_MS))
      .map((row) => `${row.kind}\u0000${row.id}`),
  );
  const roomids = new Set<string>();
  const robotIds = new Set<string>();
  const pairs = new Map<string, { userid: string; externalUserid: string }>();
  const named = new Set(known.filter((row) => row.kind === 'person' && row.name).map((row) => row.id));
  const externals = new Set<string>();
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
        // The external side of a single chat: no member list names it (docs/wecom-sdk.md §6.10).
        if (!named.has(external) && !fresh.has(`person\u0000${external}`)) externals.add(external);
      }
    }
  }
  return {
    roomids: [...roomids],
    robotIds: [...robotIds],
    singlePairs: [...pairs.values()],
    externalUserids: [...externals],
  };
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
  for (const contact of result.externalContacts) {
    rows.push({
      corpId,
      kind: 'person',
      id: contact.externalUserid,
      name: contact.name,
      resolvedAt: at,
      error: contact.error,
      nameSource: 'external-contact',
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
    wanted.externalUserids.length,
    Math.ceil(wanted.singlePairs.length / 4),
  );
  for (let start = 0; start < longest; start += CHUNK) {
    const request = {
      corpId,
      roomids: wanted.roomids.slice(start, start + CHUNK),
      robotIds: wanted.robotIds.slice(start, start + CHUNK),
      singlePairs: wanted.singlePairs.slice(start * 4, (start + CHUNK) * 4),
      externalUserids: wanted.externalUserids.slice(start, start + CHUNK),
    };
    const answer = await archive.resolveDirectory(request);
    if (!answer.ok) return { asked, failed: answer.error.message };
    asked +=
      request.roomids.length +
      request.robotIds.length +
      request.singlePairs.length +
      request.externalUserids.length;
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
    // A person's names over time (features/people): every name a look-up reported, by source.
    const at = answer.value.resolvedAt;
    const named = (pick: (row: DirectoryRow) => boolean) =>
      merged
        .filter((row) => !row.error && row.name && pick(row))
        .map((row) => ({ userid: row.id, name: row.name ?? '' }));
    await recordNames(
      db,
      corpId,
      named((r) => r.kind === 'person' && r.nameSource !== 'external-contact'),
      'group-member',
      at,
    );
    await recordNames(
      db,
      corpId,
      named((r) => r.kind === 'person' && r.nameSource === 'external-contact'),
      'external-contact',
      at,
    );
    await recordNames(
      db,
      corpId,
      named((r) => r.kind === 'robot'),
      'robot',
      at,
    );
  }
  return { asked, failed: null };
}
