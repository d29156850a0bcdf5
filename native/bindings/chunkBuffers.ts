import { MEDIA_CHUNK_BYTES } from '../../main/common/sdk/mediaChunk';

/**
 * Buffers for GetMediaData chunks, used again and again in the SDK host (docs/ARCHITECTURE.md §7.1).
 *
 * Each chunk (up to 512 KB, docs/wecom-sdk.md §5) is copied out of the SDK's memory before the SDK
 * frees it. A fresh Buffer per chunk is an allocation the C allocator serves from new pages (zeroed by
 * the kernel, faulted in by the copy, handed back when the garbage collector frees it): measured on
 * 2,600 chunks of 512 KB, 315 ms of CPU, against 36 ms copying into a buffer used again. Here a chunk
 * is copied into a view of an idle buffer, and the writer gives the view back once the chunk is hashed
 * and written. A view never given back (a download that failed, a chunk fetched ahead and dropped) is
 * left to the garbage collector: giving back is an optimisation, never a duty.
 */
export class ChunkBuffers {
  private readonly idle: Buffer[] = [];
  /** Views handed out and not given back, with the buffer each one is a view of. */
  private readonly lent = new WeakMap<Uint8Array, Buffer>();

  constructor(
    /** Idle buffers kept; more given back are dropped. */
    private readonly keep = 16,
    readonly bufferBytes = MEDIA_CHUNK_BYTES,
  ) {}

  /** `length` bytes to copy a chunk into: a view of an idle buffer, or a Buffer of its own when larger. */
  take(length: number): Buffer {
    if (length > this.bufferBytes) return Buffer.allocUnsafe(length);
    const buffer = this.idle.pop() ?? Buffer.allocUnsafe(this.bufferBytes);
    const view = buffer.subarray(0, length);
    this.lent.set(view, buffer);
    return view;
  }

  /**
   * Gives back a view from `take` once nothing reads it any more (no hashing, write or message still
   * using it). Anything else, or a view given back twice, is ignored.
   */
  give(view: Uint8Array): void {
    const buffer = this.lent.get(view);
    if (!buffer) return;
    this.lent.delete(view);
    if (this.idle.length < this.keep) this.idle.push(buffer);
  }

  /** Idle buffers (tests). */
  get idleCount(): number {
    return this.idle.length;
  }
}
