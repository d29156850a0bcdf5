import type { MediaQueueStatusDto, MediaQueueStopDto, MediaRequestDto, MediaStateDto } from '../../contract';
import {
  downloadMedia,
  DownloadFailed,
  DownloadOutOfSpace,
  DownloadStopped,
  type DownloadPolicy,
  type MediaChunkSource,
} from './mediaDownloader';
import { MEDIA_CHUNK_BYTES } from '../../common/sdk/mediaChunk';
import type { MediaPaths } from './mediaPaths';
import { storedLocation, type ItemRecord, type MediaRecords } from './mediaRecords';

/**
 * The download queue of one corp: on-demand items (visible or clicked) before background ones
 * (download-all), a concurrency limit, pause/resume, progress and rate. State changes are batched
 * into `media-state` events; the queue totals into `media-queue` events.
 */
export type EnqueueMode = 'demand' | 'background';

export interface CorpMediaQueueOptions {
  corpId: string;
  source: () => Promise<MediaChunkSource>;
  paths: MediaPaths;
  records: MediaRecords;
  policy: DownloadPolicy;
  /** SDK chunk requests in flight at most (GetMediaData calls). */
  concurrency: number;
  onStates(states: MediaStateDto[]): void;
  onStatus(status: MediaQueueStatusDto): void;
  log: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
  sleep(ms: number): Promise<void>;
  /** How often batched events go out. */
  flushMs?: number;
  /** Free bytes where the media are kept (told when the disk is full); null when unknown. */
  freeBytes?: () => Promise<number | null>;
  /** The media folder, named in the disk-full explanation. */
  folder?: string;
}

interface Entry {
  item: MediaRequestDto;
  mode: EnqueueMode;
  running: boolean;
  bytes: number;
  attempts: number;
}

const RATE_WINDOW_MS = 5_000;

export function stateOfRecord(record: ItemRecord): MediaStateDto {
  if (record.state === 'done') {
    return {
      sdkfileid: record.sdkfileid,
      state: 'done',
      bytes: record.size,
      size: record.size,
      attempts: record.attempts,
      verification: record.verification,
      sha256: record.sha256,
      mime: record.mime,
    };
  }
  return {
    sdkfileid: record.sdkfileid,
    state: 'failed',
    bytes: 0,
    size: record.expectedSize,
    attempts: record.attempts,
    failure: record.failure,
  };
}

/** Runs at most `limit` of the given calls at a time, the others in the order they came. */
function limiter(limit: number): <T>(run: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async <T>(run: () => Promise<T>): Promise<T> => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    else running += 1;
    try {
      return await run();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running -= 1;
    }
  };
}

/** What the message says the file is (md5 and size), when it says both. */
function contentKey(item: MediaRequestDto): string | null {
  return item.md5sum === '' || item.size === null ? null : `${item.md5sum.toLowerCase()}:${item.size}`;
}

export class CorpMediaQueue {
  private readonly entries = new Map<string, Entry>();
  private readonly waiting: { demand: string[]; background: string[] } = { demand: [], background: [] };
  private readonly pendingStates = new Map<string, MediaStateDto>();
  private readonly samples: Array<{ at: number; bytes: number }> = [];
  private readonly idleWaiters: Array<() => void> = [];
  /**
   * Content (md5:size of the message) being downloaded now, and the items of the same content held
   * back meanwhile: they start after it, as a comparison with the stored copy, instead of fetching
   * and storing the same bytes twice at once — and they wait without taking a download slot.
   */
  private readonly runningContent = new Set<string>();
  private readonly requestSlots: <T>(request: () => Promise<T>) => Promise<T>;
  private readonly parked = new Map<string, string[]>();
  private flushTimer: NodeJS.Timeout | null = null;
  private paused = false;
  /** Stopped by itself because the disk is full (paused too); cleared by resume or download-all. */
  private stopped: MediaQueueStopDto | null = null;
  private closed = false;
  private active = 0;
  private done = 0;
  private failed = 0;
  private bytesDone = 0;

  constructor(private readonly options: CorpMediaQueueOptions) {
    this.requestSlots = limiter(options.concurrency);
  }

  /** Queues what is not done yet; answers each item's state now (done ones straight from disk). */
  async enqueue(items: readonly MediaRequestDto[], mode: EnqueueMode): Promise<MediaStateDto[]> {
    // Download-all after the disk filled up: the user made room, go on (as resume does).
    if (mode === 'background' && this.stopped) {
      this.stopped = null;
      this.paused = false;
    }
    const view = await this.options.records.view(this.options.corpId);
    const states: MediaStateDto[] = [];
    const added: string[] = [];
    for (const item of items) {
      const existing = this.entries.get(item.sdkfileid);
      if (existing) {
        if (mode === 'demand' && existing.mode === 'background' && !existing.running) {
          // Seen or clicked: jump ahead of download-all.
          existing.mode = 'demand';
          this.waiting.background = this.waiting.background.filter((id) => id !== item.sdkfileid);
          this.waiting.demand.unshift(item.sdkfileid);
        }
        states.push(this.stateOf(existing));
        continue;
      }
      const record = view.read(item.sdkfileid);
      if (record?.state === 'done' && (await this.objectPresent(record))) {
        states.push(stateOfRecord(record));
        continue;
      }
      if (record?.state === 'failed' && record.failure.permanent) {
        states.push(stateOfRecord(record));
        continue;
      }
      const journal = view.hasJournal(item.sdkfileid)
        ? await this.options.records.readJournal(this.options.corpId, item.sdkfileid)
        : null;
      const entry: Entry = {
        item,
        mode,
        running: false,
        bytes: journal?.bytes ?? 0,
        attempts: journal?.chunkFailures ?? 0,
      };
      this.entries.set(item.sdkfileid, entry);
      added.push(item.sdkfileid);
      states.push(this.stateOf(entry));
    }
    if (mode === 'demand') {
      this.waiting.demand.push(...added);
    } else {
      // Download-all starts the files of several chunks first: the longest downloads then run
      // beside the many small ones instead of finishing alone at the end.
      const large = (id: string) => (this.entries.get(id)?.item.size ?? 0) > MEDIA_CHUNK_BYTES;
      this.waiting.background.push(...added.filter(large), ...added.filter((id) => !large(id)));
    }
    this.pump();
    this.scheduleFlush();
    return states;
  }

  async states(sdkfileids: readonly string[]): Promise<MediaStateDto[]> {
    const states: MediaStateDto[] = [];
    for (const sdkfileid of sdkfileids) {
      const entry = this.entries.get(sdkfileid);
      if (entry) {
        states.push(this.stateOf(entry));
        continue;
      }
      const record = await this.options.records.read(this.options.corpId, sdkfileid);
      if (record && (record.state === 'failed' || (await this.objectPresent(record)))) {
        states.push(stateOfRecord(record));
        continue;
      }
      const journal = await this.options.records.readJournal(this.options.corpId, sdkfileid);
      states.push({ sdkfileid, state: 'absent', bytes: journal?.bytes ?? 0, size: null, attempts: 0 });
    }
    return states;
  }

  pause(): MediaQueueStatusDto {
    this.paused = true;
    this.emitStatus();
    return this.status();
  }

  resume(): MediaQueueStatusDto {
    this.paused = false;
    this.stopped = null;
    this.pump();
    this.emitStatus();
    return this.status();
  }

  /** Drops background items that have not started; demand items and running downloads go on. */
  cancelBackground(): MediaQueueStatusDto {
    const dropped = this.waiting.background;
    this.waiting.background = [];
    for (const [content, parked] of this.parked) {
      const kept = parked.filter((id) => this.entries.get(id)?.mode === 'demand');
      dropped.push(...parked.filter((id) => !kept.includes(id)));
      if (kept.length > 0) this.parked.set(content, kept);
      else this.parked.delete(content);
    }
    const states: MediaStateDto[] = [];
    for (const sdkfileid of dropped) {
      const entry = this.entries.get(sdkfileid);
      if (!entry || entry.running) continue;
      this.entries.delete(sdkfileid);
      states.push({
        sdkfileid,
        state: 'absent',
        bytes: entry.bytes,
        size: entry.item.size,
        attempts: entry.attempts,
      });
    }
    for (const state of states) this.pendingStates.set(state.sdkfileid, state);
    this.scheduleFlush();
    this.emitStatus();
    return this.status();
  }

  status(): MediaQueueStatusDto {
    return {
      corpId: this.options.corpId,
      paused: this.paused,
      active: this.active,
      queued: this.waiting.demand.length + this.waiting.background.length + this.parkedCount(),
      done: this.done,
      failed: this.failed,
      bytesDone: this.bytesDone,
      rateBytesPerSec: this.rate(),
      ...(this.stopped ? { stopped: this.stopped } : {}),
    };
  }

  /** Resolves when nothing runs and nothing waits (or the queue is paused with nothing running). */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops running downloads at their next chunk boundary (journals kept) and waits for them. */
  async close(): Promise<void> {
    this.closed = true;
    this.paused = true;
    await this.whenIdle();
    this.flush();
  }

  private isIdle(): boolean {
    // Parked items wait for a running download, so with nothing running there are none.
    return (
      this.active === 0 && (this.paused || this.waiting.demand.length + this.waiting.background.length === 0)
    );
  }

  private async objectPresent(record: ItemRecord): Promise<boolean> {
    if (record.state !== 'done') return false;
    return this.options.records.isStored(storedLocation(this.options.paths, this.options.corpId, record));
  }

  private stateOf(entry: Entry): MediaStateDto {
    return {
      sdkfileid: entry.item.sdkfileid,
      state: entry.running ? 'downloading' : 'queued',
      bytes: entry.bytes,
      size: entry.item.size,
      attempts: entry.attempts,
    };
  }

  private pump(): void {
    // Twice as many items as chunk requests: an item's local work (records, the next item's look-ups)
    // then overlaps other items' requests, and the SDK never waits on this process between chunks.
    while (!this.paused && !this.closed && this.active < 2 * this.options.concurrency) {
      const sdkfileid = this.waiting.demand.shift() ?? this.waiting.background.shift();
      if (sdkfileid === undefined) break;
      const entry = this.entries.get(sdkfileid);
      // Gone (cancelled, finished) or listed twice (promoted while held back): nothing to start.
      if (!entry || entry.running) continue;
      const content = contentKey(entry.item);
      if (content !== null && this.runningContent.has(content)) {
        const parked = this.parked.get(content);
        if (parked) parked.push(sdkfileid);
        else this.parked.set(content, [sdkfileid]);
        continue;
      }
      if (content !== null) this.runningContent.add(content);
      this.active += 1;
      entry.running = true;
      this.pendingStates.set(sdkfileid, this.stateOf(entry));
      void this.run(entry).finally(() => {
        this.active -= 1;
        if (content !== null) this.unpark(content);
        this.pump();
        // Totals go out with the batched states while work goes on, at once when it stops.
        if (this.isIdle()) {
          if (this.pendingStates.size > 0) this.flush();
          else this.emitStatus();
          for (const resolve of this.idleWaiters.splice(0)) resolve();
        } else {
          this.scheduleFlush();
        }
      });
    }
    this.scheduleFlush();
  }

  private parkedCount(): number {
    let count = 0;
    for (const parked of this.parked.values()) count += parked.length;
    return count;
  }

  /** The items held back for `content` go to the front of their lists, in their order. */
  private unpark(content: string): void {
    this.runningContent.delete(content);
    const parked = this.parked.get(content);
    if (!parked) return;
    this.parked.delete(content);
    const demand: string[] = [];
    const background: string[] = [];
    for (const sdkfileid of parked) {
      const entry = this.entries.get(sdkfileid);
      if (entry) (entry.mode === 'demand' ? demand : background).push(sdkfileid);
    }
    this.waiting.demand.unshift(...demand);
    this.waiting.background.unshift(...background);
  }

  private async run(entry: Entry): Promise<void> {
    const { corpId } = this.options;
    const sdkfileid = entry.item.sdkfileid;
    try {
      const source = await this.options.source();
      const record = await downloadMedia({
        corpId,
        item: entry.item,
        source,
        paths: this.options.paths,
        records: this.options.records,
        policy: this.options.policy,
        onProgress: (bytes, chunkBytes) => {
          entry.bytes = bytes;
          if (chunkBytes > 0) this.countBytes(chunkBytes);
          this.pendingStates.set(sdkfileid, this.stateOf(entry));
          this.scheduleFlush();
        },
        shouldStop: () => this.paused || this.closed,
        sleep: this.options.sleep,
        requestSlot: this.requestSlots,
      });
      this.entries.delete(sdkfileid);
      this.done += 1;
      this.pendingStates.set(sdkfileid, stateOfRecord(record));
      if (record.verification === 'md5-mismatch' || record.verification === 'size-mismatch') {
        this.options.log('warn', 'media kept but flagged', { corpId, verification: record.verification });
      }
    } catch (error) {
      if (error instanceof DownloadOutOfSpace) {
        // The disk is full: nothing is wrong with the item. The queue stops (downloads in flight stop
        // at their next chunk), this item goes back to the front with its part file and journal.
        entry.running = false;
        (entry.mode === 'demand' ? this.waiting.demand : this.waiting.background).unshift(sdkfileid);
        this.pendingStates.set(sdkfileid, this.stateOf(entry));
        await this.stopForSpace(error);
      } else if (error instanceof DownloadStopped) {
        // Paused or closing: back to the front of its list, resumed from its journal later.
        entry.running = false;
        (entry.mode === 'demand' ? this.waiting.demand : this.waiting.background).unshift(sdkfileid);
        this.pendingStates.set(sdkfileid, this.stateOf(entry));
      } else {
        const failure =
          error instanceof DownloadFailed
            ? error.failure
            : {
                sdkCode: null,
                permanent: false,
                message: error instanceof Error ? error.message : String(error),
              };
        const attempts = error instanceof DownloadFailed ? error.attempts : entry.attempts;
        const record: ItemRecord = {
          state: 'failed',
          sdkfileid,
          kind: entry.item.kind,
          expectedSize: entry.item.size,
          attempts,
          failure,
          failedAt: Date.now(),
        };
        await this.options.records.write(corpId, record).catch(() => undefined);
        // A permanent failure has nothing worth resuming; a transient one keeps its journal.
        if (failure.permanent)
          await this.options.records.clearPartial(corpId, sdkfileid).catch(() => undefined);
        this.entries.delete(sdkfileid);
        this.failed += 1;
        this.pendingStates.set(sdkfileid, stateOfRecord(record));
        this.options.log('warn', 'media download failed', {
          corpId,
          sdkCode: failure.sdkCode,
          permanent: failure.permanent,
          message: failure.message,
        });
      }
    }
    this.scheduleFlush();
  }

  private async stopForSpace(error: DownloadOutOfSpace): Promise<void> {
    const first = this.stopped === null;
    this.paused = true;
    let neededBytes = 0;
    for (const entry of this.entries.values())
      neededBytes += Math.max(0, (entry.item.size ?? 0) - entry.bytes);
    const stop: MediaQueueStopDto = {
      cause: 'disk-full',
      code: error.code,
      neededBytes,
      freeBytes: this.stopped?.freeBytes ?? null,
      folder: this.options.folder ?? '',
      at: Date.now(),
    };
    this.stopped = stop;
    if (first) {
      stop.freeBytes = (await this.options.freeBytes?.().catch(() => null)) ?? null;
      this.options.log('warn', 'media queue stopped: no room on the disk', {
        corpId: this.options.corpId,
        code: error.code,
        neededBytes,
        freeBytes: stop.freeBytes,
      });
    }
    this.emitStatus();
  }

  private countBytes(bytes: number): void {
    const now = Date.now();
    this.bytesDone += bytes;
    this.samples.push({ at: now, bytes });
    while (this.samples.length > 0 && (this.samples[0]?.at ?? now) < now - RATE_WINDOW_MS)
      this.samples.shift();
  }

  private rate(): number {
    const now = Date.now();
    const recent = this.samples.filter((sample) => sample.at >= now - RATE_WINDOW_MS);
    const first = recent[0];
    if (!first) return 0;
    const total = recent.reduce((sum, sample) => sum + sample.bytes, 0);
    const spanMs = Math.max(1_000, now - first.at);
    return Math.round((total / spanMs) * 1000);
  }

  private scheduleFlush(): void {
    if (this.flushTimer || this.pendingStates.size === 0) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      this.flush();
    }, this.options.flushMs ?? 200);
  }

  private flush(): void {
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = null;
    }
    if (this.pendingStates.size === 0) return;
    const states = [...this.pendingStates.values()];
    this.pendingStates.clear();
    this.options.onStates(states);
    this.emitStatus();
  }

  private emitStatus(): void {
    this.options.onStatus(this.status());
  }
}
