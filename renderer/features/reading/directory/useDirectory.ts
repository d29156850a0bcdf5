import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import type { ConsentDto, GroupInfoDto, RobotInfoDto } from '../../../../main/contract';
import { useAppServices } from '../../appServices';
import type { DirectoryRow } from './directoryCache';
import { directoryRows } from './directoryCache';

export interface Directory {
  /** A display name for any id: resolved name, else the id itself (never blank). */
  nameOf(id: string): string;
  /** True when nameOf(id) is a resolved name rather than the id. */
  isResolved(id: string): boolean;
  /** The department from the imported staff directory, when the id is in it. */
  department(id: string): string | null;
  group(roomid: string): GroupInfoDto | null;
  groupError(roomid: string): DirectoryRow['error'];
  robot(id: string): RobotInfoDto | null;
  consent(userid: string, externalUserid: string): ConsentDto | null;
  /** Finds an id by display name (quotes name their author, not an id). */
  idsNamed(name: string): string[];
}

export function buildDirectory(rows: readonly DirectoryRow[]): Directory {
  const names = new Map<string, string>();
  const groups = new Map<string, DirectoryRow>();
  const robots = new Map<string, RobotInfoDto>();
  const consents = new Map<string, ConsentDto>();
  const departments = new Map<string, string>();
  for (const row of rows) {
    if (row.kind === 'person' && row.name) names.set(row.id, row.name);
    if (row.kind === 'person' && row.department) departments.set(row.id, row.department);
    if (row.kind === 'robot' && row.robot) {
      robots.set(row.id, row.robot);
      if (row.name) names.set(row.id, row.name);
    }
    if (row.kind === 'group') groups.set(row.id, row);
    if (row.kind === 'consent' && row.consent) consents.set(row.id, row.consent);
  }
  const byName = new Map<string, string[]>();
  for (const [id, name] of names) byName.set(name, [...(byName.get(name) ?? []), id]);
  return {
    nameOf: (id) => names.get(id) ?? (id || '—'),
    isResolved: (id) => names.has(id),
    department: (id) => departments.get(id) ?? null,
    group: (roomid) => groups.get(roomid)?.group ?? null,
    groupError: (roomid) => groups.get(roomid)?.error ?? null,
    robot: (id) => robots.get(id) ?? null,
    consent: (userid, externalUserid) => consents.get(`${userid}|${externalUserid}`) ?? null,
    idsNamed: (name) => byName.get(name) ?? [],
  };
}

/**
 * A conversation id as names (screens that have the id but not the conversation row): a group by its
 * resolved name, a single chat as its two people, a system conversation by its user.
 */
export function conversationNames(convId: string, directory: Directory): string {
  if (convId.startsWith('g:')) {
    const roomid = convId.slice(2);
    return directory.group(roomid)?.name || roomid;
  }
  if (convId.startsWith('s:'))
    return convId
      .slice(2)
      .split('|')
      .map((id) => directory.nameOf(id))
      .join(' ↔ ');
  return directory.nameOf(convId.replace(/^sys:/, ''));
}

const EMPTY: readonly DirectoryRow[] = [];

/** The corp's cached directory, live (a resolved name shows up without reopening anything). */
export function useDirectory(corpId: string): Directory {
  const { db } = useAppServices();
  const rows = useLiveQuery(() => directoryRows(db, corpId), [db, corpId]) ?? EMPTY;
  return useMemo(() => buildDirectory(rows), [rows]);
}
