import { spawnSync } from 'node:child_process';
import { constants, publicEncrypt, createPublicKey } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm, truncate } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRandomKeyDecryptor } from '../../native/bindings/rsa';
import { TEST_CORPS } from '../../native/standin/corpus/index';
import {
  chatRequest,
  corpusMessages,
  loadAndInit,
  mediaFiles,
  paths,
  privateKeysOf,
  pullAll,
  startHost,
} from './support';

/**
 * Resource use of the SDK host: no per-call leak over 10,000 GetChatData+FreeSlice cycles, and the
 * throughput of the pull path. Numbers go to build/out/test-results/sdk-host-*.json for the record.
 */

const MB = 1024 * 1024;

function record(name: string, numbers: Record<string, unknown>): void {
  writeFileSync(path.join(paths.resultsDir, `${name}.json`), `${JSON.stringify(numbers, null, 2)}\n`);
  console.log(name, numbers);
}

describe('host memory', () => {
  it(
    'media chunks compared, packed and written to part files do not grow the host RSS',
    { timeout: 240_000 },
    async () => {
      const { client } = startHost();
      const dir = await mkdtemp(path.join(paths.scratchDir, 'host-media-'));
      try {
        await loadAndInit(client, TEST_CORPS.main);
        const files = (await mediaFiles(TEST_CORPS.main.corpid)).filter((file) => file.size <= 512 * 1024);
        const network = { proxy: '', passwd: '', timeout: 10 };
        const pack = path.join(dir, 'x.pack');
        // Three kinds of request in turn: a comparison with the corpus file (read where the SDK put the
        // chunk), an append to a pack (truncated now and then), a part file written and digested.
        const cycle = async (count: number): Promise<void> => {
          for (let index = 0; index < count; index += 1) {
            const file = files[index % files.length];
            if (!file) throw new Error('no files');
            const base = {
              ...network,
              sdkfileid: file.sdkfileid,
              indexbuf: '',
              file: path.join(dir, 'x.part'),
              offset: 0,
            };
            const mode = index % 3;
            const result = await client.mediaChunkToFile(
              mode === 0
                ? { ...base, compareWith: { file: file.path, offset: 0, size: file.size } }
                : mode === 1
                  ? { ...base, pack: { file: pack } }
                  : base,
            );
            if (mode === 0) expect(result.stored).toEqual({ kind: 'none', reason: 'known' });
            if (mode === 1 && index % 300 === 1) await truncate(pack, 0);
          }
        };
        // RSS climbs to a working size (V8's heap sized to the chunk buffers it collects, malloc
        // arenas; measured: ~170 MB, flat from ~20,000 requests to 45,000); what must not happen is
        // growth with every request after that.
        await cycle(21_000);
        const warm = await client.stats();
        const measured = 12_000;
        await cycle(measured);
        const after = await client.stats();
        const growth = after.rss - warm.rss;
        const bytes = files.reduce((sum, file) => sum + file.size, 0) / files.length;
        record('sdk-host-media-rss', {
          requestsAfterWarmup: measured,
          averageFileBytes: Math.round(bytes),
          rssAfterWarmupMB: +(warm.rss / MB).toFixed(1),
          rssAfterMB: +(after.rss / MB).toFixed(1),
          growthMB: +(growth / MB).toFixed(2),
        });
        // Keeping 1 KB per request would already add ~12 MB; a leaked chunk (~29 KB average), far more.
        expect(growth).toBeLessThan(10 * MB);
        expect(after).toMatchObject({ openSlices: 0, openMediaData: 0 });
        expect(after.calls.FreeMediaData).toBe(after.calls.NewMediaData);
      } finally {
        await client.close();
        await rm(dir, { recursive: true, force: true });
      }
    },
  );

  it('10,000 GetChatData + FreeSlice cycles do not grow the host RSS', { timeout: 240_000 }, async () => {
    const { client } = startHost();
    try {
      await loadAndInit(client, TEST_CORPS.main);
      const corpus = await corpusMessages(TEST_CORPS.main.corpid);
      const cursors = corpus.slice(0, -10).map((message) => message.seq.toString());
      const pageBytes = Buffer.byteLength((await client.getChatData(chatRequest(cursors[0] ?? '0', 10))).raw);

      // Four requests in flight keep the chat handle busy; the host still runs them one at a time.
      const cycle = async (count: number, offset: number): Promise<void> => {
        let next = 0;
        const lane = async (): Promise<void> => {
          while (next < count) {
            const index = offset + next;
            next += 1;
            const raw = (
              await client.getChatData(chatRequest(cursors[(index * 10) % cursors.length] ?? '0', 10))
            ).raw;
            if (raw.length < 100) throw new Error('short page');
          }
        };
        await Promise.all([lane(), lane(), lane(), lane()]);
      };

      // The first 10,000 cycles let the host's V8 heap, koffi's call buffers and malloc arenas reach
      // their working size; the measured 10,000 after that must not grow RSS further.
      await cycle(10_000, 0);
      const warm = await client.stats();
      const started = performance.now();
      await cycle(10_000, 10_000);
      const elapsedMs = performance.now() - started;
      const after = await client.stats();

      const growth = after.rss - warm.rss;
      record('sdk-host-rss', {
        cycles: 10_000,
        limit: 10,
        pageBytes,
        rssAfterWarmupMB: +(warm.rss / MB).toFixed(1),
        rssAfterMB: +(after.rss / MB).toFixed(1),
        heapUsedAfterWarmupMB: +(warm.heapUsed / MB).toFixed(1),
        heapUsedAfterMB: +(after.heapUsed / MB).toFixed(1),
        growthMB: +(growth / MB).toFixed(2),
        leakOfOnePagePerCallWouldBeMB: +((pageBytes * 10_000) / MB).toFixed(0),
        callsPerSec: Math.round(10_000 / (elapsedMs / 1000)),
      });
      // A leaked slice per call would add pageBytes × 10k (~100 MB); allocator noise stays far below 20 MB.
      expect(pageBytes * 10_000).toBeGreaterThan(4 * 20 * MB);
      expect(growth).toBeLessThan(20 * MB);
      expect((after.calls.GetChatData ?? 0) - (warm.calls.GetChatData ?? 0)).toBe(10_000);
      expect(after.calls.FreeSlice).toBe(after.calls.NewSlice);
      expect(after).toMatchObject({ openSlices: 0, openMediaData: 0 });
    } finally {
      await client.close();
    }
  });
});

describe('throughput', () => {
  it('pulls and decrypts the main corp through the host', { timeout: 120_000 }, async () => {
    const corp = TEST_CORPS.main;
    const keys = await privateKeysOf(corp);
    const { client } = startHost();
    try {
      await loadAndInit(client, corp);
      const backend = (await client.stats()).rsaBackend;
      let decrypted = 0;
      const started = performance.now();
      const { envelopes, calls } = await pullAll(client, 1000, async (page) => {
        const { results } = await client.decryptEnvelopes({ privateKeys: keys, envelopes: page.envelopes });
        decrypted += results.filter((result) => result.status === 'ok').length;
      });
      const elapsedSec = (performance.now() - started) / 1000;
      expect(decrypted).toBe(envelopes.length);

      const pullOnlyStarted = performance.now();
      await pullAll(client, 1000);
      const pullOnlySec = (performance.now() - pullOnlyStarted) / 1000;

      record('sdk-host-throughput', {
        messages: envelopes.length,
        pages: calls,
        hostRsaBackend: backend,
        pullAndDecryptMsgsPerSec: Math.round(envelopes.length / elapsedSec),
        pullOnlyMsgsPerSec: Math.round(envelopes.length / pullOnlySec),
        ...rsaOpsPerSecond(
          keys,
          envelopes.slice(0, 2000).map((envelope) => envelope.encryptRandomKey),
          envelopes.map((e) => e.publickeyVer),
        ),
      });
    } finally {
      await client.close();
    }
  });

  it('libcrypto async RSA through koffi keeps up with the sync path', async () => {
    const [version, pem] = Object.entries(await privateKeysOf(TEST_CORPS.main))[0] ?? [];
    if (!pem) throw new Error('no key');
    const publicKey = createPublicKey(pem);
    const ciphertexts = Array.from({ length: 2_000 }, (_, index) =>
      publicEncrypt(
        { key: publicKey, padding: constants.RSA_PKCS1_PADDING },
        Buffer.from(`random-key-${index}-abcdefgh`),
      ).toString('base64'),
    );
    const libcrypto = createRandomKeyDecryptor('libcrypto');
    try {
      const syncStarted = performance.now();
      for (const text of ciphertexts) libcrypto.decrypt(pem, text);
      const syncOps = ciphertexts.length / ((performance.now() - syncStarted) / 1000);
      const asyncStarted = performance.now();
      let next = 0;
      const lane = async (): Promise<void> => {
        while (next < ciphertexts.length) await libcrypto.decryptAsync(pem, ciphertexts[next++] ?? '');
      };
      await Promise.all([lane(), lane(), lane(), lane()]);
      const asyncOps = ciphertexts.length / ((performance.now() - asyncStarted) / 1000);
      record('rsa-libcrypto', {
        keyVersion: version,
        description: libcrypto.description,
        syncOpsPerSec: Math.round(syncOps),
        asyncOpsPerSec4Lanes: Math.round(asyncOps),
      });
      expect(asyncOps).toBeGreaterThan(syncOps * 0.7);
    } finally {
      libcrypto.dispose();
    }
  });
});

/** node crypto RSA ops/s in a Node started with --security-revert (as the forked host is). */
function rsaOpsPerSecond(
  keys: Record<number, string>,
  encryptRandomKeys: string[],
  versions: number[],
): { nodeCryptoOpsPerSec: number | null } {
  const script = `
    const { createPrivateKey, privateDecrypt, constants } = require('node:crypto');
    const input = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
    const keys = Object.fromEntries(Object.entries(input.keys).map(([v, pem]) => [v, createPrivateKey(pem)]));
    const started = performance.now();
    input.cts.forEach((ct, i) => privateDecrypt({ key: keys[input.versions[i]], padding: constants.RSA_PKCS1_PADDING }, Buffer.from(ct, 'base64')));
    process.stdout.write(String(input.cts.length / ((performance.now() - started) / 1000)));`;
  const result = spawnSync(process.execPath, ['--security-revert=CVE-2023-46809', '-e', script], {
    input: JSON.stringify({ keys, cts: encryptRandomKeys, versions }),
    encoding: 'utf8',
  });
  const ops = Number(result.stdout);
  return { nodeCryptoOpsPerSec: Number.isFinite(ops) && ops > 0 ? Math.round(ops) : null };
}
