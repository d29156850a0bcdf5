import { writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ArchiveEvent, MediaQueueStatusDto } from '../../main/contract';
import {
  CHUNK,
  distinctFixtures,
  mainCorpRecord,
  fixtureRequests,
  mediaRig,
  type MediaRig,
} from './mediaFixtures';
import { md5, mediaFiles, paths, type MediaFile } from './support';

/**
 * Media downloads on a full disk (issue 14): the SDK host's writer is given a disk that fills up
 * mid-download (its test seam WEWORK_STANDIN_DISK_ROOM, native/host/mediaFileWriter.ts). The queue
 * stops by itself with the reason and the room still needed, marks nothing failed, keeps the part
 * files and chunk journals; after room is made, Resume or Download all finishes every file
 * byte-identical to the corpus, each large one continued from its last chunk.
 */

const corpRecord = mainCorpRecord('corp-disk-full-test', 'disk full test');

interface Harness extends MediaRig {
  /** The stand-in's disk room file (WEWORK_STANDIN_DISK_ROOM): what the host's writer may still write. */
  diskFile: string;
}

const harnesses: Harness[] = [];

async function harness(): Promise<Harness> {
  const dataDir = await mkdtemp(path.join(paths.scratchDir, 'disk-full-'));
  const diskFile = path.join(dataDir, 'disk-space');
  writeFileSync(diskFile, '');
  const rig = mediaRig({
    record: corpRecord,
    dataDir,
    env: { WEWORK_STANDIN_DISK_ROOM: `@${diskFile}` },
    concurrency: 1,
  });
  const h = Object.assign(rig, { diskFile });
  harnesses.push(h);
  return h;
}

/** Download all, as the media panel's button sends it; the corp's queue once it is idle. */
async function downloadAll(h: Harness, files: MediaFile[]) {
  await h.service.enqueue(corpRecord.id, fixtureRequests(files), 'background');
  const queue = h.service.queue(corpRecord.id);
  await queue.whenIdle();
  return queue;
}

/** The disk takes `bytes` more (as of now), answering `code` once they are used. */
function setDiskRoom(h: Harness, bytes: number | null, code: 'ENOSPC' | 'EDQUOT' = 'ENOSPC'): void {
  writeFileSync(h.diskFile, bytes === null ? '' : `${bytes} ${code}\n`);
}

async function sizeOf(file: string): Promise<number | null> {
  try {
    return (await stat(file)).size;
  } catch {
    return null;
  }
}

/** Fills the disk mid-download; answers the status it stopped with, after checking nothing failed. */
async function fillUp(
  h: Harness,
  files: MediaFile[],
  code: 'ENOSPC' | 'EDQUOT',
): Promise<MediaQueueStatusDto> {
  // One chunk and a half: the first chunk lands, the next is cut short by the full disk.
  setDiskRoom(h, CHUNK + CHUNK / 2, code);
  const queue = await downloadAll(h, files);
  const status = queue.status();
  expect(status).toMatchObject({ paused: true, active: 0, failed: 0, stopped: { cause: 'disk-full', code } });
  const total = files.reduce((sum, file) => sum + file.size, 0);
  expect(status.done).toBeLessThan(files.length);
  expect(status.stopped?.neededBytes).toBeGreaterThan(0);
  expect(status.stopped?.neededBytes).toBeLessThan(total);
  expect(status.stopped?.folder).toBe(h.service.paths.root);
  // The renderer was told: a media-queue event carries the stop.
  const told = h.events.filter(
    (event): event is Extract<ArchiveEvent, { type: 'media-queue' }> =>
      event.type === 'media-queue' && event.status.stopped?.code === code,
  );
  expect(told.length).toBeGreaterThan(0);
  // Nothing was marked failed, in events or on disk.
  for (const event of h.events) {
    if (event.type === 'media-state')
      for (const state of event.states) expect(state.state).not.toBe('failed');
  }
  const states = await h.service.states(
    corpRecord.id,
    files.map((file) => file.sdkfileid),
  );
  expect(states.filter((state) => state.state === 'failed')).toEqual([]);
  return status;
}

/** Each file of several chunks that got a chunk before the disk filled keeps its part file and journal. */
async function partialDownloads(h: Harness, files: MediaFile[]): Promise<Map<string, number>> {
  const partial = new Map<string, number>();
  for (const file of files.filter((f) => f.size > CHUNK)) {
    const journal = await readFile(h.service.paths.journalFile(corpRecord.id, file.sdkfileid), 'utf8').catch(
      () => null,
    );
    if (journal === null) continue;
    const bytes = (JSON.parse(journal) as { bytes: number }).bytes;
    if (bytes === 0) continue;
    expect(bytes % CHUNK).toBe(0);
    expect(await sizeOf(h.service.paths.partFile(corpRecord.id, file.sdkfileid))).toBeGreaterThanOrEqual(
      bytes,
    );
    partial.set(file.sdkfileid, bytes);
  }
  return partial;
}

async function expectEveryFileExact(h: Harness, files: MediaFile[]): Promise<void> {
  const states = await h.service.states(
    corpRecord.id,
    files.map((file) => file.sdkfileid),
  );
  for (const file of files) {
    // No chunk failure was counted for the full disk: attempts stay 0.
    expect(
      states.find((state) => state.sdkfileid === file.sdkfileid),
      file.sdkfileid,
    ).toMatchObject({ state: 'done', verification: 'verified', bytes: file.size, attempts: 0 });
    const bytes = await h.service.readStored(corpRecord.id, file.sdkfileid);
    expect(bytes.byteLength, file.sdkfileid).toBe(file.size);
    expect(md5(bytes), file.sdkfileid).toBe(file.md5);
    expect(bytes.equals(await readFile(file.path)), file.sdkfileid).toBe(true);
  }
}

/** The first request for each partial file after `from` continued at its journalled chunk. */
function expectContinued(h: Harness, partial: Map<string, number>, from: number): void {
  for (const [sdkfileid, bytes] of partial) {
    const first = h.requests.slice(from).find((request) => request.sdkfileid === sdkfileid);
    expect(first, sdkfileid).toMatchObject({ offset: bytes });
    expect(first?.indexbuf, sdkfileid).not.toBe('');
  }
}

describe('media downloads on a full disk', () => {
  let files: MediaFile[];

  beforeAll(async () => {
    files = distinctFixtures(await mediaFiles(corpRecord.corpid), 'md5');
    expect(files.filter((file) => file.size > 2 * CHUNK).length).toBeGreaterThan(0);
  });

  afterEach(async () => {
    for (const h of harnesses.splice(0)) {
      await h.close();
      await rm(h.dataDir, { recursive: true, force: true });
    }
  });

  it('stops on ENOSPC with the room needed, then Resume finishes every file exactly from its last chunk', async () => {
    const h = await harness();
    await fillUp(h, files, 'ENOSPC');
    const partial = await partialDownloads(h, files);
    expect(partial.size).toBeGreaterThan(0);

    // Still full: Resume stops again at once, still failing nothing.
    const queue = h.service.queue(corpRecord.id);
    setDiskRoom(h, 0);
    h.service.control(corpRecord.id, 'resume');
    await queue.whenIdle();
    expect(queue.status()).toMatchObject({ paused: true, failed: 0, stopped: { code: 'ENOSPC' } });
    expect(await partialDownloads(h, files)).toEqual(partial);

    // Room made: Resume clears the stop and every download goes on.
    setDiskRoom(h, null);
    const from = h.requests.length;
    expect(h.service.control(corpRecord.id, 'resume').stopped).toBeUndefined();
    await queue.whenIdle();
    expect(queue.status()).toMatchObject({ paused: false, failed: 0, queued: 0 });
    expect(queue.status().stopped).toBeUndefined();
    expectContinued(h, partial, from);
    await expectEveryFileExact(h, files);
  });

  it('stops on EDQUOT and Download all goes on after room is made', async () => {
    const h = await harness();
    await fillUp(h, files, 'EDQUOT');
    const partial = await partialDownloads(h, files);
    expect(partial.size).toBeGreaterThan(0);

    setDiskRoom(h, null);
    const from = h.requests.length;
    // Download all again (what the panel's button sends) ends the stop as Resume does.
    const queue = await downloadAll(h, files);
    expect(queue.status()).toMatchObject({ paused: false, failed: 0, queued: 0 });
    expect(queue.status().stopped).toBeUndefined();
    expectContinued(h, partial, from);
    await expectEveryFileExact(h, files);
  });
});
