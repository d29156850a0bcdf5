import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { IngestMessageDto } from '../../main/contract';
import type { PullSdk } from '../../main/services/pull/pullSdk';
import { PullSession } from '../../main/services/pull/pullSession';
import type { SdkHostPool } from '../../main/services/sdkHost/sdkHostPool';
import { demoCorpRecord, demoHostPool } from './demoHostPool';
import { fixtureRequests, testMediaService } from './mediaFixtures';
import { TEST_CORPS } from '../../native/standin/corpus/index';
import {
  corpusMessages,
  FaultControl,
  mediaFiles,
  paths,
  privateKeysOf,
  type CorpusMessage,
  type MediaFile,
} from './support';

/**
 * Poison isolation, malformed envelopes, byte-exact text and the undifferentiated decrypt outcome,
 * through the real SDK host, the pool's adapter and the pull session, with the stand-in's faults
 * (native/standin/FAULTS.md: decrypt_segv_msgids, media_segv_sdkfileids, malformed_envelope_seqs,
 * decrypt_bad_utf8_msgids).
 */

const corp = TEST_CORPS.main;
const faults = new FaultControl('poison');
const LIMIT = 200;

const corpRecord = demoCorpRecord({
  id: 'corp-poison-test',
  corpid: corp.corpid,
  name: 'poison test',
  timeoutSec: 5,
  batchLimit: LIMIT,
});

let corpus: CorpusMessage[];
let keys: Record<number, string>;
const pools: SdkHostPool[] = [];

function newPool(crashes: string[] = []): SdkHostPool {
  const pool = demoHostPool({
    ...paths,
    secret: corp.secret,
    env: { ...process.env, ...faults.env },
    onCrash: (_corpId, crash) => crashes.push(crash.signal ?? String(crash.exitCode)),
  });
  pools.push(pool);
  return pool;
}

interface PullRun {
  messages: IngestMessageDto[];
  state: string;
  committedSeq: string;
  logs: string[];
}

async function pull(sdk: PullSdk, privateKeys: Record<number, string>): Promise<PullRun> {
  const messages: IngestMessageDto[] = [];
  const logs: string[] = [];
  const session: PullSession = new PullSession({
    corpId: corpRecord.id,
    cursor: '0',
    limit: LIMIT,
    proxy: '',
    passwd: '',
    timeoutSec: 5,
    sdk,
    privateKeys: async () => privateKeys,
    emitBatch: (batch) => {
      messages.push(...batch.messages);
      queueMicrotask(() => session.ack(batch.batchId, batch.cursor));
    },
    onStatus: () => undefined,
    onCaughtUp: () => undefined,
    onKeysVerified: () => undefined,
    log: (level, message, fields) => logs.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`),
    backoff: { baseMs: 5, maxMs: 20, maxAttempts: 5 },
    lastSuccessAt: null,
    nextScheduledAt: null,
    firstBatchId: 1,
  });
  await session.run();
  return { messages, state: session.status.state, committedSeq: session.status.committedSeq, logs };
}

const isText = (message: CorpusMessage) => /"msgtype":"text"/.test(message.body.toString('utf8'));

beforeAll(async () => {
  corpus = await corpusMessages(corp.corpid);
  keys = await privateKeysOf(corp);
  expect(corpus.length).toBeGreaterThan(LIMIT * 2);
});

afterEach(async () => {
  faults.clear();
  await Promise.all(pools.splice(0).map((pool) => pool.closeAll()));
});

afterAll(() => faults.clear());

describe('a pull against poison messages', () => {
  it('stores two poison msgids of one page as sdk-crash with their envelopes, every other message once, and finishes', async () => {
    const poison = [corpus[3], corpus[150]].map((message) => message?.msgid ?? '');
    faults.set({ decrypt_segv_msgids: poison.join(',') });
    const crashes: string[] = [];
    const run = await pull(await newPool(crashes).pullSdkFor(corpRecord), keys);

    expect(run.state).toBe('caught-up');
    expect(run.committedSeq).toBe(corpus.at(-1)?.seq.toString());
    const byMsgid = new Map<string, IngestMessageDto[]>();
    for (const message of run.messages)
      byMsgid.set(message.msgid, [...(byMsgid.get(message.msgid) ?? []), message]);
    expect(byMsgid.size).toBe(corpus.length);
    for (const message of corpus) expect(byMsgid.get(message.msgid), message.msgid).toHaveLength(1);

    const crashed = run.messages.filter((message) => message.status === 'sdk-crash');
    expect(crashed.map((message) => message.msgid).sort()).toEqual([...poison].sort());
    for (const message of crashed) {
      expect(message.envelope?.encryptRandomKey).toMatch(/^[A-Za-z0-9+/=]{100,}$/);
      expect(message.envelope?.encryptChatMsg.length).toBeGreaterThan(20);
      expect(message.crashCount).toBeGreaterThanOrEqual(2);
      expect(message.raw).toBeUndefined();
    }
    expect(run.messages.filter((message) => message.status === 'ok')).toHaveLength(corpus.length - 2);
    expect(crashes.length).toBeGreaterThanOrEqual(4);
    expect(crashes.every((signal) => signal === 'SIGSEGV')).toBe(true);

    // A later retry goes the way of missing-key rows (decryptEnvelopes): with the fault gone, they decrypt.
    faults.clear();
    const sdk = await pools[0]?.pullSdkFor(corpRecord);
    const envelopes = crashed.map((message) => ({
      seq: message.seq,
      msgid: message.msgid,
      publickeyVer: message.publickeyVer,
      encryptRandomKey: message.envelope?.encryptRandomKey ?? '',
      encryptChatMsg: message.envelope?.encryptChatMsg ?? '',
    }));
    const retried = await sdk?.decryptEnvelopes(keys, envelopes);
    expect(retried?.map((outcome) => outcome.status)).toEqual(['ok', 'ok']);
  });

  it('keeps a malformed envelope raw with its seq and status; the rest of the page goes on', async () => {
    const bad = corpus[10] as CorpusMessage;
    faults.set({ malformed_envelope_seqs: bad.seq.toString() });
    const run = await pull(await newPool().pullSdkFor(corpRecord), keys);
    expect(run.state).toBe('caught-up');
    const malformed = run.messages.filter((message) => message.status === 'malformed-envelope');
    expect(malformed).toHaveLength(1);
    expect(malformed[0]).toMatchObject({
      seq: bad.seq.toString(),
      msgid: bad.msgid,
      failure: { stage: 'envelope', message: expect.stringContaining('publickey_ver') },
    });
    expect(malformed[0]?.raw).toMatch(
      new RegExp(`^\\{"seq":${bad.seq},"msgid":.*"publickey_ver":"v\\d+".*\\}$`),
    );
    expect(malformed[0]?.raw).not.toContain('encrypt_chat_msg');
    expect(run.messages.filter((message) => message.status === 'ok')).toHaveLength(corpus.length - 1);
  });

  it('keeps the exact bytes (base64) of a DecryptData output that is not UTF-8, flagged', async () => {
    const target = corpus.filter(isText)[2] as CorpusMessage;
    faults.set({ decrypt_bad_utf8_msgids: target.msgid });
    const run = await pull(await newPool().pullSdkFor(corpRecord), keys);
    const flagged = run.messages.filter((message) => message.rawBase64 !== undefined);
    expect(flagged.map((message) => message.msgid)).toEqual([target.msgid]);
    const message = flagged[0] as IngestMessageDto;
    expect(message.status).toBe('ok');
    const bytes = Buffer.from(message.rawBase64 ?? '', 'base64');
    // The stored bytes are the corpus body with the one byte the fault replaced: nothing else changed.
    expect(bytes.length).toBe(target.body.length);
    const differing = [...bytes].flatMap((byte, index) => (byte === target.body[index] ? [] : [index]));
    expect(differing).toHaveLength(1);
    expect(bytes[differing[0] ?? 0]).toBe(0xff);
    expect(message.raw).toContain('\uFFFD');
    expect(new TextDecoder('utf-8', { fatal: false }).decode(bytes)).toBe(message.raw);
    // Every other message is valid UTF-8 and carries no copy.
    expect(run.messages.filter((m) => m.status === 'ok')).toHaveLength(corpus.length);
  });

  it('tells the renderer only "cannot decrypt with key vN"; the reason stays in the local log', async () => {
    // The v1 key given for v2 and the other way round: RSA fails (or DecryptData, if padding passes).
    const swapped = { 1: keys[2] ?? '', 2: keys[1] ?? '' };
    const run = await pull(await newPool().pullSdkFor(corpRecord), swapped);
    expect(run.state).toBe('caught-up');
    expect(run.messages.every((message) => message.status === 'decrypt-failed')).toBe(true);
    for (const message of run.messages) {
      expect(message.failure).toEqual({
        stage: 'decrypt',
        message: `无法用 v${message.publickeyVer} 密钥解密 / cannot decrypt with key v${message.publickeyVer}`,
      });
    }
    const delivered = JSON.stringify(run.messages);
    expect(delivered).not.toMatch(/bad-ciphertext|decrypt-failed:|invalid-random-key|routines|10006|10008/);
    expect(run.logs.join('\n')).toMatch(/decrypt failed .*"stage":"(rsa|sdk)"/);
  });
});

describe('media download-all against a poison sdkfileid', () => {
  let files: MediaFile[];
  let dataDir: string;

  beforeAll(async () => {
    files = await mediaFiles(corp.corpid);
  });

  afterEach(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('finishes with exactly one failed item, with its cause, and every other item done', async () => {
    const small = [...new Map(files.map((file) => [file.path, file])).values()]
      .sort((a, b) => a.size - b.size)
      .slice(0, 6);
    const poison = small[2] as MediaFile;
    faults.set({ media_segv_sdkfileids: poison.sdkfileid });
    dataDir = await mkdtemp(path.join(paths.scratchDir, 'poison-media-'));
    const pool = newPool();
    const source = pool.mediaSourceFor(corpRecord);
    const service = testMediaService({
      dataDir,
      sourceFor: async () => source,
      openPath: async () => undefined,
      concurrency: 2,
    });
    try {
      const items = fixtureRequests(small);
      await service.enqueue(corpRecord.id, items, 'background');
      await service.queue(corpRecord.id).whenIdle();
      const states = await service.states(
        corpRecord.id,
        items.map((item) => item.sdkfileid),
      );
      const failed = states.filter((state) => state.state === 'failed');
      expect(failed.map((state) => state.sdkfileid)).toEqual([poison.sdkfileid]);
      expect(failed[0]?.failure?.message).toMatch(/died during mediaChunkToFile \(signal SIGSEGV\)/);
      expect(states.filter((state) => state.state === 'done')).toHaveLength(small.length - 1);
    } finally {
      await service.close();
    }
  });
});
