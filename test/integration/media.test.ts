import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_CORPS } from '../../native/standin/corpus/index';
import { HostRequestError } from '../../main/services/sdkHost/hostErrors';
import type { SdkHostClient } from '../../main/services/sdkHost/sdkHostClient';
import { downloadMedia, loadAndInit, md5, mediaFiles, paths, startHost, type MediaFile } from './support';

/** Chunked GetMediaData through the host (docs/wecom-sdk.md §5): exact bytes, md5, the Range index format. */

const CHUNK = 512 * 1024;

describe('media downloads', () => {
  const corp = TEST_CORPS.main;
  let client: SdkHostClient;
  let files: MediaFile[];

  beforeAll(async () => {
    ({ client } = startHost());
    await client.load({ libraryPath: paths.library });
    await client.init({ corpid: corp.corpid, secret: corp.secret, mediaHandles: 3 });
    files = await mediaFiles(corp.corpid);
  });

  afterAll(async () => {
    await client.close();
  });

  it('downloads every media file, of every kind, byte-exact and md5-exact, four at a time', async () => {
    const kinds = new Set(files.map((file) => path.extname(file.path)));
    expect(kinds.size).toBeGreaterThanOrEqual(3);
    expect(files.some((file) => file.size > CHUNK)).toBe(true);
    expect(files.some((file) => file.size > 2 * CHUNK)).toBe(true);

    const queue = [...files];
    const worker = async (): Promise<void> => {
      for (let file = queue.shift(); file; file = queue.shift()) {
        const { data, chunks } = await downloadMedia(client, file.sdkfileid);
        expect(data.length, file.sdkfileid).toBe(file.size);
        expect(md5(data), file.sdkfileid).toBe(file.md5);
        expect(data.equals(readFileSync(file.path)), file.sdkfileid).toBe(true);
        expect(chunks).toHaveLength(Math.max(1, Math.ceil(file.size / CHUNK)));
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
  });

  it('chains Range:bytes=a-b indexes: 512 KB chunks, the last range ending at size − 1', async () => {
    const big = files.filter((file) => file.size > 2 * CHUNK).sort((a, b) => b.size - a.size)[0];
    if (!big) throw new Error('no media file above 1 MB');
    const { chunks } = await downloadMedia(client, big.sdkfileid);
    let offset = 0;
    for (const [index, chunk] of chunks.entries()) {
      expect(chunk.indexbuf).toBe(
        index === 0 ? '' : `Range:bytes=${offset}-${Math.min(offset + CHUNK, big.size) - 1}`,
      );
      offset += chunk.length;
      if (index < chunks.length - 1) {
        expect(chunk.length).toBe(CHUNK);
        expect(chunk.isFinish).toBe(false);
        expect(chunk.outIndexBuf).toMatch(/^Range:bytes=\d+-\d+$/);
        expect(chunk.outIndexBuf).toBe(`Range:bytes=${offset}-${Math.min(offset + CHUNK, big.size) - 1}`);
      } else {
        expect(chunk.isFinish).toBe(true);
        expect(chunk.outIndexBuf).toBe('');
      }
    }
    expect(offset).toBe(big.size);
  });

  it('retries one chunk by re-sending its indexbuf', async () => {
    const big = files.find((file) => file.size > 2 * CHUNK);
    if (!big) throw new Error('no media file above 1 MB');
    const first = await client.getMediaChunk({
      sdkfileid: big.sdkfileid,
      indexbuf: '',
      proxy: '',
      passwd: '',
      timeout: 5,
    });
    const again = await client.getMediaChunk({
      sdkfileid: big.sdkfileid,
      indexbuf: first.outIndexBuf,
      proxy: '',
      passwd: '',
      timeout: 5,
    });
    const retried = await client.getMediaChunk({
      sdkfileid: big.sdkfileid,
      indexbuf: first.outIndexBuf,
      proxy: '',
      passwd: '',
      timeout: 5,
    });
    expect(Buffer.from(retried.data).equals(Buffer.from(again.data))).toBe(true);
    expect(retried.outIndexBuf).toBe(again.outIndexBuf);
  });

  it('answers 10005 for an unknown sdkfileid and 10000 for a malformed indexbuf', async () => {
    const unknown = await client
      .getMediaChunk({ sdkfileid: 'no-such-file', indexbuf: '', proxy: '', passwd: '', timeout: 5 })
      .catch((caught: unknown) => caught);
    expect(unknown).toBeInstanceOf(HostRequestError);
    expect(unknown).toMatchObject({ code: 'sdk-error', sdkCode: 10005 });
    const [file] = files;
    const malformed = await client
      .getMediaChunk({
        sdkfileid: file?.sdkfileid ?? '',
        indexbuf: 'bytes=0-9',
        proxy: '',
        passwd: '',
        timeout: 5,
      })
      .catch((caught: unknown) => caught);
    expect(malformed).toMatchObject({ code: 'sdk-error', sdkCode: 10000 });
  });

  it('leaves no MediaData allocated', async () => {
    expect(await client.stats()).toMatchObject({ openSlices: 0, openMediaData: 0, handles: 4 });
  });
});

describe('media of a corp the loadAndInit helper set up', () => {
  it('works with the default two media handles', async () => {
    const { client } = startHost();
    try {
      await loadAndInit(client, TEST_CORPS.main);
      const [file] = await mediaFiles(TEST_CORPS.main.corpid);
      if (!file) throw new Error('no media');
      expect(md5((await downloadMedia(client, file.sdkfileid)).data)).toBe(file.md5);
      expect((await client.stats()).handles).toBe(3);
    } finally {
      await client.close();
    }
  });
});
