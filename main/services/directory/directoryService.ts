import type {
  ConsentDto,
  DirectoryErrorDto,
  DirectoryResultDto,
  ExternalContactDto,
  GroupInfoDto,
  GroupMemberDto,
  RobotInfoDto,
} from '../../contract';
import type { TokenCredentials } from './accessTokens';
import type { ProxySettings } from './proxiedRequest';
import { WecomApiClient, WecomApiError } from './wecomApiClient';

/**
 * Resolves what the archive only knows as ids (docs/wecom-sdk.md §6): group name, owner, notice and members
 * through msgaudit/groupchat/get (internal groups, archive secret) and, when that answers 301059
 * and a customer-contact secret is configured, externalcontact/groupchat/get; robots through
 * get_robot_info; consent through check_room_agree / check_single_agree (≤ 100 pairs per call);
 * single-chat counterparts through externalcontact/get, only with the customer-contact secret (the
 * archive secret's token is refused there, docs/wecom-sdk.md §6.10).
 * Every requested id comes back, resolved or with the errcode that stopped it.
 */
export interface DirectoryRequest {
  roomids: readonly string[];
  robotIds: readonly string[];
  singlePairs: ReadonlyArray<{ userid: string; externalUserid: string }>;
  externalUserids?: readonly string[];
}

export interface DirectoryCorp {
  corpid: string;
  apiBaseUrl: string;
  secret: string;
  contactSecret: string | null;
  /** The corp's proxy for the archive, used for these APIs too. */
  proxy: ProxySettings | null;
}

const NOT_INTERNAL_GROUP = 301059;
const SINGLE_AGREE_BATCH = 100;

type Json = Record<string, unknown>;
const asObj = (value: unknown): Json | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : null;
const s = (o: Json | null, k: string): string | null => {
  const v = o?.[k];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;
};
const n = (o: Json | null, k: string): number | null => {
  const v = o?.[k];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
};
const secondsToMs = (value: number | null): number | null =>
  value === null || value <= 0 ? null : value * 1000;
const list = (o: Json | null, k: string): Json[] => {
  const value = o?.[k];
  return Array.isArray(value)
    ? value.flatMap((item: unknown): Json[] => {
        const obj = asObj(item);
        return obj ? [obj] : [];
      })
    : [];
};

type GroupSource = NonNullable<GroupInfoDto['source']>;
type GroupHeader = Pick<GroupInfoDto, 'source' | 'name' | 'owner' | 'createTime' | 'notice'>;

/** Where each group API puts the group's own fields (docs/wecom-sdk.md §6.2, §6.3). */
const GROUP_KEYS: Readonly<Record<GroupSource, Record<'name' | 'owner' | 'createTime' | 'notice', string>>> =
  {
    msgaudit: { name: 'roomname', owner: 'creator', createTime: 'room_create_time', notice: 'notice' },
    externalcontact: { name: 'name', owner: 'owner', createTime: 'create_time', notice: 'notice' },
  };

function groupHeader(source: GroupSource, group: Json | null): GroupHeader {
  const keys = GROUP_KEYS[source];
  return {
    source,
    name: s(group, keys.name),
    owner: s(group, keys.owner),
    createTime: secondsToMs(n(group, keys.createTime)),
    notice: s(group, keys.notice),
  };
}

/** A member's fields that msgaudit/groupchat/get does not report. */
const UNKNOWN_MEMBER: Omit<GroupMemberDto, 'userid' | 'joinTime'> = {
  type: null,
  name: null,
  groupNickname: null,
  invitor: null,
  joinScene: null,
};

function toError(error: unknown): DirectoryErrorDto {
  if (error instanceof WecomApiError) return { errcode: error.errcode, message: error.message };
  return { errcode: -1, message: error instanceof Error ? error.message : String(error) };
}

function consentOf(entry: Json): ConsentDto | null {
  const externalUserid = s(entry, 'exteranalopenid') ?? s(entry, 'external_userid');
  if (!externalUserid) return null;
  return {
    userid: s(entry, 'userid'),
    externalUserid,
    status: s(entry, 'agree_status') ?? 'unknown',
    changeTime: secondsToMs(n(entry, 'status_change_time')),
  };
}

export class DirectoryService {
  constructor(private readonly client: WecomApiClient = new WecomApiClient()) {}

  async resolve(corp: DirectoryCorp, request: DirectoryRequest): Promise<DirectoryResultDto> {
    const archive: TokenCredentials = {
      baseUrl: corp.apiBaseUrl,
      corpid: corp.corpid,
      secret: corp.secret,
      proxy: corp.proxy,
    };
    const contact: TokenCredentials | null = corp.contactSecret
      ? { baseUrl: corp.apiBaseUrl, corpid: corp.corpid, secret: corp.contactSecret, proxy: corp.proxy }
      : null;

    const groups: GroupInfoDto[] = [];
    for (const roomid of new Set(request.roomids)) groups.push(await this.group(archive, contact, roomid));
    const robots: RobotInfoDto[] = [];
    for (const robotId of new Set(request.robotIds)) robots.push(await this.robot(archive, robotId));

    const singleConsents: ConsentDto[] = [];
    let singleConsentError: DirectoryErrorDto | null = null;
    for (let start = 0; start < request.singlePairs.length; start += SINGLE_AGREE_BATCH) {
      const info = request.singlePairs
        .slice(start, start + SINGLE_AGREE_BATCH)
        .map((pair) => ({ userid: pair.userid, exteranalopenid: pair.externalUserid }));
      try {
        const answer = await this.client.call(archive, '/cgi-bin/msgaudit/check_single_agree', {
          method: 'POST',
          body: { info },
        });
        for (const entry of list(answer, 'agreeinfo')) {
          const consent = consentOf(entry);
          if (consent) singleConsents.push(consent);
        }
      } catch (error) {
        singleConsentError = toError(error);
      }
    }
    const externalContacts: ExternalContactDto[] = [];
    // Without the customer-contact secret there is no token this API accepts: nothing is asked.
    if (contact)
      for (const externalUserid of new Set(request.externalUserids ?? []))
        externalContacts.push(await this.externalContact(contact, externalUserid));
    return { groups, robots, singleConsents, singleConsentError, externalContacts, resolvedAt: Date.now() };
  }

  private async externalContact(
    contact: TokenCredentials,
    externalUserid: string,
  ): Promise<ExternalContactDto> {
    try {
      const answer = await this.client.call(contact, '/cgi-bin/externalcontact/get', {
        method: 'GET',
        query: { external_userid: externalUserid },
      });
      const found = asObj(answer['external_contact']);
      const type = n(found, 'type');
      return {
        externalUserid,
        name: s(found, 'name'),
        type: type === 1 ? 'wechat' : type === 2 ? 'wecom' : null,
        corpName: s(found, 'corp_name'),
        error: null,
      };
    } catch (error) {
      return { externalUserid, name: null, type: null, corpName: null, error: toError(error) };
    }
  }

  private async group(
    archive: TokenCredentials,
    contact: TokenCredentials | null,
    roomid: string,
  ): Promise<GroupInfoDto> {
    const empty: GroupInfoDto = {
      roomid,
      source: null,
      name: null,
      owner: null,
      createTime: null,
      notice: null,
      members: [],
      admins: [],
      consent: null,
      error: null,
    };
    let info: GroupInfoDto;
    try {
      const answer = await this.client.call(archive, '/cgi-bin/msgaudit/groupchat/get', {
        method: 'POST',
        body: { roomid },
      });
      info = {
        ...empty,
        ...groupHeader('msgaudit', answer),
        members: list(answer, 'members').flatMap((m): GroupMemberDto[] => {
          const userid = s(m, 'memberid');
          return userid ? [{ ...UNKNOWN_MEMBER, userid, joinTime: secondsToMs(n(m, 'jointime')) }] : [];
        }),
      };
    } catch (error) {
      const internalError = toError(error);
      if (internalError.errcode !== NOT_INTERNAL_GROUP || !contact) return { ...empty, error: internalError };
      try {
        info = await this.externalGroup(contact, roomid, empty);
      } catch (externalError) {
        return { ...empty, error: toError(externalError) };
      }
    }
    try {
      const answer = await this.client.call(archive, '/cgi-bin/msgaudit/check_room_agree', {
        method: 'POST',
        body: { roomid },
      });
      info.consent = list(answer, 'agreeinfo').flatMap((entry) => consentOf(entry) ?? []);
    } catch {
      info.consent = null; // consent unknown; the group itself is still resolved
    }
    return info;
  }

  private async externalGroup(
    contact: TokenCredentials,
    roomid: string,
    empty: GroupInfoDto,
  ): Promise<GroupInfoDto> {
    const answer = await this.client.call(contact, '/cgi-bin/externalcontact/groupchat/get', {
      method: 'POST',
      body: { chat_id: roomid, need_name: 1 },
    });
    const chat = asObj(answer['group_chat']);
    return {
      ...empty,
      ...groupHeader('externalcontact', chat),
      members: list(chat, 'member_list').flatMap((m): GroupMemberDto[] => {
        const userid = s(m, 'userid');
        if (!userid) return [];
        const type = n(m, 'type');
        return [
          {
            userid,
            joinTime: secondsToMs(n(m, 'join_time')),
            type: type === 1 ? 'internal' : type === 2 ? 'external' : null,
            name: s(m, 'name'),
            groupNickname: s(m, 'group_nickname') || null,
            invitor: s(asObj(m['invitor']), 'userid'),
            joinScene: n(m, 'join_scene'),
          },
        ];
      }),
      admins: list(chat, 'admin_list').flatMap((a) => s(a, 'userid') ?? []),
    };
  }

  private async robot(archive: TokenCredentials, robotId: string): Promise<RobotInfoDto> {
    try {
      const answer = await this.client.call(archive, '/cgi-bin/msgaudit/get_robot_info', {
        method: 'GET',
        query: { robot_id: robotId },
      });
      const data = asObj(answer['data']);
      return { robotId, name: s(data, 'name'), creator: s(data, 'creator_userid'), error: null };
    } catch (error) {
      return { robotId, name: null, creator: null, error: toError(error) };
    }
  }
}
