import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_CORPS } from '../../native/standin/corpus/index';
import { HostRequestError } from '../../main/services/sdkHost/hostErrors';
import type { SdkHostClient } from '../../main/services/sdkHost/sdkHostClient';
import type { EnvelopeInput } from '../../native/host/protocol';
import {
  chatRequest,
  corpusMessages,
  loadAndInit,
  parseChatPage,
  paths,
  privateKeysOf,
  pullAll,
  startHost,
  type ChatEnvelope,
  type CorpusMessage,
} from './support';

/** GetChatData paging and DecryptData through the host, checked against the corpus (docs/wecom-sdk.md §1.3, §3). */

const TWO_POW_53 = 2n ** 53n;

async function errorOf(promise: Promise<unknown>): Promise<HostRequestError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(HostRequestError);
  return error as HostRequestError;
}

describe('main corp: paging, limits, decryption', () => {
  const corp = TEST_CORPS.main;
  let client: SdkHostClient;
  let corpus: CorpusMessage[];
  let keys: Record<number, string>;
  let pulled: ChatEnvelope[];

  beforeAll(async () => {
    ({ client } = startHost());
    await loadAndInit(client, corp);
    corpus = await corpusMessages(corp.corpid);
    keys = await privateKeysOf(corp);
    pulled = (await pullAll(client, 1000)).envelopes;
  });

  afterAll(async () => {
    await client.close();
  });

  it('pages with the exclusive cursor until caught up, returning exactly the corpus in seq order', async () => {
    expect(corpus.length).toBeGreaterThan(100);
    const limit = 37;
    const { envelopes, calls } = await pullAll(client, limit);
    expect(calls).toBe(Math.floor(corpus.length / limit) + 1);
    expect(envelopes.map((envelope) => envelope.seq)).toEqual(
      corpus.map((message) => message.seq.toString()),
    );
    expect(envelopes.map((envelope) => envelope.msgid)).toEqual(corpus.map((message) => message.msgid));
    expect(envelopes.map((envelope) => envelope.publickeyVer)).toEqual(
      corpus.map((message) => message.publickeyVer),
    );
    expect(pulled.map((envelope) => envelope.seq)).toEqual(envelopes.map((envelope) => envelope.seq));

    const last = corpus.at(-1)?.seq.toString() ?? '0';
    const caughtUp = parseChatPage((await client.getChatData(chatRequest(last, 100))).raw);
    expect(caughtUp).toMatchObject({ errcode: 0, envelopes: [] });
    // Re-entry from any seq (docs/wecom-sdk.md §1.3): the page starts right after it.
    const middle = corpus[100];
    const resumed = parseChatPage(
      (await client.getChatData(chatRequest(middle?.seq.toString() ?? '0', 3))).raw,
    );
    expect(resumed.envelopes.map((envelope) => envelope.seq)).toEqual(
      corpus.slice(101, 104).map((message) => message.seq.toString()),
    );
  });

  it('rejects limit 0 and 1001 with 10000 and accepts 1 and 1000', async () => {
    for (const limit of [0, 1001]) {
      expect(await errorOf(client.getChatData(chatRequest('0', limit)))).toMatchObject({
        code: 'sdk-error',
        sdkCode: 10000,
      });
    }
    expect(parseChatPage((await client.getChatData(chatRequest('0', 1))).raw).envelopes).toHaveLength(1);
    expect(parseChatPage((await client.getChatData(chatRequest('0', 1000))).raw).envelopes).toHaveLength(
      Math.min(1000, corpus.length),
    );
  });

  it('decrypts every message byte-identically to the corpus, across key versions', async () => {
    const versions = [...new Set(corpus.map((message) => message.publickeyVer))];
    expect(versions.length).toBeGreaterThanOrEqual(2);
    // Rotation: old versions first, then newer ones (docs/wecom-sdk.md §3.5).
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    const bodies = corpus.map((message) => message.body);
    expect(bodies.some((body) => body.some((byte) => byte < 0x20))).toBe(true);
    expect(bodies.some((body) => /[\u4e00-\u9fff]/.test(body.toString('utf8')))).toBe(true);

    const { results } = await client.decryptEnvelopes({ privateKeys: keys, envelopes: pulled });
    expect(results).toHaveLength(corpus.length);
    for (const [index, result] of results.entries()) {
      const expected = corpus[index];
      expect(result.msgid).toBe(expected?.msgid);
      if (result.status !== 'ok') throw new Error(`${result.msgid}: ${result.status}`);
      expect(
        Buffer.from(result.plaintext, 'utf8').equals(expected?.body ?? Buffer.alloc(0)),
        result.msgid,
      ).toBe(true);
    }
  });

  it('reports a missing key version, and a wrong version clearly, per envelope', async () => {
    const [oldest, newest] = [Math.min(...corp.keyVersions), Math.max(...corp.keyVersions)];
    const sample = [
      pulled.find((e) => e.publickeyVer === oldest),
      pulled.find((e) => e.publickeyVer === newest),
    ];
    const envelopes = sample.filter((envelope): envelope is ChatEnvelope => envelope !== undefined);
    expect(envelopes).toHaveLength(2);

    const onlyOld = await client.decryptEnvelopes({
      privateKeys: { [oldest]: keys[oldest] ?? '' },
      envelopes,
    });
    expect(onlyOld.results.map((result) => result.status)).toEqual(['ok', 'missing-key']);
    expect(onlyOld.results[1]).toMatchObject({ publickeyVer: newest });

    const swapped = await client.decryptEnvelopes({
      privateKeys: { [oldest]: keys[newest] ?? '', [newest]: keys[oldest] ?? '' },
      envelopes,
    });
    for (const result of swapped.results) {
      expect(result.status).toBe('rsa-failed');
      if (result.status === 'rsa-failed') {
        expect(['decrypt-failed', 'invalid-random-key']).toContain(result.reason);
        expect(result.message).toMatch(/publickey_ver \d+/);
      }
    }
  });

  it('DecryptData: the right random key decrypts, a garbage key is 10008, a wrong well-formed key 10006', async () => {
    const envelope = pulled[0];
    if (!envelope) throw new Error('nothing pulled');
    const { randomKey } = await client.decryptRandomKey({
      privateKeyPem: keys[envelope.publickeyVer] ?? '',
      encryptRandomKey: envelope.encryptRandomKey,
    });
    const { plaintext } = await client.decryptData({
      encryptKey: randomKey,
      encryptMsg: envelope.encryptChatMsg,
    });
    expect(Buffer.from(plaintext).equals(corpus[0]?.body ?? Buffer.alloc(0))).toBe(true);

    expect(
      await errorOf(client.decryptData({ encryptKey: 'garbage!', encryptMsg: envelope.encryptChatMsg })),
    ).toMatchObject({ code: 'sdk-error', sdkCode: 10008 });
    const other = pulled[1];
    const { randomKey: otherKey } = await client.decryptRandomKey({
      privateKeyPem: keys[other?.publickeyVer ?? 0] ?? '',
      encryptRandomKey: other?.encryptRandomKey ?? '',
    });
    expect(
      await errorOf(client.decryptData({ encryptKey: otherKey, encryptMsg: envelope.encryptChatMsg })),
    ).toMatchObject({ code: 'sdk-error', sdkCode: 10006 });
  });

  it('pullPage: one request per page gives what GetChatData + decryptEnvelopes give, ciphertexts only where not decrypted', async () => {
    const onlyV1 = { 1: keys[1] ?? '' };
    const kept: EnvelopeInput[] = [];
    let cursor = '0';
    const seen: string[] = [];
    for (;;) {
      const request = { ...chatRequest(cursor, 400), privateKeys: onlyV1 };
      const page = await client.pullPage(request);
      if (page.kind !== 'page') throw new Error(`unexpected ${page.kind}`);
      expect(page.malformed).toEqual([]);
      expect(page.invalidUtf8).toBe(false);
      const envelopes = parseChatPage((await client.getChatData(chatRequest(cursor, 400))).raw).envelopes;
      expect(page.items).toBe(envelopes.length);
      const { results } = await client.decryptEnvelopes({ privateKeys: onlyV1, envelopes });
      expect(page.messages.map((message) => message.result)).toEqual(results);
      for (const [index, message] of page.messages.entries()) {
        const envelope = envelopes[index] as ChatEnvelope;
        expect([message.seq, message.msgid, message.publickeyVer]).toEqual([
          envelope.seq,
          envelope.msgid,
          envelope.publickeyVer,
        ]);
        if (message.result.status === 'ok') {
          expect(message.envelope).toBeUndefined();
        } else {
          // encrypt_random_key differs per call (RSA PKCS#1 v1.5 pads randomly); the message does not.
          expect(message.envelope?.encryptChatMsg).toBe(envelope.encryptChatMsg);
          kept.push({
            msgid: message.msgid,
            publickeyVer: message.publickeyVer,
            encryptRandomKey: message.envelope?.encryptRandomKey ?? '',
            encryptChatMsg: message.envelope?.encryptChatMsg ?? '',
          });
        }
      }
      seen.push(...page.messages.map((message) => message.seq));
      if (page.items < 400) break;
      cursor = page.messages.at(-1)?.seq ?? cursor;
    }
    expect(seen).toEqual(corpus.map((message) => message.seq.toString()));
    // The kept envelopes are the real ones: with every key they decrypt to the corpus bodies.
    expect(kept.length).toBe(corpus.filter((message) => message.publickeyVer !== 1).length);
    expect(kept.length).toBeGreaterThan(0);
    const later = await client.decryptEnvelopes({ privateKeys: keys, envelopes: kept });
    const bodies = new Map(corpus.map((message) => [message.msgid, message.body.toString('utf8')]));
    for (const result of later.results) {
      expect(result.status).toBe('ok');
      if (result.status === 'ok') expect(result.plaintext).toBe(bodies.get(result.msgid));
    }
    const stats = await client.stats();
    expect([stats.openSlices, stats.openMediaData]).toEqual([0, 0]);
  });

  it('pullPage refuses a bad seq without echoing the keys it was sent', async () => {
    const bad = await errorOf(
      client.pullPage({ ...chatRequest('-5', 10), privateKeys: { 1: 'PEM-SECRET-TEXT' } }),
    );
    expect(bad.code).toBe('bad-request');
    expect(bad.message).not.toContain('PEM-SECRET-TEXT');
  });

  it('decrypts with the libcrypto backend too', async () => {
    const { client: libcryptoClient } = startHost();
    try {
      await libcryptoClient.load({ libraryPath: paths.library, rsaBackend: 'libcrypto' });
      const stats = await libcryptoClient.stats();
      expect(stats.rsaBackend).toBe('libcrypto');
      const { results } = await libcryptoClient.decryptEnvelopes({
        privateKeys: keys,
        envelopes: pulled.slice(0, 200),
      });
      expect(results.every((result) => result.status === 'ok')).toBe(true);
    } finally {
      await libcryptoClient.close();
    }
  });
});

describe('big seqs beyond 2^53', () => {
  it('round-trip exactly as decimal strings and work as cursors', async () => {
    const corp = TEST_CORPS.bigseq;
    const { client } = startHost();
    try {
      await loadAndInit(client, corp);
      const corpus = await corpusMessages(corp.corpid);
      expect(corpus.some((message) => message.seq > TWO_POW_53)).toBe(true);
      const { envelopes } = await pullAll(client, 100);
      expect(envelopes.map((envelope) => envelope.seq)).toEqual(
        corpus.map((message) => message.seq.toString()),
      );
      const big = corpus.findIndex((message) => message.seq > TWO_POW_53);
      const cursor = corpus[big]?.seq ?? 0n;
      const page = parseChatPage((await client.getChatData(chatRequest(cursor.toString(), 2))).raw);
      expect(page.envelopes.map((envelope) => BigInt(envelope.seq))).toEqual(
        corpus.slice(big + 1, big + 3).map((message) => message.seq),
      );
      const { results } = await client.decryptEnvelopes({
        privateKeys: await privateKeysOf(corp),
        envelopes: page.envelopes,
      });
      expect(results.map((result) => result.status)).toEqual(page.envelopes.map(() => 'ok'));
    } finally {
      await client.close();
    }
  });
});

describe('credentials and corp state', () => {
  let client: SdkHostClient;

  beforeAll(() => {
    ({ client } = startHost());
  });

  afterAll(async () => {
    await client.close();
  });

  it('a wrong secret answers JSON errcode 40001, an unknown corpid 40013, media 10004', async () => {
    const corp = TEST_CORPS.main;
    await loadAndInit(client, corp, { secret: `${corp.secret}-wrong` });
    expect(parseChatPage((await client.getChatData(chatRequest('0', 10))).raw)).toMatchObject({
      errcode: 40001,
      envelopes: [],
    });
    expect(
      await errorOf(
        client.getMediaChunk({ sdkfileid: 'x', indexbuf: '', proxy: '', passwd: '', timeout: 5 }),
      ),
    ).toMatchObject({ sdkCode: 10004 });
    await loadAndInit(client, corp, { corpid: 'wwnosuchcorp000001' });
    expect(parseChatPage((await client.getChatData(chatRequest('0', 10))).raw)).toMatchObject({
      errcode: 40013,
    });
  });

  it('the blocked corp answers 10009, the disabled corp errcode 301053', async () => {
    await loadAndInit(client, TEST_CORPS.blocked);
    expect(await errorOf(client.getChatData(chatRequest('0', 10)))).toMatchObject({ sdkCode: 10009 });
    await loadAndInit(client, TEST_CORPS.disabled);
    expect(parseChatPage((await client.getChatData(chatRequest('0', 10))).raw)).toMatchObject({
      errcode: 301053,
    });
  });

  it('requests before load/init are refused with typed errors, without echoing secrets', async () => {
    const { client: fresh } = startHost();
    try {
      expect(await errorOf(fresh.getChatData(chatRequest('0', 10)))).toMatchObject({ code: 'not-loaded' });
      await fresh.load({ libraryPath: paths.library });
      expect(await errorOf(fresh.getChatData(chatRequest('0', 10)))).toMatchObject({
        code: 'not-initialized',
      });
      const secret = 'a-secret-that-must-not-leak';
      const bad = await errorOf(fresh.init({ corpid: 'ww', secret, mediaHandles: 99 }));
      expect(bad).toMatchObject({ code: 'bad-request' });
      expect(bad.message).not.toContain(secret);
    } finally {
      await fresh.close();
    }
  });
});
