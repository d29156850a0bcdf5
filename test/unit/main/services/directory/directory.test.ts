import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DirectoryService } from '../../../../../main/services/directory/directoryService';
import { WecomApiClient, WecomApiError } from '../../../../../main/services/directory/wecomApiClient';
import type { ApiJson } from '../../../../../native/standin/corpus/apiJson';
import {
  startApiEmulator,
  type ApiEmulator,
  type ApiEmulatorOptions,
} from '../../../../../native/standin/emulator/server';

/**
 * Token caching and refresh against the real API emulator (native/standin/emulator), with both
 * clocks moved by the test instead of sleeping.
 */
const CORPID = 'wwdirtest0000001';
const SECRET = 'archive-secret-for-directory-tests-0123456789';
const CONTACT_SECRET = 'contact-secret-for-directory-tests-0123456789';
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

const api: ApiJson = {
  version: 1,
  corps: {
    [CORPID]: {
      name: 'Directory test corp',
      contactSecretSha256: sha(CONTACT_SECRET),
      users: [
        { userid: 'zhangwei', name: '张伟', position: '销售' },
        { userid: 'lina', name: '李娜', position: '客服' },
      ],
      externalContacts: [{ external_userid: 'wmCustomer0001', name: '王先生', type: 1 }],
      robots: [{ robot_id: 'wbRobot0001', name: '发货助手', creator_userid: 'zhangwei' }],
      internalGroups: [
        {
          roomid: 'wrInternal0001',
          roomname: '销售一部',
          creator: 'zhangwei',
          room_create_time: 1_700_000_000,
          notice: '周会改到周五',
          members: [
            { memberid: 'zhangwei', jointime: 1_700_000_001 },
            { memberid: 'lina', jointime: 1_700_000_100 },
          ],
        },
      ],
      externalGroups: [
        {
          chat_id: 'wrExternal0001',
          name: '客户服务群',
          owner: 'lina',
          create_time: 1_700_001_000,
          notice: '',
          member_list: [
            {
              userid: 'lina',
              type: 1,
              join_time: 1_700_001_001,
              join_scene: 1,
              group_nickname: '',
              name: '李娜',
            },
            {
              userid: 'wmCustomer0001',
              type: 2,
              join_time: 1_700_001_050,
              join_scene: 3,
              invitor: { userid: 'lina' },
              group_nickname: '老王',
              name: '王先生',
            },
          ],
          admin_list: [{ userid: 'lina' }],
          member_version: 'v1',
        },
      ],
      unresolvableGroups: ['wrUnknown0001'],
      permitUsers: [{ userid: 'zhangwei', type: 1 }],
      singleAgree: [
        {
          userid: 'zhangwei',
          exteranalopenid: 'wmCustomer0001',
          agree_status: 'Agree',
          status_change_time: 1_700_000_500,
        },
      ],
      roomAgree: {
        wrExternal0001: [
          { exteranalopenid: 'wmCustomer0001', agree_status: 'Disagree', status_change_time: 1_700_002_000 },
        ],
      },
    },
  },
};

let emulator: ApiEmulator;
let clock = 1_800_000_000_000;
const now = () => clock;
const noSleep = async () => undefined;

/** An emulator serving `api` from a fresh folder; `close` also removes the folder. */
async function startEmulator(options: Omit<ApiEmulatorOptions, 'root'>): Promise<ApiEmulator> {
  const folder = await mkdtemp(path.join(tmpdir(), 'directory-test-'));
  await writeFile(path.join(folder, 'api.json'), JSON.stringify(api));
  await writeFile(path.join(folder, 'corps.tsv'), `# test\n${CORPID}\t${sha(SECRET)}\t-\n`);
  const started = await startApiEmulator({ ...options, root: folder });
  return {
    ...started,
    close: async () => {
      await started.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
}

beforeAll(async () => {
  emulator = await startEmulator({ tokenTtlSeconds: 7200, now });
});

afterAll(async () => {
  await emulator.close();
});

beforeEach(() => {
  clock += 24 * 3600_000; // every test starts with all earlier tokens long expired
});

const credentials = () => ({ baseUrl: emulator.url, corpid: CORPID, secret: SECRET });

describe('WecomApiClient tokens against the emulator', () => {
  it('fetches one token for concurrent calls and reuses it until shortly before expiry', async () => {
    const client = new WecomApiClient({ now, sleep: noSleep });
    const issuedBefore = emulator.stats().tokensIssued;
    await Promise.all(
      ['wbRobot0001', 'wbRobot0001', 'wbRobot0001'].map((robot_id) =>
        client.call(credentials(), '/cgi-bin/msgaudit/get_robot_info', {
          method: 'GET',
          query: { robot_id },
        }),
      ),
    );
    expect(emulator.stats().tokensIssued - issuedBefore).toBe(1);
    clock += 7200_000 - 6 * 60_000; // 6 minutes before expiry: still cached
    await client.call(credentials(), '/cgi-bin/msgaudit/get_permit_user_list', { method: 'POST', body: {} });
    expect(emulator.stats().tokensIssued - issuedBefore).toBe(1);
    clock += 2 * 60_000; // inside the early-refresh margin: a new token before the old one expires
    await client.call(credentials(), '/cgi-bin/msgaudit/get_permit_user_list', { method: 'POST', body: {} });
    expect(emulator.stats().tokensIssued - issuedBefore).toBe(2);
    expect(client.tokens.fetches).toBe(2);
  });

  it('refreshes and retries once when the server says the token expired (42001)', async () => {
    // The client believes tokens live 7200 s; the emulator expires them after 1 s (early invalidation).
    let serverClock = clock;
    const shortLived = await startEmulator({ tokenTtlSeconds: 1, now: () => serverClock });
    try {
      let clientClock = clock;
      const client = new WecomApiClient({ now: () => clientClock, sleep: noSleep });
      const creds = { baseUrl: shortLived.url, corpid: CORPID, secret: SECRET };
      // Misreport expires_in to the client by moving only the server's clock.
      await client.call(creds, '/cgi-bin/msgaudit/get_permit_user_list', { method: 'POST', body: {} });
      expect(client.tokens.fetches).toBe(1);
      serverClock += 5_000;
      clientClock += 100; // the client's cache still thinks the token is fresh
      const answer = await client.call(creds, '/cgi-bin/msgaudit/get_robot_info', {
        method: 'GET',
        query: { robot_id: 'wbRobot0001' },
      });
      expect(answer['data']).toMatchObject({ name: '发货助手' });
      expect(client.tokens.fetches).toBe(2);
      expect(shortLived.stats().tokensIssued).toBe(2);
    } finally {
      await shortLived.close();
    }
  });

  it('keeps separate tokens per secret and never mixes them (60011 for the wrong app)', async () => {
    const client = new WecomApiClient({ now, sleep: noSleep });
    const contact = { ...credentials(), secret: CONTACT_SECRET };
    const external = await client.call(contact, '/cgi-bin/externalcontact/groupchat/get', {
      method: 'POST',
      body: { chat_id: 'wrExternal0001', need_name: 1 },
    });
    expect(external['group_chat']).toMatchObject({ name: '客户服务群' });
    await client.call(credentials(), '/cgi-bin/msgaudit/get_permit_user_list', { method: 'POST', body: {} });
    expect(client.tokens.fetches).toBe(2);
    await expect(
      client.call(credentials(), '/cgi-bin/externalcontact/groupchat/get', {
        method: 'POST',
        body: { chat_id: 'wrExternal0001' },
      }),
    ).rejects.toMatchObject({ errcode: 60011 });
  });

  it('a wrong secret is an error that carries neither the secret nor a token', async () => {
    const client = new WecomApiClient({ now, sleep: noSleep });
    const error = await client
      .call({ ...credentials(), secret: 'wrong-secret-value' }, '/cgi-bin/msgaudit/get_permit_user_list', {
        method: 'POST',
        body: {},
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WecomApiError);
    expect((error as WecomApiError).errcode).toBe(40001);
    expect((error as WecomApiError).message).not.toContain('wrong-secret-value');
    expect((error as WecomApiError).message).not.toContain('access_token=');
  });

  it('waits and retries on 45009 instead of failing, and spaces calls under the per-minute limit', async () => {
    let serverClock = clock;
    const limited = await startEmulator({ rateLimitPerMinute: 2, now: () => serverClock });
    try {
      const sleeps: number[] = [];
      const client = new WecomApiClient({
        now: () => serverClock,
        sleep: async (ms) => {
          sleeps.push(ms);
          serverClock += ms;
        },
      });
      const creds = { baseUrl: limited.url, corpid: CORPID, secret: SECRET };
      for (let i = 0; i < 4; i++) {
        await client.call(creds, '/cgi-bin/msgaudit/get_robot_info', {
          method: 'GET',
          query: { robot_id: 'wbRobot0001' },
        });
      }
      // Two calls fit the server's window; the third hit 45009 and waited (backoff) before succeeding.
      expect(sleeps.length).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });
});

describe('DirectoryService against the emulator', () => {
  const corp = () => ({
    corpid: CORPID,
    apiBaseUrl: emulator.url,
    secret: SECRET,
    contactSecret: CONTACT_SECRET,
    proxy: null,
  });

  it('resolves internal and external groups, robots and consent; unknown ids carry their errcode', async () => {
    const service = new DirectoryService(new WecomApiClient({ now, sleep: noSleep }));
    const result = await service.resolve(corp(), {
      roomids: ['wrInternal0001', 'wrExternal0001', 'wrUnknown0001'],
      robotIds: ['wbRobot0001', 'wbMissing'],
      singlePairs: [{ userid: 'zhangwei', externalUserid: 'wmCustomer0001' }],
    });
    const [internal, external, unknown] = result.groups;
    expect(internal).toMatchObject({
      source: 'msgaudit',
      name: '销售一部',
      owner: 'zhangwei',
      notice: '周会改到周五',
      createTime: 1_700_000_000_000,
      consent: [],
    });
    expect(internal?.members).toEqual([
      expect.objectContaining({ userid: 'zhangwei', joinTime: 1_700_000_001_000 }),
      expect.objectContaining({ userid: 'lina', joinTime: 1_700_000_100_000 }),
    ]);
    expect(external).toMatchObject({
      source: 'externalcontact',
      name: '客户服务群',
      owner: 'lina',
      admins: ['lina'],
    });
    expect(external?.members[1]).toMatchObject({
      userid: 'wmCustomer0001',
      type: 'external',
      name: '王先生',
      groupNickname: '老王',
      invitor: 'lina',
      joinScene: 3,
    });
    expect(external?.consent).toEqual([
      { userid: null, externalUserid: 'wmCustomer0001', status: 'Disagree', changeTime: 1_700_002_000_000 },
    ]);
    expect(unknown).toMatchObject({ source: null, name: null, error: { errcode: 40050 } });
    expect(result.robots).toEqual([
      { robotId: 'wbRobot0001', name: '发货助手', creator: 'zhangwei', error: null },
      expect.objectContaining({
        robotId: 'wbMissing',
        name: null,
        error: expect.objectContaining({ errcode: 40003 }),
      }),
    ]);
    expect(result.singleConsents).toEqual([
      {
        userid: 'zhangwei',
        externalUserid: 'wmCustomer0001',
        status: 'Agree',
        changeTime: 1_700_000_500_000,
      },
    ]);
  });

  it('without a customer-contact secret an external group stays unresolved with 301059', async () => {
    const service = new DirectoryService(new WecomApiClient({ now, sleep: noSleep }));
    const result = await service.resolve(
      { ...corp(), contactSecret: null },
      {
        roomids: ['wrExternal0001'],
        robotIds: [],
        singlePairs: [],
      },
    );
    expect(result.groups[0]).toMatchObject({ source: null, error: { errcode: 301059 } });
  });

  it('names single-chat counterparts through externalcontact/get with the customer-contact secret', async () => {
    const service = new DirectoryService(new WecomApiClient({ now, sleep: noSleep }));
    const result = await service.resolve(corp(), {
      roomids: [],
      robotIds: [],
      singlePairs: [],
      externalUserids: ['wmCustomer0001', 'wmStranger'],
    });
    expect(result.externalContacts).toEqual([
      { externalUserid: 'wmCustomer0001', name: '王先生', type: 'wechat', corpName: null, error: null },
      expect.objectContaining({
        externalUserid: 'wmStranger',
        name: null,
        error: expect.objectContaining({ errcode: 40003 }),
      }),
    ]);
  });

  it('asks nothing of externalcontact/get without a customer-contact secret (the archive token is refused there)', async () => {
    const service = new DirectoryService(new WecomApiClient({ now, sleep: noSleep }));
    const before = emulator.stats().tokensIssued;
    const result = await service.resolve(
      { ...corp(), contactSecret: null },
      { roomids: [], robotIds: [], singlePairs: [], externalUserids: ['wmCustomer0001'] },
    );
    expect(result.externalContacts).toEqual([]);
    expect(emulator.stats().tokensIssued).toBe(before);
  });
});
