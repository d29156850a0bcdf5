import type {
  ChatDataRequest,
  ComparedMediaChunk,
  FinanceSdk,
  MediaChunk,
  MediaChunkRequest,
  NativePointer,
} from './financeSdk';
import type { SdkText } from './sdkText';
import { SerialQueue } from './serialQueue';

/**
 * SDK handles and their concurrency rules (docs/wecom-sdk.md §1.5): one NewSdk + Init per handle, at most one
 * call in flight per handle (a serial queue), and DestroySdk only once the handle is idle — WxJava
 * #3670 traced a SIGSEGV in TryRefresh to destroying a handle other threads still used.
 */
export class SdkHandle {
  private readonly queue = new SerialQueue();
  private handle: NativePointer | null;

  constructor(
    private readonly sdk: FinanceSdk,
    corpid: string,
    secret: string,
  ) {
    this.handle = sdk.createHandle(corpid, secret);
  }

  /** Calls queued or running on this handle. */
  get pending(): number {
    return this.queue.size;
  }

  get destroyed(): boolean {
    return this.handle === null;
  }

  getChatData(request: ChatDataRequest): Promise<string> {
    return this.queue.run(() => this.sdk.getChatData(this.live(), request));
  }

  getChatDataText(request: ChatDataRequest): Promise<SdkText> {
    return this.queue.run(() => this.sdk.getChatDataText(this.live(), request));
  }

  getMediaChunk(request: MediaChunkRequest, allocate?: (length: number) => Buffer): Promise<MediaChunk> {
    return this.queue.run(() => this.sdk.getMediaChunk(this.live(), request, allocate));
  }

  compareMediaChunk(
    request: MediaChunkRequest,
    expected: (length: number) => Uint8Array | null,
  ): Promise<ComparedMediaChunk> {
    return this.queue.run(() => this.sdk.compareMediaChunk(this.live(), request, expected));
  }

  /** Waits for every queued call, then DestroySdk. Later calls fail instead of touching freed memory. */
  async destroy(): Promise<void> {
    await this.queue.whenIdle();
    const handle = this.handle;
    this.handle = null;
    if (handle !== null) this.sdk.destroyHandle(handle);
  }

  private live(): NativePointer {
    if (this.handle === null) throw new Error('the SDK handle was destroyed');
    return this.handle;
  }
}

export interface HandlePoolOptions {
  corpid: string;
  secret: string;
  /** Handles for media downloads, beside the one that pulls chat data. Default 2. */
  mediaHandles?: number;
}

/**
 * "One handle per thread, calls serialised per handle": one handle for the chat pull, so pages never
 * wait behind multi-chunk videos, and N for media, each chunk going to the least busy one.
 */
export class HandlePool {
  readonly chat: SdkHandle;
  readonly media: readonly SdkHandle[];

  constructor(sdk: FinanceSdk, options: HandlePoolOptions) {
    const mediaCount = Math.max(1, Math.min(8, Math.floor(options.mediaHandles ?? 2)));
    const created: SdkHandle[] = [];
    try {
      created.push(new SdkHandle(sdk, options.corpid, options.secret));
      for (let index = 0; index < mediaCount; index += 1) {
        created.push(new SdkHandle(sdk, options.corpid, options.secret));
      }
    } catch (error) {
      // Nothing was queued on these yet, so destroy() resolves immediately.
      for (const handle of created) void handle.destroy();
      throw error;
    }
    const [chat, ...media] = created;
    if (!chat) throw new Error('internal: no chat handle');
    this.chat = chat;
    this.media = media;
  }

  get size(): number {
    return 1 + this.media.length;
  }

  getChatData(request: ChatDataRequest): Promise<string> {
    return this.chat.getChatData(request);
  }

  getChatDataText(request: ChatDataRequest): Promise<SdkText> {
    return this.chat.getChatDataText(request);
  }

  /** See FinanceSdk.getMediaChunk. */
  getMediaChunk(request: MediaChunkRequest, allocate?: (length: number) => Buffer): Promise<MediaChunk> {
    return this.leastBusyMediaHandle().getMediaChunk(request, allocate);
  }

  /** See FinanceSdk.compareMediaChunk. */
  compareMediaChunk(
    request: MediaChunkRequest,
    expected: (length: number) => Uint8Array | null,
  ): Promise<ComparedMediaChunk> {
    return this.leastBusyMediaHandle().compareMediaChunk(request, expected);
  }

  private leastBusyMediaHandle(): SdkHandle {
    let best = this.media[0];
    for (const handle of this.media) if (best && handle.pending < best.pending) best = handle;
    if (!best) throw new Error('internal: no media handle');
    return best;
  }

  async destroy(): Promise<void> {
    await Promise.all([this.chat, ...this.media].map((handle) => handle.destroy()));
  }
}
