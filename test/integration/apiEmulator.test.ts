import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiJson } from '../../native/standin/corpus/index';
import { TEST_CORPS } from '../../native/standin/corpus/index';
import { startApiEmulator, type ApiEmulator } from '../../native/standin/emulator/index';
import { paths } from './support';

/**
 * The WeCom HTTP API emulator (docs/wecom-sdk.md §6) over the test corpus: tokens with expiry, every route's
 * official shape, and the error codes the app must handle. The clock is injected, so expiry is tested
 * by moving time, not by sleeping.
 */

const main = TEST_CORPS.main;
const api = JSON.parse(readFileSync(path.join(paths.corpusDir, 'api.json'), 'utf8')) as ApiJson;
const data = api.corps[main.corpid];
if (!data) throw new Error('the test corpus has no api data for the main corp');

let now = Date.parse('2026-01-01T00:00:00Z');
let emulator: ApiEmulator;

beforeAll(async () => {
  emulator = await startApiEmulator({ root: paths.corpusDir, tokenTtlSeconds: 7200, now: () => now });
});
afterAll(async () => {
  await emulator.close();
});

async function call(
  route: string,
  query: Record<string, string>,
  body?: unknown,
): Promise<Record<string, unknown> & { errcode: number; errmsg: string }> {
  const url = `${emulator.url}${route}?${new URLSearchParams(query).toString()}`;
  const response = await fetch(url, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown> & { errcode: number; errmsg: string };
}

/** A POST of `body` as JSON under an access token, as the msgaudit and externalcontact data routes take it. */
const post = (route: string, accessToken: string, body: unknown) =>
  call(route, { access_token: accessToken }, body);

async function token(corpid: string, secret: string): Promise<string> {
  const answer = await call('/cgi-bin/gettoken', { corpid, corpsecret: secret });
  expect(answer).toMatchObject({ errcode: 0, errmsg: 'ok', expires_in: 7200 });
  return answer['access_token'] as string;
}

describe('gettoken', () => {
  it('answers the documented errors for missing and wrong credentials', async () => {
    expect((await call('/cgi-bin/gettoken', { corpsecret: 'x' })).errcode).toBe(41002);
    expect((await call('/cgi-bin/gettoken', { corpid: main.corpid })).errcode).toBe(41004);
    expect((await call('/cgi-bin/gettoken', { corpid: 'wwnope', corpsecret: 'x' })).errcode).toBe(40013);
    const wrong = await call('/cgi-bin/gettoken', { corpid: main.corpid, corpsecret: 'wrong' });
    expect(wrong.errcode).toBe(40001);
    expect(wrong.errmsg).toMatch(/^invalid credential, hint: \[.*\], from ip: .*more info at .*e=40001$/);
  });

  it('issues tokens that expire after expires_in: 41001 missing, 42001 expired, 40014 unknown', async () => {
    const archive = await token(main.corpid, main.secret);
    const route = '/cgi-bin/msgaudit/get_permit_user_list';
    expect((await call(route, { access_token: archive }, {})).errcode).toBe(0);
    expect((await call(route, {}, {})).errcode).toBe(41001);
    expect((await call(route, { access_token: 'not-a-token' }, {})).errcode).toBe(40014);
    now += 7201 * 1000;
    expect((await call(route, { access_token: archive }, {})).errcode).toBe(42001);
    const fresh = await token(main.corpid, main.secret);
    expect(fresh).not.toBe(archive);
    expect((await call(route, { access_token: fresh }, {})).errcode).toBe(0);
  });
});

describe('archive APIs (the archive secret)', () => {
  let archive: string;
  beforeAll(async () => {
    archive = await token(main.corpid, main.secret);
  });

  it('msgaudit/groupchat/get: an internal group with members; 301059 for an external one', async () => {
    const group = data.internalGroups[0];
    if (!group) throw new Error('no internal group');
    const answer = await post('/cgi-bin/msgaudit/groupchat/get', archive, { roomid: group.roomid });
    expect(answer).toMatchObject({
      errcode: 0,
      roomname: group.roomname,
      creator: group.creator,
      room_create_time: group.room_create_time,
      members: group.members,
    });
    // The official sample puts errcode and errmsg after the data.
    expect(Object.keys(answer).slice(-2)).toEqual(['errcode', 'errmsg']);
    const external = data.externalGroups[0];
    if (!external) throw new Error('no external group');
    const refused = await post('/cgi-bin/msgaudit/groupchat/get', archive, { roomid: external.chat_id });
    expect(refused.errcode).toBe(301059);
    expect((await post('/cgi-bin/msgaudit/groupchat/get', archive, {})).errcode).toBe(40058);
  });

  it('get_robot_info, get_permit_user_list and the consent checks answer from the corpus', async () => {
    const robot = data.robots[0];
    if (!robot) throw new Error('no robot');
    expect(
      await call('/cgi-bin/msgaudit/get_robot_info', { access_token: archive, robot_id: robot.robot_id }),
    ).toMatchObject({
      errcode: 0,
      data: { robot_id: robot.robot_id, name: robot.name, creator_userid: robot.creator_userid },
    });
    const permit = await post('/cgi-bin/msgaudit/get_permit_user_list', archive, { type: 3 });
    expect(permit['ids']).toEqual(
      data.permitUsers.filter((user) => user.type === 3).map((user) => user.userid),
    );

    const pair = data.singleAgree[0];
    if (!pair) throw new Error('no consent record');
    const single = await post('/cgi-bin/msgaudit/check_single_agree', archive, {
      info: [{ userid: pair.userid, exteranalopenid: pair.exteranalopenid }],
    });
    expect(single).toMatchObject({
      errcode: 0,
      agreeinfo: [{ userid: pair.userid, agree_status: pair.agree_status }],
    });
    const tooMany = Array.from({ length: 101 }, () => ({
      userid: pair.userid,
      exteranalopenid: pair.exteranalopenid,
    }));
    expect((await post('/cgi-bin/msgaudit/check_single_agree', archive, { info: tooMany })).errcode).toBe(
      301060,
    );

    const [roomid, entries] = Object.entries(data.roomAgree)[0] ?? [];
    if (!roomid || !entries) throw new Error('no room consent');
    const room = await post('/cgi-bin/msgaudit/check_room_agree', archive, { roomid });
    expect(room['agreeinfo']).toHaveLength(entries.length);
  });

  it('refuses the customer-contact API with the archive token (60011) and malformed JSON (47001)', async () => {
    const external = data.externalGroups[0];
    if (!external) throw new Error('no external group');
    expect(
      (await post('/cgi-bin/externalcontact/groupchat/get', archive, { chat_id: external.chat_id })).errcode,
    ).toBe(60011);
    const response = await fetch(`${emulator.url}/cgi-bin/msgaudit/groupchat/get?access_token=${archive}`, {
      method: 'POST',
      body: '{not json',
    });
    expect(((await response.json()) as { errcode: number }).errcode).toBe(47001);
  });
});

describe('customer-contact API (the contact secret)', () => {
  it('externalcontact/groupchat/get returns the group, with member names only when need_name=1', async () => {
    if (!main.contactSecret) throw new Error('the main test corp has no contact secret');
    const contact = await token(main.corpid, main.contactSecret);
    const group = data.externalGroups[0];
    if (!group) throw new Error('no external group');
    const plain = await post('/cgi-bin/externalcontact/groupchat/get', contact, { chat_id: group.chat_id });
    const plainMembers = (plain['group_chat'] as { member_list: Array<Record<string, unknown>> }).member_list;
    expect(plain).toMatchObject({
      errcode: 0,
      group_chat: { chat_id: group.chat_id, name: group.name, owner: group.owner },
    });
    expect(plainMembers.every((member) => !('name' in member))).toBe(true);
    const named = await post('/cgi-bin/externalcontact/groupchat/get', contact, {
      chat_id: group.chat_id,
      need_name: 1,
    });
    expect((named['group_chat'] as { member_list: unknown[] }).member_list).toEqual(group.member_list);
  });
});

describe('corp-level refusals', () => {
  it('60020 for a corp whose trusted IPs exclude this machine, 301053 where the archive is off', async () => {
    const blocked = await token(TEST_CORPS.blocked.corpid, TEST_CORPS.blocked.secret);
    expect((await post('/cgi-bin/msgaudit/get_permit_user_list', blocked, {})).errcode).toBe(60020);
    const disabled = await token(TEST_CORPS.disabled.corpid, TEST_CORPS.disabled.secret);
    expect((await post('/cgi-bin/msgaudit/get_permit_user_list', disabled, {})).errcode).toBe(301053);
  });

  it('45009 once a per-minute limit is exhausted, and again after the minute', async () => {
    const limited = await startApiEmulator({ root: paths.corpusDir, rateLimitPerMinute: 3, now: () => now });
    try {
      const get = async (query: Record<string, string>) =>
        (await (
          await fetch(`${limited.url}/cgi-bin/gettoken?${new URLSearchParams(query).toString()}`)
        ).json()) as {
          errcode: number;
        };
      const query = { corpid: main.corpid, corpsecret: main.secret };
      const codes = [];
      for (let i = 0; i < 4; i++) codes.push((await get(query)).errcode);
      expect(codes).toEqual([0, 0, 0, 45009]);
      now += 61_000;
      expect((await get(query)).errcode).toBe(0);
    } finally {
      await limited.close();
    }
  });
});
