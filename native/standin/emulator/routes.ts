import type { AgreeInfo } from '../corpus/apiJson';
import { agreeKey, type EmulatedCorp } from './emulatorData';
import { ErrCode, type ErrCodeValue } from './errors';
import type { TokenApp } from './tokens';

/**
 * The WeCom HTTP APIs the app uses (docs/wecom-sdk.md §6.2–§6.7), answered from api.json with the official
 * response shapes. Behaviour the public docs leave open is marked [INF] (our inference).
 */

export type RouteOutcome = { ok: true; data: Record<string, unknown> } | { ok: false; code: ErrCodeValue };

export interface RouteRequest {
  corp: EmulatedCorp;
  query: URLSearchParams;
  /** Parsed JSON body for POST routes; `undefined` when the route takes none. */
  body: Record<string, unknown> | undefined;
}

export interface Route {
  method: 'GET' | 'POST';
  /** The secret whose token this API accepts; any other token gets 60011 (docs/wecom-sdk.md §6.3). */
  app: TokenApp;
  /** A msgaudit API: refused with 301053 / 301052 when the corp's archive is off or expired. */
  msgaudit: boolean;
  /** Official per-minute limit where documented, else the global 10 000/min per corp per API (docs/wecom-sdk.md §6.1). */
  limitPerMinute: number;
  /** An empty body is allowed (get_permit_user_list's `type` is optional). */
  emptyBodyAllowed?: boolean;
  /** The official sample of this API puts errcode/errmsg after the data (docs/wecom-sdk.md §6.2). */
  errcodeLast?: boolean;
  handle(request: RouteRequest): RouteOutcome;
}

const ok = (data: Record<string, unknown>): RouteOutcome => ({ ok: true, data });
const fail = (code: ErrCodeValue): RouteOutcome => ({ ok: false, code });

/** A msgaudit API (the archive secret's token; refused while the archive is off) at its per-minute limit. */
const archiveApi = (method: Route['method'], limitPerMinute: number) =>
  ({ method, app: 'archive', msgaudit: true, limitPerMinute }) as const;

/** A customer-contact API (the contact secret's token; not a msgaudit API) at its per-minute limit. */
const contactApi = (method: Route['method'], limitPerMinute: number) =>
  ({ method, app: 'contact', msgaudit: false, limitPerMinute }) as const;

function stringField(body: Record<string, unknown> | undefined, name: string): string | null {
  const value = body?.[name];
  return typeof value === 'string' && value !== '' ? value : null;
}

/** A route that needs the non-empty string parameter `name` (JSON body or query): without it, 40058. */
function withParameter(
  where: 'body' | 'query',
  name: string,
  handle: (corp: EmulatedCorp, value: string, request: RouteRequest) => RouteOutcome,
): Route['handle'] {
  return (request) => {
    const value = where === 'body' ? stringField(request.body, name) : request.query.get(name);
    return value ? handle(request.corp, value, request) : fail(ErrCode.invalidParameter);
  };
}

export const ROUTES: Record<string, Route> = {
  '/cgi-bin/msgaudit/groupchat/get': {
    ...archiveApi('POST', 2000),
    errcodeLast: true,
    handle: withParameter('body', 'roomid', (corp, roomid) => {
      const group = corp.internalGroups.get(roomid);
      // External groups, groups created from WeChat and unknown ids alike: "非内部群，不提供数据" (docs/wecom-sdk.md §6.2).
      if (!group) return fail(ErrCode.notInternalGroup);
      return ok({
        roomname: group.roomname,
        creator: group.creator,
        room_create_time: group.room_create_time,
        notice: group.notice,
        members: group.members,
      });
    }),
  },

  '/cgi-bin/externalcontact/groupchat/get': {
    ...contactApi('POST', 10_000),
    handle: withParameter('body', 'chat_id', (corp, chatId, { body }) => {
      const group = corp.externalGroups.get(chatId);
      if (!group) return fail(ErrCode.invalidChatId); // [INF] internal / WeChat-created / unknown groups
      const needName = body?.['need_name'] === 1 || body?.['need_name'] === '1';
      const memberList = group.member_list.map((m) => {
        if (needName) return m;
        const { name: _name, ...rest } = m;
        return rest;
      });
      return ok({ group_chat: { ...group, member_list: memberList } });
    }),
  },

  '/cgi-bin/externalcontact/get': {
    ...contactApi('GET', 10_000),
    handle: withParameter('query', 'external_userid', (corp, externalUserid) => {
      const contact = corp.externalContactInfo.get(externalUserid);
      if (!contact) return fail(ErrCode.invalidUserid); // [INF] not a contact of this corp
      const profile: Record<string, unknown> = {
        external_userid: contact.external_userid,
        name: contact.name,
        type: contact.type,
      };
      if (contact.corp_name) profile['corp_name'] = contact.corp_name;
      if (contact.unionid) profile['unionid'] = contact.unionid;
      return ok({ external_contact: profile, follow_user: [] });
    }),
  },

  '/cgi-bin/msgaudit/get_robot_info': {
    ...archiveApi('GET', 600),
    handle: withParameter('query', 'robot_id', (corp, robotId) => {
      const robot = corp.robots.get(robotId);
      if (!robot) return fail(ErrCode.invalidUserid); // [INF]
      return ok({
        data: { robot_id: robot.robot_id, name: robot.name, creator_userid: robot.creator_userid },
      });
    }),
  },

  '/cgi-bin/msgaudit/get_permit_user_list': {
    ...archiveApi('POST', 1000),
    emptyBodyAllowed: true,
    handle({ corp, body }) {
      const type = body?.['type'];
      if (type !== undefined && type !== 1 && type !== 2 && type !== 3) return fail(ErrCode.invalidParameter);
      const ids = corp.permitUsers.filter((u) => type === undefined || u.type === type).map((u) => u.userid);
      return ok({ ids });
    },
  },

  '/cgi-bin/msgaudit/check_single_agree': {
    ...archiveApi('POST', 2500),
    handle({ corp, body }) {
      const info = body?.['info'];
      if (!Array.isArray(info)) return fail(ErrCode.dataFormatError);
      if (info.length > 100) return fail(ErrCode.tooManyAgreeParams);
      const agreeinfo: AgreeInfo[] = [];
      for (const entry of info as unknown[]) {
        const userid =
          typeof entry === 'object' && entry !== null
            ? (entry as Record<string, unknown>)['userid']
            : undefined;
        const external =
          typeof entry === 'object' && entry !== null
            ? (entry as Record<string, unknown>)['exteranalopenid']
            : undefined;
        if (typeof userid !== 'string' || typeof external !== 'string') return fail(ErrCode.dataFormatError);
        if (!corp.users.has(userid) || !corp.externalContacts.has(external))
          return fail(ErrCode.agreeUserNotFound);
        // [INF] a pair with no consent record answers Default_Agree.
        const known = corp.singleAgree.get(agreeKey(userid, external));
        const record = known ?? {
          userid,
          exteranalopenid: external,
          agree_status: 'Default_Agree',
          status_change_time: 0,
        };
        agreeinfo.push({
          status_change_time: record.status_change_time,
          userid,
          exteranalopenid: external,
          agree_status: record.agree_status,
        });
      }
      return ok({ agreeinfo });
    },
  },

  '/cgi-bin/msgaudit/check_room_agree': {
    ...archiveApi('POST', 1500),
    handle: withParameter('body', 'roomid', (corp, roomid) => {
      const entries = corp.roomAgree.get(roomid);
      if (entries)
        return ok({
          agreeinfo: entries.map((e) => ({
            status_change_time: e.status_change_time,
            exteranalopenid: e.exteranalopenid,
            agree_status: e.agree_status,
          })),
        });
      if (corp.internalGroups.has(roomid)) return ok({ agreeinfo: [] }); // no external members, nothing to consent
      return fail(ErrCode.invalidChatId); // [INF]
    }),
  },
};
