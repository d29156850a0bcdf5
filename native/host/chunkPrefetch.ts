import type { ChunkSource } from './mediaFileWriter';
import type { MediaChunkToFileParams } from './protocol';

type Fetched = Awaited<ReturnType<ChunkSource['fetch']>>;

interface Prefetch {
  /** The exact call main will make next for this file (indexbuf = the chunk's outIndexBuf). */
  key: string;
  started: number;
  result: Promise<Fetched>;
}

/** Files with a chunk fetched ahead at most (one per download in flight; more are stale). */
const MAX_AHEAD = 16;
/** A chunk fetched ahead and not asked for within this long is dropped (the download stopped). */
const STALE_MS = 60_000;

const callKey = (params: MediaChunkToFileParams, indexbuf: string): string =>
  JSON.stringify([params.sdkfileid, indexbuf, params.proxy, params.passwd, params.timeout]);

/**
 * GetMediaData's next chunk fetched while this one is hashed, written and answered (issue 16).
 *
 * A file's chunks come one after the other: the call for chunk N+1 needs chunk N's outindexbuf
 * (docs/wecom-sdk.md §5). Without this, each chunk's own work — hashing and writing it, answering
 * main, main journalling it and asking again — happened after its network time and before the next
 * chunk's, so every call cost its latency plus that work. Here, as soon as the SDK returns a chunk
 * that is not the last, the same call main is about to make (same file, the chunk's outindexbuf, same
 * network settings) is started on a media handle; when main asks for it, it is answered from that call.
 * Each answer still means what it meant — the chunk is on disk — and main still decides every call:
 * one that asks for anything else (another indexbuf after a failure, a restart from "") makes a call
 * of its own and the chunk fetched ahead is dropped. A call fetched ahead that failed is not an answer
 * main saw: its request is made again. A download in flight holds at most one handle at a time, as
 * before: the call ahead starts when the one before returned.
 */
export class PrefetchingChunkSource implements ChunkSource {
  private readonly ahead = new Map<string, Prefetch>();

  constructor(
    private readonly source: ChunkSource,
    private readonly now: () => number = () => performance.now(),
  ) {}

  async fetch(params: MediaChunkToFileParams): Promise<Fetched> {
    const chunk = await this.answer(params);
    if (!chunk.isFinish && chunk.outIndexBuf !== '') this.fetchAhead(params, chunk.outIndexBuf);
    return chunk;
  }

  release(data: Uint8Array): void {
    this.source.release?.(data);
  }

  compare(...args: Parameters<ChunkSource['compare']>): ReturnType<ChunkSource['compare']> {
    this.drop(args[0].sdkfileid);
    return this.source.compare(...args);
  }

  /** Drops every chunk fetched ahead (the SDK handles were replaced, or the host shuts down). */
  clear(): void {
    // Each call ahead already has its rejection handled (fetchAhead): dropping it is enough.
    this.ahead.clear();
  }

  /** Chunks fetched ahead and not asked for yet (tests). */
  get size(): number {
    return this.ahead.size;
  }

  private async answer(params: MediaChunkToFileParams): Promise<Fetched> {
    const prefetch = this.ahead.get(params.sdkfileid);
    this.drop(params.sdkfileid);
    if (
      prefetch &&
      prefetch.key === callKey(params, params.indexbuf) &&
      this.now() - prefetch.started < STALE_MS
    ) {
      try {
        return await prefetch.result;
      } catch {
        // Main never saw this call: it makes its own below, and its outcome is the answer.
      }
    }
    return this.source.fetch(params);
  }

  private fetchAhead(params: MediaChunkToFileParams, indexbuf: string): void {
    const result = this.source.fetch({ ...params, indexbuf });
    // Its failure is handled when (and if) main asks for it.
    result.catch(() => undefined);
    this.ahead.set(params.sdkfileid, { key: callKey(params, indexbuf), started: this.now(), result });
    for (const [file, prefetch] of this.ahead) {
      if (this.ahead.size <= MAX_AHEAD && this.now() - prefetch.started < STALE_MS) break;
      this.ahead.delete(file);
    }
  }

  private drop(sdkfileid: string): void {
    this.ahead.delete(sdkfileid);
  }
}
