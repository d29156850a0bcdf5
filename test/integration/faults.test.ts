import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TEST_CORPS } from '../../native/standin/corpus/index';
import { HostRequestError } from '../../main/services/sdkHost/hostErrors';
import type { SdkHostClient } from '../../main/services/sdkHost/sdkHostClient';
import {
  chatRequest,
  corpusMessages,
  downloadMedia,
  FaultControl,
  loadAndInit,
  md5,
  mediaFiles,
  parseChatPage,
  privateKeysOf,
  startHost,
  type CorpusMessage,
  type MediaFile,
} from './support';

/** Every fault of native/standin/FAULTS.md, injected through the control file while the host runs. */

const corp = TEST_CORPS.main;
const faults = new FaultControl('faults');
let client: SdkHostClient;
let corpus: CorpusMessage[];
let media: MediaFile[];

const mediaRequest = (sdkfileid: string, indexbuf = '') => ({
  sdkfileid,
  indexbuf,
  proxy: '',
  passwd: '',
  timeout: 5,
});

async function sdkCodeOf(promise: Promise<unknown>): Promise<number | 'ok'> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (error instanceof HostRequestError && error.code === 'sdk-error' && error.sdkCode !== undefined) {
      return error.sdkCode;
    }
    throw error;
  }
}

beforeAll(async () => {
  ({ client } = startHost({ env: faults.env }));
  await loadAndInit(client, corp);
  corpus = await corpusMessages(corp.corpid);
  media = await mediaFiles(corp.corpid);
});

beforeEach(() => faults.clear());

afterAll(async () => {
  await client.close();
});

describe('GetChatData return codes', () => {
  it.each([10001, 10002, 10003])('p%i=1 returns that code', async (code) => {
    faults.set({ [`p${code}`]: 1 });
    expect(await sdkCodeOf(client.getChatData(chatRequest('0', 10)))).toBe(code);
    faults.clear();
    expect(await sdkCodeOf(client.getChatData(chatRequest('0', 10)))).toBe('ok');
  });

  it('p10001=0.3 fails about 30% of 400 calls and the rest return data', async () => {
    faults.set({ seed: 7, p10001: 0.3 });
    const outcomes = { ok: 0, 10001: 0 } as Record<string, number>;
    for (let call = 0; call < 400; call += 1) {
      const outcome = await sdkCodeOf(client.getChatData(chatRequest('0', 1)));
      outcomes[String(outcome)] = (outcomes[String(outcome)] ?? 0) + 1;
    }
    expect(Object.keys(outcomes).sort()).toEqual(['10001', 'ok']);
    expect(outcomes[10001]).toBeGreaterThan(80);
    expect(outcomes[10001]).toBeLessThan(160);
  });

  it('p10001+p10002+p10003 split the failures among the three codes', async () => {
    faults.set({ seed: 3, p10001: 0.25, p10002: 0.25, p10003: 0.25 });
    const seen = new Set<number | 'ok'>();
    for (let call = 0; call < 120; call += 1)
      seen.add(await sdkCodeOf(client.getChatData(chatRequest('0', 1))));
    expect([...seen].sort()).toEqual([10001, 10002, 10003, 'ok'].sort());
  });
});

describe('JSON errcodes with return code 0', () => {
  it.each([
    ['perr_m1', -1],
    ['perr45009', 45009],
    ['perr301058', 301058],
  ])('%s=1 answers errcode %i', async (key, errcode) => {
    faults.set({ [key]: 1 });
    const page = parseChatPage((await client.getChatData(chatRequest('0', 10))).raw);
    expect(page).toMatchObject({ errcode, envelopes: [] });
  });

  it('max_limit_301058 answers 301058 above the limit only', async () => {
    faults.set({ max_limit_301058: 50 });
    expect(parseChatPage((await client.getChatData(chatRequest('0', 51))).raw).errcode).toBe(301058);
    const page = parseChatPage((await client.getChatData(chatRequest('0', 50))).raw);
    expect(page.errcode).toBe(0);
    expect(page.envelopes).toHaveLength(50);
  });
});

describe('latency and timeouts', () => {
  it('latency_ms delays a call that is within its timeout', async () => {
    faults.set({ latency_ms: 300 });
    const started = performance.now();
    expect(parseChatPage((await client.getChatData(chatRequest('0', 5, 5))).raw).envelopes).toHaveLength(5);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('a latency above the call timeout honours the timeout and returns 10001', async () => {
    faults.set({ latency_ms: 4000 });
    const started = performance.now();
    expect(await sdkCodeOf(client.getChatData(chatRequest('0', 5, 1)))).toBe(10001);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(3000);
    const mediaStarted = performance.now();
    const [file] = media;
    expect(
      await sdkCodeOf(client.getMediaChunk({ ...mediaRequest(file?.sdkfileid ?? ''), timeout: 1 })),
    ).toBe(10001);
    expect(performance.now() - mediaStarted).toBeLessThan(3000);
  });
});

describe('retention and IP whitelist', () => {
  it('expired_below answers 10010 for cursors below it', async () => {
    const boundary = corpus[20]?.seq ?? 0n;
    faults.set({ expired_below: boundary.toString() });
    expect(await sdkCodeOf(client.getChatData(chatRequest('0', 10)))).toBe(10010);
    expect(await sdkCodeOf(client.getChatData(chatRequest((boundary - 1n).toString(), 10)))).toBe(10010);
    const page = parseChatPage((await client.getChatData(chatRequest(boundary.toString(), 3))).raw);
    expect(page.envelopes.map((envelope) => envelope.seq)).toEqual(
      corpus.slice(21, 24).map((message) => message.seq.toString()),
    );
  });

  it('retained_from: an old cursor is expired, a cursor of 0 restarts at the oldest retained message', async () => {
    const oldest = corpus[20]?.seq ?? 0n;
    faults.set({ retained_from: oldest.toString() });
    expect(await sdkCodeOf(client.getChatData(chatRequest('1', 10)))).toBe(10010);
    expect(await sdkCodeOf(client.getChatData(chatRequest((oldest - 2n).toString(), 10)))).toBe(10010);
    const restart = parseChatPage((await client.getChatData(chatRequest('0', 3))).raw);
    expect(restart.envelopes.map((envelope) => envelope.seq)).toEqual(
      corpus.slice(20, 23).map((message) => message.seq.toString()),
    );
    const caughtUp = parseChatPage((await client.getChatData(chatRequest((oldest - 1n).toString(), 2))).raw);
    expect(caughtUp.envelopes.map((envelope) => envelope.seq)).toEqual(
      corpus.slice(20, 22).map((message) => message.seq.toString()),
    );
  });

  it('not_whitelisted answers 10009 for chat and media', async () => {
    faults.set({ not_whitelisted: 1 });
    expect(await sdkCodeOf(client.getChatData(chatRequest('0', 10)))).toBe(10009);
    expect(await sdkCodeOf(client.getMediaChunk(mediaRequest(media[0]?.sdkfileid ?? '')))).toBe(10009);
  });
});

describe('media faults', () => {
  const bigFile = (): MediaFile => {
    const file = media.find((candidate) => candidate.size > 2 * 512 * 1024);
    if (!file) throw new Error('no media file above 1 MB');
    return file;
  };

  it('media_fail_p fails chunks with the configured codes; the same indexbuf succeeds on retry', async () => {
    const file = bigFile();
    const first = await client.getMediaChunk(mediaRequest(file.sdkfileid));
    faults.set({ seed: 5, media_fail_p: 1, media_fail_codes: '10001,10006' });
    const codes = new Set<number | 'ok'>();
    for (let attempt = 0; attempt < 30; attempt += 1) {
      codes.add(await sdkCodeOf(client.getMediaChunk(mediaRequest(file.sdkfileid, first.outIndexBuf))));
    }
    expect([...codes].sort()).toEqual([10001, 10006]);
    faults.clear();
    const second = await client.getMediaChunk(mediaRequest(file.sdkfileid, first.outIndexBuf));
    expect(Buffer.from(second.data).equals(readFileSync(file.path).subarray(512 * 1024, 1024 * 1024))).toBe(
      true,
    );
  });

  it('md5_mismatch_ids flips exactly the byte at size/2 of that file', async () => {
    const file = bigFile();
    faults.set({ md5_mismatch_ids: file.sdkfileid });
    const corrupt = (await downloadMedia(client, file.sdkfileid)).data;
    const original = readFileSync(file.path);
    expect(md5(corrupt)).not.toBe(file.md5);
    const differing = [...corrupt.keys()].filter((offset) => corrupt[offset] !== original[offset]);
    const middle = Math.floor(file.size / 2);
    expect(differing).toEqual([middle]);
    expect((corrupt[middle] ?? 0) ^ (original[middle] ?? 0)).toBe(0x5a);
    faults.clear();
    expect(md5((await downloadMedia(client, file.sdkfileid)).data)).toBe(file.md5);
  });

  it('md5_mismatch_p=1 corrupts every download until cleared', async () => {
    faults.set({ md5_mismatch_p: 1 });
    for (const file of media.filter((candidate) => candidate.size > 1).slice(0, 3)) {
      expect(md5((await downloadMedia(client, file.sdkfileid)).data)).not.toBe(file.md5);
    }
  });

  it('fail_sdkfileids answers 10005 for those files only', async () => {
    const [blocked, allowed] = media;
    if (!blocked || !allowed) throw new Error('need two media files');
    faults.set({ fail_sdkfileids: blocked.sdkfileid });
    expect(await sdkCodeOf(client.getMediaChunk(mediaRequest(blocked.sdkfileid)))).toBe(10005);
    expect(await sdkCodeOf(client.getMediaChunk(mediaRequest(allowed.sdkfileid)))).toBe('ok');
  });

  it('empty_md5_p=1 blanks every md5sum in the bodies the pull decrypts', async () => {
    const withMd5 = corpus.findIndex((message) =>
      /"md5sum":"[0-9a-f]{32}"/.test(message.body.toString('utf8')),
    );
    expect(withMd5).toBeGreaterThanOrEqual(0);
    const cursor = withMd5 === 0 ? '0' : (corpus[withMd5 - 1]?.seq.toString() ?? '0');
    faults.set({ empty_md5_p: 1 });
    const page = parseChatPage((await client.getChatData(chatRequest(cursor, 1))).raw);
    const { results } = await client.decryptEnvelopes({
      privateKeys: await privateKeysOf(corp),
      envelopes: page.envelopes,
    });
    const [result] = results;
    if (result?.status !== 'ok') throw new Error('decryption failed');
    const expected = corpus[withMd5]?.body
      .toString('utf8')
      .replace(/"md5sum":"[0-9a-f]{32}"/g, '"md5sum":""');
    expect(result.plaintext).toBe(expected);
  });
});
