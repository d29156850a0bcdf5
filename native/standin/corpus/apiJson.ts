import { createHash } from 'node:crypto';
import type { ConsentRecord } from './conversation';
import type { Chat, Person, Roster } from './people';
import { ARCHIVE_START_SECONDS } from './people';
import type { Prng } from './prng';

/**
 * `<root>/api.json`: what the HTTP API emulator answers from (docs/wecom-sdk.md §6), per corp. Field names inside
 * the group, robot and consent records are the official response names, so the emulator returns them as is.
 */
export interface ApiJson {
  version: 1;
  corps: Record<string, CorpApiData>;
}

export interface CorpApiData {
  name: string;
  /** sha256 hex of the 客户联系 / self-built app secret whose token may call externalcontact APIs (docs/wecom-sdk.md §6.3). */
  contactSecretSha256: string | null;
  /** Display names for internal members (the app may show them; no emulator route serves them yet). */
  users: Array<{ userid: string; name: string; position: string }>;
  externalContacts: Array<{
    external_userid: string;
    name: string;
    type: 1 | 2;
    corp_name?: string;
    unionid?: string;
  }>;
  robots: RobotInfo[];
  internalGroups: InternalGroupInfo[];
  externalGroups: ExternalGroupInfo[];
  /** Group ids that appear in the archive but that neither group API resolves (e.g. created from WeChat, docs/wecom-sdk.md §6.2). */
  unresolvableGroups: string[];
  permitUsers: Array<{ userid: string; type: 1 | 2 | 3 }>;
  singleAgree: AgreeInfo[];
  roomAgree: Record<string, Array<Omit<AgreeInfo, 'userid'>>>;
}

/** docs/wecom-sdk.md §6.4 `data`. */
export interface RobotInfo {
  robot_id: string;
  name: string;
  creator_userid: string;
}

/** docs/wecom-sdk.md §6.2 response without errcode/errmsg. */
export interface InternalGroupInfo {
  roomid: string;
  roomname: string;
  creator: string;
  room_create_time: number;
  notice: string;
  members: Array<{ memberid: string; jointime: number }>;
}

/** docs/wecom-sdk.md §6.3 `group_chat`, with `name` on members (the emulator drops it unless need_name=1). */
export interface ExternalGroupInfo {
  chat_id: string;
  name: string;
  owner: string;
  create_time: number;
  notice: string;
  member_list: ExternalGroupMember[];
  admin_list: Array<{ userid: string }>;
  member_version: string;
}

export interface ExternalGroupMember {
  userid: string;
  type: 1 | 2;
  unionid?: string;
  join_time: number;
  join_scene: 1 | 2 | 3;
  invitor?: { userid: string };
  group_nickname: string;
  name: string;
}

/** docs/wecom-sdk.md §6.6 `agreeinfo[]` entry (official misspelling `exteranalopenid`). */
export interface AgreeInfo {
  userid: string;
  exteranalopenid: string;
  agree_status: 'Agree' | 'Disagree' | 'Default_Agree';
  status_change_time: number;
}

export function buildCorpApiData(
  prng: Prng,
  roster: Roster,
  consent: ReadonlyMap<string, ConsentRecord>,
  corp: { name: string; contactSecret: string | null },
): CorpApiData {
  const singleAgree: AgreeInfo[] = [];
  const statusOf = new Map<string, AgreeInfo['agree_status']>();
  for (const chat of roster.chats) {
    if (chat.kind !== 'single') continue;
    const [internal, other] = chat.members as [Person, Person];
    if (other.kind !== 'external') continue;
    const event = consent.get(`${internal.id}\u0000${other.id}`);
    const info: AgreeInfo = event
      ? {
          userid: internal.id,
          exteranalopenid: other.id,
          agree_status: event.status,
          status_change_time: event.time,
        }
      : {
          userid: internal.id,
          exteranalopenid: other.id,
          agree_status: prng.chance(0.75) ? 'Agree' : 'Default_Agree',
          status_change_time: ARCHIVE_START_SECONDS - prng.int(3600, 200 * 86400),
        };
    singleAgree.push(info);
    if (info.agree_status === 'Disagree' || !statusOf.has(other.id))
      statusOf.set(other.id, info.agree_status);
  }

  const roomAgree: CorpApiData['roomAgree'] = {};
  for (const chat of roster.chats) {
    if (chat.kind !== 'externalGroup' && chat.kind !== 'unresolvedGroup') continue;
    roomAgree[chat.roomid] = chat.members
      .map((m, i) => ({ m, joined: chat.joinTimes[i] ?? chat.createTime }))
      .filter(({ m }) => m.kind === 'external')
      .map(({ m, joined }) => ({
        exteranalopenid: m.id,
        agree_status: statusOf.get(m.id) ?? (prng.chance(0.8) ? 'Agree' : 'Default_Agree'),
        status_change_time: joined + prng.int(0, 3600),
      }));
  }

  return {
    name: corp.name,
    contactSecretSha256: corp.contactSecret
      ? createHash('sha256').update(corp.contactSecret).digest('hex')
      : null,
    users: roster.internal.map((p) => ({ userid: p.id, name: p.name, position: p.position ?? '' })),
    externalContacts: roster.external.map((p) => {
      const entry: CorpApiData['externalContacts'][number] = {
        external_userid: p.id,
        name: p.name,
        type: p.externalType ?? 1,
      };
      if (p.corpName) entry.corp_name = p.corpName;
      if (p.unionid) entry.unionid = p.unionid;
      return entry;
    }),
    robots: roster.robots.map((r) => ({ robot_id: r.id, name: r.name, creator_userid: r.creator ?? '' })),
    internalGroups: roster.chats.filter((c) => c.kind === 'internalGroup').map(internalGroupInfo),
    externalGroups: roster.chats
      .filter((c) => c.kind === 'externalGroup')
      .map((c) => externalGroupInfo(prng, c)),
    unresolvableGroups: roster.chats.filter((c) => c.kind === 'unresolvedGroup').map((c) => c.roomid),
    permitUsers: roster.internal
      .filter(() => prng.chance(0.92))
      .map((p) => ({
        userid: p.id,
        type: prng.weighted<1 | 2 | 3>([
          [1, 20],
          [2, 30],
          [3, 50],
        ]),
      })),
    singleAgree,
    roomAgree,
  };
}

function humanMembers(chat: Chat): Array<{ person: Person; joined: number }> {
  return chat.members
    .map((person, i) => ({ person, joined: chat.joinTimes[i] ?? chat.createTime }))
    .filter(({ person }) => person.kind !== 'robot');
}

function internalGroupInfo(chat: Chat): InternalGroupInfo {
  return {
    roomid: chat.roomid,
    roomname: chat.name,
    creator: chat.owner.id,
    room_create_time: chat.createTime,
    notice: chat.notice,
    members: humanMembers(chat).map(({ person, joined }) => ({ memberid: person.id, jointime: joined })),
  };
}

function externalGroupInfo(prng: Prng, chat: Chat): ExternalGroupInfo {
  const members = humanMembers(chat);
  const member_list = members.map(({ person, joined }, i): ExternalGroupMember => {
    const entry: ExternalGroupMember = {
      userid: person.id,
      type: person.kind === 'internal' ? 1 : 2,
      join_time: joined,
      join_scene: i === 0 ? 1 : prng.pick([1, 2, 3] as const),
      group_nickname: prng.chance(0.3) ? `${chat.name.slice(0, 4)}-${person.name}` : '',
      name: person.name,
    };
    if (person.unionid) entry.unionid = person.unionid;
    if (i > 0 && entry.join_scene === 1) entry.invitor = { userid: chat.owner.id };
    return entry;
  });
  return {
    chat_id: chat.roomid,
    name: chat.name,
    owner: chat.owner.id,
    create_time: chat.createTime,
    notice: chat.notice,
    member_list,
    admin_list: chat.admins.map((a) => ({ userid: a.id })),
    member_version: createHash('md5')
      .update(member_list.map((m) => m.userid).join(','))
      .digest('hex'),
  };
}
