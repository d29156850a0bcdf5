import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFinanceSdk, type FinanceSdk } from '../../native/bindings/financeSdk';
import { HandlePool, SdkHandle } from '../../native/bindings/sdkHandlePool';
import { TEST_CORPS } from '../../native/standin/corpus/index';
import { mediaFiles, paths } from './support';

/**
 * In-process: one call in flight per handle, parallel calls across handles, DestroySdk only once idle.
 * Every network call of the stand-in sleeps LATENCY_MS here, so overlap shows in the elapsed time.
 */

const LATENCY_MS = 150;
const corp = TEST_CORPS.main;
let sdk: FinanceSdk;

beforeAll(() => {
  process.env.WEWORK_STANDIN_DATA = paths.corpusDir;
  process.env.WEWORK_STANDIN_FAULTS = `latency_ms=${LATENCY_MS}`;
  sdk = loadFinanceSdk(paths.library);
});

afterAll(() => {
  expect(sdk.openSlices).toBe(0);
  expect(sdk.openMediaData).toBe(0);
});

const chat = { seq: 0n, limit: 5, proxy: '', passwd: '', timeout: 5 };

describe('SdkHandle', () => {
  it('runs concurrent calls on one handle one after another', async () => {
    const handle = new SdkHandle(sdk, corp.corpid, corp.secret);
    const started = performance.now();
    const pages = await Promise.all([1, 2, 3, 4].map(() => handle.getChatData(chat)));
    const elapsed = performance.now() - started;
    // Same cursor, same page (the RSA-encrypted random keys differ: PKCS#1 v1.5 padding is random).
    const msgids = pages.map((page) => [...page.matchAll(/"msgid":"([^"]+)"/g)].map((m) => m[1]).join());
    expect(new Set(msgids).size).toBe(1);
    expect(msgids[0]).not.toBe('');
    expect(elapsed).toBeGreaterThanOrEqual(4 * LATENCY_MS - 10);
    await handle.destroy();
  });

  it('destroys only after queued calls finished, and refuses calls afterwards', async () => {
    const handle = new SdkHandle(sdk, corp.corpid, corp.secret);
    const destroysBefore = sdk.calls.DestroySdk;
    const pending = [handle.getChatData(chat), handle.getChatData(chat)];
    const destroyed = handle.destroy();
    expect(handle.pending).toBe(2);
    await Promise.all(pending);
    await destroyed;
    expect(sdk.calls.DestroySdk).toBe(destroysBefore + 1);
    expect(handle.destroyed).toBe(true);
    await expect(handle.getChatData(chat)).rejects.toThrow('destroyed');
  });
});

describe('HandlePool', () => {
  it('spreads media chunks over its media handles while the chat handle pulls', async () => {
    const pool = new HandlePool(sdk, { corpid: corp.corpid, secret: corp.secret, mediaHandles: 3 });
    const [file] = await mediaFiles(corp.corpid);
    if (!file) throw new Error('no media');
    const request = { sdkfileid: file.sdkfileid, indexbuf: '', proxy: '', passwd: '', timeout: 5 };
    const started = performance.now();
    const results = await Promise.all([
      pool.getChatData(chat),
      pool.getMediaChunk(request),
      pool.getMediaChunk(request),
      pool.getMediaChunk(request),
    ]);
    const elapsed = performance.now() - started;
    expect(results).toHaveLength(4);
    // Four handles in parallel: well under the 4 × latency a single handle would need.
    expect(elapsed).toBeLessThan(3 * LATENCY_MS);
    expect(pool.media.map((handle) => handle.pending)).toEqual([0, 0, 0]);
    await pool.destroy();
    expect(pool.chat.destroyed && pool.media.every((handle) => handle.destroyed)).toBe(true);
  });
});
