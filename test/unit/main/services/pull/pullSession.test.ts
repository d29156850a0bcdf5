import { describe, expect, it } from 'vitest';
import type { EnvelopeDto, PullStatusDto } from '../../../../../main/contract';
import { parseChatDataPage } from '../../../../../main/services/archive/chatDataEnvelope';
import { PullSession, type PullBatch } from '../../../../../main/services/pull/pullSession';
import {
  SdkCodeError,
  SdkProcessCrash,
  type DecryptOutcome,
  type PullSdk,
} from '../../../../../main/services/pull/pullSdk';

/**
 * A fake SDK over an in-memory archive; `faults` are consumed one per GetChatData call. `poison`:
 * msgids on which a decrypt request holding them "crashes the host" (SdkProcessCrash).
 */
function fakeSdk(
  seqs: bigint[],
  faults: Array<'10001' | 'crash' | 'errcode-45009' | 'errcode-301058' | 'errcode-40001' | null> = [],
  poison: ReadonlySet<string> = new Set(),
) {
  const calls: Array<{ seq: string; limit: number }> = [];
  const decryptRequests: number[] = [];
  let pullPages = 0;
  const envelope = (seq: bigint, ver = seq % 3n === 0n ? 2 : 1): Record<string, unknown> => ({
    seq: `__SEQ${seq}__`,
    msgid: `m${seq}`,
    publickey_ver: ver,
    encrypt_random_key: `rk${seq}`,
    encrypt_chat_msg: `cm${seq}`,
  });
  const sdk: PullSdk = {
    async getChatData({ seq, limit }) {
      calls.push({ seq, limit });
      const fault = faults.shift() ?? null;
      if (fault === '10001') throw new SdkCodeError(10001, 'network');
      if (fault === 'crash') throw new SdkProcessCrash('host died (SIGSEGV)');
      if (fault?.startsWith('errcode-'))
        return JSON.stringify({ errcode: Number(fault.slice(8)), errmsg: 'x' });
      const page = seqs.filter((s) => s > BigInt(seq)).slice(0, limit);
      // Numbers written raw so big seqs exercise the parser's u64 handling.
      return JSON.stringify({ errcode: 0, errmsg: 'ok', chatdata: page.map((s) => envelope(s)) }).replace(
        /"__SEQ(\d+)__"/g,
        '$1',
      );
    },
    // What the host's pullPage does, over this fake's getChatData and decryptEnvelopes.
    async pullPage({ privateKeys, ...request }) {
      pullPages += 1;
      const page = parseChatDataPage(await sdk.getChatData(request));
      if (!page.ok) {
        return 'errcode' in page
          ? { kind: 'errcode', errcode: page.errcode, errmsg: page.errmsg }
          : { kind: 'malformed-page', problem: page.malformed };
      }
      const outcomes = await sdk.decryptEnvelopes(privateKeys, page.envelopes);
      return {
        kind: 'page',
        items: page.items,
        malformed: page.malformed,
        messages: page.envelopes.map((envelope, i) => ({ envelope, outcome: outcomes[i] as DecryptOutcome })),
      };
    },
    async decryptEnvelopes(keys, envelopes): Promise<DecryptOutcome[]> {
      decryptRequests.push(envelopes.length);
      if (envelopes.some((e) => poison.has(e.msgid))) throw new SdkProcessCrash('host died (SIGSEGV)');
      return envelopes.map((e: EnvelopeDto) =>
        keys[e.publickeyVer]
          ? {
              msgid: e.msgid,
              status: 'ok',
              plaintext: JSON.stringify({
                msgid: e.msgid,
                action: 'send',
                from: 'a',
                tolist: ['b'],
                roomid: '',
                msgtime: 1,
                msgtype: 'text',
                text: { content: 'hi' },
              }),
            }
          : { msgid: e.msgid, status: 'missing-key' },
      );
    },
  };
  return { sdk, calls, decryptRequests, pullPages: () => pullPages };
}

function session(
  sdk: PullSdk,
  opts: {
    cursor?: string;
    limit?: number;
    keys?: Record<number, string>;
    autoAck?: boolean;
    maxUnacked?: number;
  } = {},
) {
  const batches: PullBatch[] = [];
  const statuses: PullStatusDto[] = [];
  const caughtUp: number[] = [];
  const s: PullSession = new PullSession({
    corpId: 'c1',
    cursor: opts.cursor ?? '0',
    limit: opts.limit ?? 10,
    proxy: '',
    passwd: '',
    timeoutSec: 5,
    sdk,
    privateKeys: async () => opts.keys ?? { 1: 'k1', 2: 'k2' },
    emitBatch: (b) => {
      batches.push(b);
      if (opts.autoAck !== false) queueMicrotask(() => s.ack(b.batchId, b.cursor));
    },
    onStatus: (st) => statuses.push(st),
    onCaughtUp: (at) => caughtUp.push(at),
    onKeysVerified: () => undefined,
    log: () => undefined,
    sleep: async () => undefined,
    backoff: { baseMs: 1, maxMs: 2, maxAttempts: 5 },
    maxUnacked: opts.maxUnacked ?? 3,
    lastSuccessAt: null,
    nextScheduledAt: null,
    firstBatchId: 1,
  });
  return { s, batches, statuses, caughtUp };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => BigInt(from + i));
const seqsOf = (batches: PullBatch[]) => batches.flatMap((b) => b.messages.map((m) => m.seq));

describe('PullSession', () => {
  it('pulls every page from the exclusive cursor until caught up', async () => {
    const { sdk, calls } = fakeSdk(range(1, 35));
    const { s, batches, caughtUp } = session(sdk, { cursor: '4' });
    await s.run();
    expect(seqsOf(batches)).toEqual(range(5, 35).map(String));
    expect(calls.map((c) => c.seq)).toEqual(['4', '14', '24', '34']);
    expect(s.status.state).toBe('caught-up');
    expect(s.status.committedSeq).toBe('35');
    expect(caughtUp).toHaveLength(1);
  });

  it('keeps at most maxUnacked batches waiting for the renderer', async () => {
    const { sdk } = fakeSdk(range(1, 100));
    const { s, batches } = session(sdk, { autoAck: false, maxUnacked: 2 });
    const running = s.run();
    await new Promise((r) => setTimeout(r, 20));
    expect(batches).toHaveLength(2);
    s.ack(batches[0]!.batchId, batches[0]!.cursor);
    await new Promise((r) => setTimeout(r, 20));
    expect(batches).toHaveLength(3);
    expect(s.status.committedSeq).toBe('10');
    s.stop();
    await running;
    expect(s.status.state).toBe('stopped');
  });

  it('retries transient SDK codes, busy errcodes and host crashes without losing messages', async () => {
    const { sdk } = fakeSdk(range(1, 30), [null, '10001', 'crash', 'errcode-45009', null, '10001']);
    const { s, batches } = session(sdk);
    await s.run();
    expect(seqsOf(batches)).toEqual(range(1, 30).map(String));
    expect(s.status.errors.map((e) => e.kind)).toEqual([
      'sdk-10001',
      'host-crashed',
      'errcode-45009',
      'sdk-10001',
    ]);
    expect(s.status.errors.every((e) => e.retryable)).toBe(true);
    expect(s.status.state).toBe('caught-up');
  });

  it('halves the limit on 301058', async () => {
    const { sdk, calls } = fakeSdk(range(1, 12), ['errcode-301058']);
    const { s, batches } = session(sdk, { limit: 8 });
    await s.run();
    expect(calls.map((c) => c.limit)).toEqual([8, 4, 4, 4, 4]);
    expect(seqsOf(batches)).toHaveLength(12);
    expect(s.status.limit).toBe(4);
  });

  it('stops on a non-retryable errcode with the explanation as fatal', async () => {
    const { sdk } = fakeSdk(range(1, 5), ['errcode-40001']);
    const { s, batches } = session(sdk);
    await s.run();
    expect(batches).toHaveLength(0);
    expect(s.status.state).toBe('failed');
    expect(s.status.fatal).toMatchObject({ kind: 'errcode-40001', errcode: 40001, retryable: false });
  });

  it('gives up after the retry budget and reports the last error', async () => {
    const { sdk } = fakeSdk(
      range(1, 5),
      Array.from({ length: 10 }, () => '10001' as const),
    );
    const { s } = session(sdk);
    await s.run();
    expect(s.status.state).toBe('failed');
    expect(s.status.fatal?.kind).toBe('sdk-10001');
  });

  it('stores messages whose key is missing with their envelope, and still advances the cursor', async () => {
    const { sdk } = fakeSdk(range(1, 9));
    const { s, batches } = session(sdk, { keys: { 1: 'k1' } });
    await s.run();
    const messages = batches.flatMap((b) => b.messages);
    const missing = messages.filter((m) => m.status === 'missing-key');
    expect(missing.map((m) => m.seq)).toEqual(['3', '6', '9']);
    expect(missing[0]?.envelope).toEqual({ encryptRandomKey: 'rk3', encryptChatMsg: 'cm3' });
    expect(messages.find((m) => m.seq === '1')).toMatchObject({
      status: 'ok',
      header: { msgtype: 'text', from: 'a' },
    });
    expect(messages.find((m) => m.seq === '1')?.envelope).toBeUndefined();
    expect(s.status.committedSeq).toBe('9');
  });

  it('keeps u64 seqs above 2^53 exact', async () => {
    const base = 2n ** 60n;
    const seqs = [base + 1n, base + 2n, base + 3n];
    const { sdk, calls } = fakeSdk(seqs);
    const { s, batches } = session(sdk, { cursor: String(base), limit: 2 });
    await s.run();
    expect(seqsOf(batches)).toEqual(seqs.map(String));
    expect(calls[1]?.seq).toBe(String(base + 2n));
    expect(s.status.committedSeq).toBe(String(base + 3n));
  });

  it('asks the host once per page: GetChatData and decryption in one request', async () => {
    const { sdk, calls, pullPages, decryptRequests } = fakeSdk(range(1, 35));
    const { s } = session(sdk);
    await s.run();
    expect(pullPages()).toBe(calls.length);
    expect(decryptRequests).toEqual([10, 10, 10, 5]);
  });

  it('isolates two poison messages of one page by bisection; the rest commits once and the pull goes on', async () => {
    const poison = new Set(['m7', 'm13']);
    const { sdk, decryptRequests } = fakeSdk(range(1, 35), [], poison);
    const { s, batches, caughtUp } = session(sdk, { limit: 20 });
    await s.run();
    const messages = batches.flatMap((b) => b.messages);
    expect(messages.map((m) => m.seq).sort((a, b) => Number(a) - Number(b))).toEqual(
      range(1, 35).map(String),
    );
    expect(new Set(messages.map((m) => m.msgid)).size).toBe(35);
    const crashed = messages.filter((m) => m.status === 'sdk-crash');
    expect(crashed.map((m) => m.msgid).sort()).toEqual(['m13', 'm7']);
    for (const m of crashed) {
      expect(m.envelope).toEqual({ encryptRandomKey: `rk${m.seq}`, encryptChatMsg: `cm${m.seq}` });
      expect(m.crashCount).toBeGreaterThanOrEqual(2);
      expect(m.failure?.stage).toBe('sdk-crash');
    }
    expect(messages.filter((m) => m.status === 'ok')).toHaveLength(33);
    expect(s.status.state).toBe('caught-up');
    expect(s.status.committedSeq).toBe('35');
    expect(caughtUp).toHaveLength(1);
    // Bisection, not one request per message: far fewer requests than the page's 20 messages × 2.
    expect(decryptRequests.length).toBeLessThan(30);
    expect(s.status.errors.some((e) => e.kind === 'host-crashed')).toBe(true);
  });

  it('retries with backoff when GetChatData itself crashes (no message is blamed)', async () => {
    const { sdk } = fakeSdk(range(1, 5), ['crash', 'crash']);
    const { s, batches } = session(sdk);
    await s.run();
    expect(batches.flatMap((b) => b.messages).every((m) => m.status === 'ok')).toBe(true);
    expect(seqsOf(batches)).toEqual(range(1, 5).map(String));
  });

  it('stores a malformed chatdata item raw with its seq and goes on with the rest of the page', async () => {
    const good = (seq: number) =>
      `{"seq":${seq},"msgid":"m${seq}","publickey_ver":1,"encrypt_random_key":"rk","encrypt_chat_msg":"cm"}`;
    const bad = '{"seq":2,"msgid":"m2","publickey_ver":"one","encrypt_random_key":"rk"}';
    const page = `{"errcode":0,"errmsg":"ok","chatdata":[${good(1)}, ${bad},${good(3)}]}`;
    const { sdk } = fakeSdk([]);
    let served = false;
    sdk.getChatData = async () => {
      if (served) return '{"errcode":0,"errmsg":"ok","chatdata":[]}';
      served = true;
      return page;
    };
    const { s, batches } = session(sdk, { limit: 3 });
    await s.run();
    const messages = batches.flatMap((b) => b.messages);
    expect(messages.map((m) => [m.seq, m.status])).toEqual([
      ['1', 'ok'],
      ['3', 'ok'],
      ['2', 'malformed-envelope'],
    ]);
    const malformed = messages[2];
    expect(malformed?.raw).toBe(bad);
    expect(malformed?.failure).toMatchObject({
      stage: 'envelope',
      message: expect.stringContaining('publickey_ver'),
    });
    expect(malformed?.envelope).toBeUndefined();
    expect(s.status.committedSeq).toBe('3');
  });

  it('tells the renderer only "cannot decrypt with key vN"; the reason goes to the local log', async () => {
    const { sdk } = fakeSdk(range(1, 2));
    sdk.decryptEnvelopes = async (_keys, envelopes) =>
      envelopes.map((e, i) =>
        i === 0
          ? {
              msgid: e.msgid,
              status: 'decrypt-failed',
              stage: 'rsa',
              message: 'bad-ciphertext: error:02000079:rsa routines::oaep decoding error',
            }
          : {
              msgid: e.msgid,
              status: 'decrypt-failed',
              stage: 'sdk',
              sdkCode: 10008,
              message: 'DecryptData 10008',
            },
      );
    const logged: string[] = [];
    const { s, batches } = session(sdk);
    (s as unknown as { deps: { log: (l: string, m: string, f?: unknown) => void } }).deps.log = (_l, m, f) =>
      logged.push(`${m} ${JSON.stringify(f)}`);
    await s.run();
    const failures = batches.flatMap((b) => b.messages).map((m) => m.failure);
    expect(failures).toEqual([
      { stage: 'decrypt', message: expect.stringContaining('cannot decrypt with key v1') },
      { stage: 'decrypt', message: expect.stringContaining('cannot decrypt with key v1') },
    ]);
    expect(JSON.stringify(batches)).not.toMatch(/rsa routines|10008|oaep/);
    expect(logged.join('\n')).toMatch(/rsa routines/);
    expect(logged.join('\n')).toMatch(/10008/);
  });
});
