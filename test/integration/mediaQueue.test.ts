import { existsSync } from 'node:fs';
import {
  lstat,
  mkdir,
  mkdtemp,
  open,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  unlink,
  utimes,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { MediaRequestDto, MediaStateDto } from '../../main/contract';
import { isContained } from '../../main/services/media/mediaPaths';
import { MEDIA_CONCURRENCY, type DownloadPolicy } from '../../main/services/media/mediaDownloader';
import { MediaRecords } from '../../main/services/media/mediaRecords';
import { tokenFromMediaPath } from '../../main/services/media/mediaRoute';
import {
  CHUNK,
  mainCorpRecord,
  distinctFixtures,
  fixtureKindOf,
  fixtureRequest,
  fixtureRequests,
  mediaRig,
  type MediaRig,
} from './mediaFixtures';
import { FaultControl, md5, mediaFiles, paths, type MediaFile } from './support';

/**
 * The media queue (issue 5) against the stand-in through the real SDK host and the pool's adapter,
 * with fault injection (native/standin/FAULTS.md): every file ends byte-identical to the corpus file,
 * or flagged exactly as it should be.
 */

const corpRecord = mainCorpRecord('corp-media-test', 'media test');

const faults = new FaultControl('media-queue');
type Harness = MediaRig;
const harnesses: Harness[] = [];

async function harness(
  options: {
    dataDir?: string;
    crashes?: number[];
    policy?: Partial<DownloadPolicy>;
    /** The app's own queue concurrency and media handles instead of the tests' 3 and 3. */
    appDefaults?: boolean;
  } = {},
): Promise<Harness> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(paths.scratchDir, 'media-')));
  const crashes = options.crashes ?? [];
  const h = mediaRig({
    record: corpRecord,
    dataDir,
    env: faults.env,
    ...(options.appDefaults ? {} : { concurrency: 3 }),
    onCrash: (_corpId, crash) => crashes.push(crash.exitCode ?? -1),
    ...(options.policy ? { policy: options.policy } : {}),
  });
  harnesses.push(h);
  return h;
}

/** The indexbuf of every chunk request, in order ('' starts a file). */
const indexbufs = (h: Harness): string[] => h.requests.map((request) => request.indexbuf);

async function downloadAll(h: Harness, items: MediaRequestDto[]): Promise<Map<string, MediaStateDto>> {
  await h.service.enqueue(corpRecord.id, items, 'background');
  await h.service.queue(corpRecord.id).whenIdle();
  const states = await h.service.states(
    corpRecord.id,
    items.map((item) => item.sdkfileid),
  );
  return new Map(states.map((state) => [state.sdkfileid, state]));
}

async function storedBytes(h: Harness, sdkfileid: string): Promise<Buffer> {
  const stored = await h.service.storedFile(corpRecord.id, sdkfileid);
  expect(isContained(h.service.paths.root, stored.file)).toBe(true);
  return h.service.readStored(corpRecord.id, sdkfileid);
}

/** One request per distinct corpus file (the biggest first), so fault tests cover every kind quickly. */
const distinctFiles = (files: MediaFile[]): MediaFile[] => distinctFixtures(files, 'path');

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

describe('media queue against the stand-in', () => {
  let files: MediaFile[];

  beforeAll(async () => {
    files = await mediaFiles(corpRecord.corpid);
    expect(files.some((file) => file.size > 2 * CHUNK)).toBe(true);
  });

  afterEach(async () => {
    faults.clear();
    for (const h of harnesses.splice(0)) {
      await h.close();
      await rm(h.dataDir, { recursive: true, force: true });
    }
  });

  afterAll(() => faults.clear());

  it('downloads every media item of the corp byte-identical and verified, deduplicated by content', async () => {
    const h = await harness();
    const states = await downloadAll(h, fixtureRequests(files));
    for (const file of files) {
      // Without faults, no file needs a second whole download (a known copy is compared, not refetched).
      expect(states.get(file.sdkfileid), file.sdkfileid).toMatchObject({
        state: 'done',
        verification: 'verified',
        bytes: file.size,
        attempts: 0,
      });
      expect((await storedBytes(h, file.sdkfileid)).equals(await readFile(file.path))).toBe(true);
    }
    // Copies that were compared, not stored, still know their type (from the stored file).
    const mimeOf = new Map<string, string>();
    for (const file of files) {
      const mime = states.get(file.sdkfileid)?.mime ?? '';
      if (fixtureKindOf(file.path) === 'image') expect(mime, file.path).toMatch(/^image\//);
      if (path.extname(file.path) === '.mp4') expect(mime, file.path).toBe('video/mp4');
      expect(mimeOf.get(file.md5) ?? mime, file.path).toBe(mime);
      mimeOf.set(file.md5, mime);
    }
    // Stored once per distinct content: files of one chunk in the pack, bigger ones as objects, and
    // not a byte more on disk than the distinct files hold.
    const locations = new Map<string, number>();
    for (const file of files) {
      const stored = await h.service.storedFile(corpRecord.id, file.sdkfileid);
      locations.set(`${stored.file}@${stored.offset}`, stored.size);
    }
    const distinct = new Map(files.map((file) => [file.md5, file.size]));
    expect(locations.size).toBe(distinct.size);
    expect(locations.size).toBeLessThan(files.length);
    const corpDir = h.service.paths.corpDir(corpRecord.id);
    const onDisk = [
      ...(await listFiles(path.join(corpDir, 'objects'))),
      ...(await listFiles(path.join(corpDir, 'packs'))),
    ];
    let storedBytesTotal = 0;
    for (const file of onDisk) storedBytesTotal += (await stat(file)).size;
    expect(storedBytesTotal).toBe([...distinct.values()].reduce((sum, size) => sum + size, 0));
    const objects = await listFiles(path.join(corpDir, 'objects'));
    expect(objects.length).toBe(
      new Set(files.filter((file) => file.size > CHUNK).map((file) => file.md5)).size,
    );
    // Nothing half-done is left behind, and the renderer heard about every item.
    expect(await listFiles(path.join(h.service.paths.corpDir(corpRecord.id), 'partial'))).toEqual([]);
    const reported = new Set(
      h.events.flatMap((event) =>
        event.type === 'media-state'
          ? event.states.filter((s) => s.state === 'done').map((s) => s.sdkfileid)
          : [],
      ),
    );
    expect(reported.size).toBe(new Set(files.map((file) => file.sdkfileid)).size);
  });

  it('does not take a damaged stored copy for a duplicate: it compares, then downloads for real', async () => {
    const byContent = new Map<string, MediaFile[]>();
    for (const file of files) byContent.set(file.md5, [...(byContent.get(file.md5) ?? []), file]);
    const groups = [...byContent.values()].filter((group) => group.length >= 2);
    const small = groups.find((group) => (group[0]?.size ?? 0) <= CHUNK);
    const big = groups.find((group) => (group[0]?.size ?? 0) > 2 * CHUNK);
    if (!small || !big) throw new Error('need duplicated files of one chunk and of several');
    const h = await harness();
    for (const [first, second] of [small, big]) {
      if (!first || !second) throw new Error('need two copies');
      await downloadAll(h, [fixtureRequest(first)]);
      // One byte of the stored copy flipped (a failing disk, a file edited by hand), past the first chunk.
      const stored = await h.service.storedFile(corpRecord.id, first.sdkfileid);
      const at = stored.offset + Math.min(stored.size - 1, CHUNK + 10);
      const handle = await open(stored.file, 'r+');
      const byte = Buffer.alloc(1);
      await handle.read(byte, 0, 1, at);
      byte[0] = (byte[0] ?? 0) ^ 0x5a;
      await handle.write(byte, 0, 1, at);
      await handle.close();

      const states = await downloadAll(h, [fixtureRequest(second)]);
      expect(states.get(second.sdkfileid), second.path).toMatchObject({
        state: 'done',
        verification: 'verified',
        attempts: 0,
      });
      expect((await storedBytes(h, second.sdkfileid)).equals(await readFile(second.path))).toBe(true);
    }
    // The big file's object was replaced by the good bytes, which mends its first copy too.
    const [bigFirst] = big;
    if (!bigFirst) throw new Error('no big file');
    expect((await storedBytes(h, bigFirst.sdkfileid)).equals(await readFile(bigFirst.path))).toBe(true);
  });

  it('starts the files of several chunks first in a download-all, demand items before both', async () => {
    const distinct = distinctFiles(files);
    const big = distinct.filter((file) => file.size > CHUNK);
    const small = distinct.filter((file) => file.size <= CHUNK);
    if (big.length === 0 || small.length < 4) throw new Error('need big and small files');
    const h = await harness();
    h.service.control(corpRecord.id, 'pause');
    await h.service.enqueue(corpRecord.id, fixtureRequests([...small, ...big]), 'background');
    const [clicked] = small.slice(-1);
    if (!clicked) throw new Error('no small file');
    await h.service.enqueue(corpRecord.id, [fixtureRequest(clicked)], 'demand');
    h.service.control(corpRecord.id, 'resume');
    await h.service.queue(corpRecord.id).whenIdle();
    // Up to twice the concurrency (3) of items run at once, so their first requests may interleave;
    // but the big files start within the first batch, not after the small ones as they were listed.
    const firsts = [...new Set(h.requests.map((request) => request.sdkfileid))];
    expect(firsts.indexOf(clicked.sdkfileid)).toBeLessThan(3);
    for (const file of big) expect(firsts.indexOf(file.sdkfileid), file.path).toBeLessThan(6);
    expect(small.length).toBeGreaterThan(6);
  });

  it('verifies every stored file against its SHA-256, and downloads damaged or missing ones again', async () => {
    const h = await harness();
    const chosen = distinctFiles(files);
    await downloadAll(h, fixtureRequests(files));
    const clean = await h.service.verifyStored(corpRecord.id);
    expect(clean).toMatchObject({
      files: chosen.length,
      items: files.length,
      damaged: 0,
      missing: 0,
      affected: [],
    });
    expect(clean.bytes).toBe(chosen.reduce((sum, file) => sum + file.size, 0));

    // One byte of a packed file flipped; a big file's object deleted.
    const small = chosen.find((file) => file.size <= CHUNK);
    const big = chosen.find((file) => file.size > CHUNK);
    if (!small || !big) throw new Error('need both kinds');
    const packed = await h.service.storedFile(corpRecord.id, small.sdkfileid);
    const handle = await open(packed.file, 'r+');
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, packed.offset + 3);
    byte[0] = (byte[0] ?? 0) ^ 0xff;
    await handle.write(byte, 0, 1, packed.offset + 3);
    await handle.close();
    await rm((await h.service.storedFile(corpRecord.id, big.sdkfileid)).file);

    const report = await h.service.verifyStored(corpRecord.id);
    const copies = (file: MediaFile) => files.filter((other) => other.md5 === file.md5).length;
    expect(report).toMatchObject({ damaged: copies(small), missing: copies(big) });
    expect(new Set(report.affected)).toEqual(
      new Set(files.filter((file) => file.md5 === small.md5 || file.md5 === big.md5).map((f) => f.sdkfileid)),
    );
    const [marked] = await h.service.states(corpRecord.id, [small.sdkfileid]);
    expect(marked).toMatchObject({ state: 'failed', failure: { permanent: false } });
    expect(marked?.failure?.message).toMatch(/SHA-256/);

    // Download-all again: every item byte-identical, and the store verifies clean.
    const states = await downloadAll(h, fixtureRequests(files));
    for (const file of files) {
      expect(states.get(file.sdkfileid), file.path).toMatchObject({
        state: 'done',
        verification: 'verified',
      });
      expect((await storedBytes(h, file.sdkfileid)).equals(await readFile(file.path))).toBe(true);
    }
    expect(await h.service.verifyStored(corpRecord.id)).toMatchObject({ damaged: 0, missing: 0 });
  });

  it('retries failed chunks with the same indexbuf and still ends byte-identical', async () => {
    faults.set({ media_fail_p: 0.35, media_fail_codes: '10001,10006,10003', seed: 7 });
    // With 6 attempts a chunk fails for good with p = 0.35^6 ≈ 0.2%; over the hundreds of chunks of
    // the distinct files that happened now and then (hosts interleave, so the seed does not fix the
    // order). 20 attempts make it ≈ 8e-10 per chunk: this test is about retrying, not giving up.
    const h = await harness({ policy: { chunkAttempts: 20 } });
    const chosen = distinctFiles(files);
    const states = await downloadAll(h, fixtureRequests(chosen));
    let retried = 0;
    for (const file of chosen) {
      const state = states.get(file.sdkfileid);
      expect(state, file.path).toMatchObject({ state: 'done', verification: 'verified' });
      retried += state?.attempts ?? 0;
      expect((await storedBytes(h, file.sdkfileid)).equals(await readFile(file.path))).toBe(true);
    }
    expect(retried).toBeGreaterThan(0);
    // A retry repeats the failed chunk's indexbuf: consecutive duplicates appear in the request log.
    const sent = indexbufs(h);
    const repeats = sent.filter((buf, i) => buf !== '' && sent.indexOf(buf) !== i);
    expect(repeats.length).toBeGreaterThan(0);
  });

  it('re-downloads on md5 mismatch, then keeps the file flagged when it never matches', async () => {
    const [always, sometimes, other] = distinctFiles(files);
    if (!always || !sometimes || !other) throw new Error('need three files');
    faults.set({ md5_mismatch_ids: always.sdkfileid, md5_mismatch_p: 0.5, seed: 3 });
    const h = await harness();
    const chosen = distinctFiles(files);
    const states = await downloadAll(h, fixtureRequests(chosen));
    const flagged = states.get(always.sdkfileid);
    expect(flagged).toMatchObject({ state: 'done', verification: 'md5-mismatch', bytes: always.size });
    expect(flagged?.attempts).toBeGreaterThanOrEqual(2);
    // Kept as served: exactly the stand-in's corruption (byte size/2 XOR 0x5A), nothing else.
    const kept = await storedBytes(h, always.sdkfileid);
    const original = await readFile(always.path);
    const differing = [...kept.keys()].filter((i) => kept[i] !== original[i]);
    expect(differing).toEqual([Math.floor(always.size / 2)]);
    expect(md5(kept)).not.toBe(always.md5);

    let wholeRetries = 0;
    for (const file of chosen) {
      const state = states.get(file.sdkfileid);
      if (state?.verification === 'verified') {
        expect((await storedBytes(h, file.sdkfileid)).equals(await readFile(file.path))).toBe(true);
        wholeRetries += state.attempts;
      } else {
        expect(state?.verification).toBe('md5-mismatch');
        expect(md5(await storedBytes(h, file.sdkfileid))).not.toBe(file.md5);
      }
    }
    expect(wholeRetries).toBeGreaterThan(0);
  });

  it('accepts an empty md5 as unverified, and flags a size that disagrees', async () => {
    const [first, second] = distinctFiles(files);
    if (!first || !second) throw new Error('need two files');
    const h = await harness();
    const states = await downloadAll(h, [
      fixtureRequest(first, { md5sum: '' }),
      fixtureRequest(second, { size: second.size + 1 }),
    ]);
    expect(states.get(first.sdkfileid)).toMatchObject({ state: 'done', verification: 'unverified' });
    expect((await storedBytes(h, first.sdkfileid)).equals(await readFile(first.path))).toBe(true);
    expect(states.get(second.sdkfileid)).toMatchObject({
      state: 'done',
      verification: 'size-mismatch',
      attempts: 2,
    });
    expect((await storedBytes(h, second.sdkfileid)).equals(await readFile(second.path))).toBe(true);
  });

  it('marks 10005 permanent with an explanation and does not retry it', async () => {
    const [blocked, fine] = distinctFiles(files);
    if (!blocked || !fine) throw new Error('need two files');
    faults.set({ fail_sdkfileids: blocked.sdkfileid });
    const h = await harness();
    const states = await downloadAll(h, [fixtureRequest(blocked), fixtureRequest(fine)]);
    expect(states.get(blocked.sdkfileid)).toMatchObject({
      state: 'failed',
      failure: { sdkCode: 10005, permanent: true },
    });
    expect(states.get(blocked.sdkfileid)?.failure?.message).toMatch(/10005/);
    expect(states.get(fine.sdkfileid)).toMatchObject({ state: 'done', verification: 'verified' });

    const requests = h.requests.length;
    const [again] = await h.service.enqueue(corpRecord.id, [fixtureRequest(blocked)], 'demand');
    expect(again).toMatchObject({ state: 'failed', failure: { permanent: true } });
    await h.service.queue(corpRecord.id).whenIdle();
    expect(h.requests.length).toBe(requests);
  });

  it('has as many chunk requests in flight as the app allows, none waiting in the host for a handle', async () => {
    // The app's defaults on both sides. Each GetMediaData sleeps `latencyMs` in the stand-in, and the host
    // runs one call at a time per media handle: with fewer handles than requests in flight (issue 16:
    // 2 against 3), a request waits behind another one's sleep and takes about twice as long.
    const latencyMs = 600;
    const items = distinctFixtures(files, 'md5')
      .filter((file) => file.size < CHUNK)
      .slice(0, MEDIA_CONCURRENCY + 1);
    // One chunk each, one more item than the queue runs requests for at once.
    expect(items).toHaveLength(MEDIA_CONCURRENCY + 1);
    const h = await harness({ appDefaults: true });
    await h.pool.pullSdkFor(corpRecord); // the host is started and initialised before the clock runs
    faults.set({ latency_ms: latencyMs });
    const states = await downloadAll(h, fixtureRequests(items));
    for (const item of items) {
      expect(states.get(item.sdkfileid), item.sdkfileid).toMatchObject({
        state: 'done',
        verification: 'verified',
      });
    }
    expect(h.calls).toHaveLength(items.length);
    const spans = h.calls.map(({ sentAt, answeredAt }) => ({ sentAt, answeredAt: answeredAt ?? Infinity }));
    const inFlightAt = (time: number): number =>
      spans.filter((span) => span.sentAt <= time && span.answeredAt > time).length;
    // The queue's concurrency: that many requests at once, the last item's only when one is answered.
    expect(Math.max(...spans.map((span) => inFlightAt(span.sentAt)))).toBe(MEDIA_CONCURRENCY);
    for (const span of spans) {
      const took = span.answeredAt - span.sentAt;
      expect(took).toBeGreaterThanOrEqual(latencyMs * 0.9);
      // Waiting for a handle would add a whole `latencyMs`; the margin is for IPC and a busy machine.
      expect(took).toBeLessThan(latencyMs * 1.75);
    }
  });

  it('journals a download every journalEveryBytes (and when it stops), not after every chunk', async () => {
    const big = distinctFiles(files)[0];
    const chunks = big ? Math.ceil(big.size / CHUNK) : 0;
    if (!big || chunks < 5) throw new Error('need a file of at least five chunks');
    const journalWrites = vi.spyOn(MediaRecords.prototype, 'writeJournal');
    try {
      // The app's policy (every 8 chunks): a smaller file that downloads at once has no journal at all.
      const plain = await harness();
      const stored = await downloadAll(plain, [fixtureRequest(big)]);
      expect(stored.get(big.sdkfileid)).toMatchObject({ state: 'done', verification: 'verified' });
      expect(journalWrites).not.toHaveBeenCalled();

      const everyTwo = await harness({ policy: { journalEveryBytes: 2 * CHUNK } });
      const states = await downloadAll(everyTwo, [fixtureRequest(big)]);
      expect(states.get(big.sdkfileid)).toMatchObject({ state: 'done', verification: 'verified' });
      const expected = Array.from({ length: chunks - 1 }, (_, i) => (i + 1) * CHUNK).filter(
        (bytes) => (bytes / CHUNK) % 2 === 0,
      );
      expect(journalWrites.mock.calls.map(([, journal]) => journal.bytes)).toEqual(expected);
    } finally {
      journalWrites.mockRestore();
    }
  });

  it('resumes after a restart from the last complete chunk, byte-identical', async () => {
    const big = distinctFiles(files)[0];
    if (!big || big.size <= 2 * CHUNK) throw new Error('need a file of several chunks');
    // Slow chunks so the restart lands mid-file.
    faults.set({ latency_ms: 150 });
    const first = await harness();
    await first.service.enqueue(corpRecord.id, [fixtureRequest(big)], 'demand');
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        const progressed = first.events.some(
          (event) =>
            event.type === 'media-state' &&
            event.states.some((s) => s.sdkfileid === big.sdkfileid && s.bytes >= CHUNK),
        );
        if (progressed) {
          clearInterval(check);
          resolve();
        }
      }, 20);
    });
    await first.close();
    harnesses.splice(harnesses.indexOf(first), 1);

    const journal = JSON.parse(
      await readFile(first.service.paths.journalFile(corpRecord.id, big.sdkfileid), 'utf8'),
    ) as { bytes: number; indexbuf: string };
    expect(journal.bytes).toBeGreaterThanOrEqual(CHUNK);
    expect(journal.bytes).toBeLessThan(big.size);
    expect(journal.indexbuf).toMatch(/^Range:bytes=\d+-\d+$/);

    faults.clear();
    const second = await harness({ dataDir: first.dataDir });
    const [before] = await second.service.states(corpRecord.id, [big.sdkfileid]);
    expect(before).toMatchObject({ state: 'absent', bytes: journal.bytes });
    const states = await downloadAll(second, [fixtureRequest(big)]);
    expect(states.get(big.sdkfileid)).toMatchObject({ state: 'done', verification: 'verified' });
    expect(indexbufs(second)[0]).toBe(journal.indexbuf);
    expect(indexbufs(second)).not.toContain('');
    expect((await storedBytes(second, big.sdkfileid)).equals(await readFile(big.path))).toBe(true);
  });

  it('survives the SDK host crashing mid-download (SIGSEGV), byte-identical', async () => {
    const big = distinctFiles(files)[0];
    if (!big) throw new Error('no files');
    const marker = path.join(paths.scratchDir, `media-segv-${process.pid}`);
    await rm(marker, { force: true });
    faults.set({ segv_after: 3, segv_once_file: marker });
    const crashes: number[] = [];
    const h = await harness({ crashes });
    const states = await downloadAll(h, [fixtureRequest(big)]);
    expect(existsSync(marker)).toBe(true);
    expect(crashes.length).toBeGreaterThanOrEqual(1);
    expect(states.get(big.sdkfileid)).toMatchObject({ state: 'done', verification: 'verified' });
    expect((await storedBytes(h, big.sdkfileid)).equals(await readFile(big.path))).toBe(true);
  });

  it('pauses at a chunk boundary and resumes', async () => {
    const big = distinctFiles(files)[0];
    if (!big) throw new Error('no files');
    faults.set({ latency_ms: 100 });
    const h = await harness();
    await h.service.enqueue(corpRecord.id, [fixtureRequest(big)], 'background');
    const paused = h.service.control(corpRecord.id, 'pause');
    expect(paused.paused).toBe(true);
    await h.service.queue(corpRecord.id).whenIdle();
    const [midway] = await h.service.states(corpRecord.id, [big.sdkfileid]);
    expect(midway?.state).toBe('queued');
    expect(midway?.bytes ?? 0).toBeLessThan(big.size);
    faults.clear();
    h.service.control(corpRecord.id, 'resume');
    await h.service.queue(corpRecord.id).whenIdle();
    const [finished] = await h.service.states(corpRecord.id, [big.sdkfileid]);
    expect(finished).toMatchObject({ state: 'done', verification: 'verified' });
  });
});

describe('hostile sdkfileids and file names stay inside the media directory', () => {
  let files: MediaFile[];
  let outside: string;

  beforeAll(async () => {
    files = await mediaFiles(corpRecord.corpid);
    outside = await mkdtemp(path.join(tmpdir(), 'media-outside-'));
  });

  afterAll(async () => {
    for (const h of harnesses.splice(0)) {
      await h.close();
      await rm(h.dataDir, { recursive: true, force: true });
    }
    await rm(outside, { recursive: true, force: true });
  });

  /** The biggest distinct corpus file, downloaded by `h`. */
  async function downloadBiggest(h: Harness): Promise<MediaFile> {
    const [file] = distinctFiles(files);
    if (!file) throw new Error('no files');
    await downloadAll(h, [fixtureRequest(file)]);
    return file;
  }

  it('never writes or reads outside media/, whatever the sdkfileid or file name says', async () => {
    const h = await harness();
    const escape = path.relative(path.join(h.service.paths.root, 'x', 'items'), path.join(outside, 'pwned'));
    const hostileIds = [
      escape,
      `${escape}.json`,
      '../../../../../../../../tmp/pwned',
      '/etc/passwd',
      '..',
      'a/../../b',
      '%2e%2e%2fpwned',
      'C:\\Windows\\win.ini',
      '\u202e/..',
    ];
    const states = await downloadAll(
      h,
      hostileIds.map((sdkfileid) => ({ sdkfileid, msgid: 'hostile', kind: 'file', md5sum: '', size: 1 })),
    );
    for (const id of hostileIds) {
      expect(states.get(id), id).toMatchObject({
        state: 'failed',
        failure: { sdkCode: 10005, permanent: true },
      });
    }
    expect(await readdir(outside)).toEqual([]);
    for (const file of await listFiles(h.dataDir)) {
      expect(isContained(h.service.paths.root, file), file).toBe(true);
      expect(path.basename(file)).toMatch(/^(?:[0-9a-f]{64}(\.json|\.part)?|records\.log|\d{6}\.pack)$/);
    }

    // A real file, then hostile names for "save as" and "open with": sanitised, inside media/.
    const file = await downloadBiggest(h);
    for (const name of [
      '../../etc/passwd',
      '..',
      '',
      'a/b\\c.txt',
      '\u202efdp.exe',
      `${'很长'.repeat(200)}.docx`,
    ]) {
      const source = await h.service.source(corpRecord.id, file.sdkfileid, 'download', name);
      const token = tokenFromMediaPath(new URL(source.url, 'http://127.0.0.1').pathname);
      const resolved = token ? await h.service.resolveToken(token) : null;
      expect(resolved?.downloadName).toBeDefined();
      expect(resolved?.downloadName).not.toMatch(/[/\\\u202e]|^\.\.?$/);
      expect(Buffer.byteLength(resolved?.downloadName ?? '')).toBeLessThanOrEqual(200);
      await h.service.openExternally(corpRecord.id, file.sdkfileid, name);
    }
    for (const opened of h.opened) {
      expect(isContained(path.join(h.service.paths.corpDir(corpRecord.id), 'open'), opened), opened).toBe(
        true,
      );
      expect((await readFile(opened)).equals(await readFile(file.path))).toBe(true);
    }
    // A file of one chunk lives in a pack: "open with" hands over exactly its own bytes.
    const small = distinctFiles(files).find((candidate) => candidate.size <= CHUNK);
    if (!small) throw new Error('no single-chunk file');
    await downloadAll(h, [fixtureRequest(small)]);
    expect((await h.service.storedFile(corpRecord.id, small.sdkfileid)).packed).toBe(true);
    await h.service.openExternally(corpRecord.id, small.sdkfileid, '../x.bin');
    const copy = h.opened.at(-1) ?? '';
    expect(isContained(path.join(h.service.paths.corpDir(corpRecord.id), 'open'), copy)).toBe(true);
    expect((await readFile(copy)).equals(await readFile(small.path))).toBe(true);
    expect(await readdir(outside)).toEqual([]);
  });

  it('removes open-with copies after a day, and nothing else in that folder', async () => {
    const h = await harness();
    const file = await downloadBiggest(h);
    await h.service.openExternally(corpRecord.id, file.sdkfileid, 'a.bin');
    const openRoot = path.join(h.service.paths.corpDir(corpRecord.id), 'open');
    const [old] = await readdir(openRoot);
    if (!old) throw new Error('no open copy');
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    await utimes(path.join(openRoot, old), twoDaysAgo, twoDaysAgo);
    await mkdir(path.join(openRoot, 'not-ours'));
    await utimes(path.join(openRoot, 'not-ours'), twoDaysAgo, twoDaysAgo);

    await h.service.openExternally(corpRecord.id, file.sdkfileid, 'b.bin');
    const left = await readdir(openRoot);
    expect(left).not.toContain(old);
    expect(left).toContain('not-ours');
    expect(left).toHaveLength(2);
    expect(await readFile(h.opened.at(-1) ?? '')).toEqual(await readFile(file.path));
  });

  it('refuses forged tokens and files swapped for symlinks that leave the media directory', async () => {
    const h = await harness();
    const file = await downloadBiggest(h);
    for (const forged of [
      '../../etc/passwd',
      '',
      'x'.repeat(24),
      '..%2f..%2fetc%2fpasswd',
      'AAAAAAAAAAAAAAAAAAAAAAA/',
    ]) {
      expect(await h.service.resolveToken(forged), forged).toBeNull();
    }
    expect(tokenFromMediaPath('/media/../../etc/passwd')).toBeNull();
    expect(tokenFromMediaPath('/media/a/b')).toBeNull();

    const source = await h.service.source(corpRecord.id, file.sdkfileid, 'view');
    const token = tokenFromMediaPath(new URL(source.url, 'http://127.0.0.1').pathname) ?? '';
    expect(await h.service.resolveToken(token)).not.toBeNull();
    const stored = await h.service.storedFile(corpRecord.id, file.sdkfileid);
    await unlink(stored.file);
    await symlink('/etc/passwd', stored.file);
    expect((await lstat(stored.file)).isSymbolicLink()).toBe(true);
    expect(await h.service.resolveToken(token)).toBeNull();
  });
});
