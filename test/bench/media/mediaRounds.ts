import { createHash } from 'node:crypto';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CorpRecord } from '../../../main/services/config/corpStore';
import type { MediaRequestDto } from '../../../main/contract';
import { MediaService } from '../../../main/services/media/mediaService';
import type { HostMediaSource } from '../../../main/services/sdkHost/sdkHostPool';

/** The two ways bench:media downloads the same items: the bare chunk loop and the app's media queue. */

/** Every item through the bare GetMediaData chunk loop, `concurrency` at a time, chunks dropped; bytes read. */
export async function rawChunkLoop(
  source: HostMediaSource,
  items: readonly MediaRequestDto[],
  concurrency: number,
): Promise<number> {
  const queue = [...items];
  let bytes = 0;
  const worker = async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      let indexbuf = '';
      for (;;) {
        const chunk = await source.getMediaChunk(item.sdkfileid, indexbuf);
        bytes += chunk.data.byteLength;
        if (chunk.isFinish) break;
        indexbuf = chunk.outIndexBuf;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return bytes;
}

/**
 * The least a downloader that keeps files must add to the raw loop, as a peer to the queue: every
 * chunk hashed (md5 to verify against the message, sha256 to address the content, as the app does)
 * and written to a file of its own in a fresh folder, the file closed and checked at the end. No
 * journal, no resume records, no retries: a script's downloader. Bytes stored.
 */
export async function storeChunkLoop(
  source: HostMediaSource,
  items: readonly MediaRequestDto[],
  concurrency: number,
): Promise<number> {
  const dir = await mkdtemp(path.join(tmpdir(), 'media-bench-store-'));
  const queue = [...items];
  let bytes = 0;
  let next = 0;
  const worker = async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      const md5 = createHash('md5');
      const sha256 = createHash('sha256');
      const file = await open(path.join(dir, String((next += 1))), 'w');
      try {
        let indexbuf = '';
        for (;;) {
          const chunk = await source.getMediaChunk(item.sdkfileid, indexbuf);
          md5.update(chunk.data);
          sha256.update(chunk.data);
          await file.write(chunk.data);
          bytes += chunk.data.byteLength;
          if (chunk.isFinish) break;
          indexbuf = chunk.outIndexBuf;
        }
      } finally {
        await file.close();
      }
      sha256.digest();
      if (item.md5sum !== '' && md5.digest('hex') !== item.md5sum.toLowerCase())
        throw new Error(`the store loop read a different file for ${item.sdkfileid}`);
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return bytes;
}

/**
 * Every item through the media queue into a fresh data folder (download-all); seconds from enqueue to
 * idle. Every item must end verified. `concurrency` undefined: the app's own default.
 */
export async function queueRound(
  source: HostMediaSource,
  corp: CorpRecord,
  items: readonly MediaRequestDto[],
  concurrency?: number,
): Promise<number> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'media-bench-'));
  const service = new MediaService({
    dataDir,
    sourceFor: async () => source,
    emit: () => undefined,
    log: () => undefined,
    urlPrefix: '/media/',
    ...(concurrency === undefined ? {} : { concurrency }),
  });
  try {
    const started = performance.now();
    await service.enqueue(corp.id, items, 'background');
    await service.queue(corp.id).whenIdle();
    const seconds = (performance.now() - started) / 1000;
    const states = await service.states(
      corp.id,
      items.map((item) => item.sdkfileid),
    );
    const notVerified = states.filter((state) => state.verification !== 'verified').length;
    if (notVerified > 0) throw new Error(`${notVerified} downloads were not verified`);
    return seconds;
  } finally {
    await service.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The media queue's SDK request limit when MediaService is given none: the app's choice. */
export async function appMediaConcurrency(): Promise<number> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'media-bench-'));
  const service = new MediaService({
    dataDir,
    sourceFor: () => Promise.reject(new Error('not used')),
    emit: () => undefined,
    log: () => undefined,
    urlPrefix: '/media/',
  });
  try {
    // Read from the queue MediaService builds (the option is private to it), so the bench follows the app.
    const queue = service.queue('probe') as unknown as { options: { concurrency: number } };
    return queue.options.concurrency;
  } finally {
    await service.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

export const round2 = (value: number): number => Math.round(value * 100) / 100;
