import { existsSync } from 'node:fs';
import path from 'node:path';
import { callAsync, configuredKoffi, type AsyncNativeFunction, type NativePointer } from './koffiRuntime';

/**
 * MD5 and SHA-256 of media files in one pass, several files at once (native/digest/digest.c,
 * docs/ARCHITECTURE.md §7.1). With the CPU's SHA extensions a context carries both digests and
 * SHA-256 rides in the vector units beside MD5's scalar chain; without them a context is MD5 only
 * and mediaDigest.ts takes SHA-256 from libcrypto. Large updates of different files that wait at
 * the same moment go to the library in ONE call on a libuv worker thread, interleaved; updates of one
 * file are never in the same call and apply in order.
 */
export const DIGEST_LIBRARY = 'libwecom-digest.so';

/** At most this many files' updates go into one call (the C function's lanes). */
const MAX_LANES = 4;
/** Below this an update runs at once on the calling thread: a worker round trip costs more. */
const SYNC_BELOW_BYTES = 64 * 1024;

interface DigestFunctions {
  wd_has_sha256(): number;
  wd_new(withSha256: number): NativePointer | null;
  wd_free(context: NativePointer): void;
  wd_update(...lanes: unknown[]): number;
  wd_final(context: NativePointer, md5: Uint8Array, sha256: Uint8Array | null): void;
}

const PROTOTYPES: Readonly<Record<keyof DigestFunctions, string>> = {
  wd_has_sha256: 'int wd_has_sha256()',
  wd_new: 'void *wd_new(int with_sha256)',
  wd_free: 'void wd_free(void *ctx)',
  wd_update:
    'int wd_update(void *c0, const uint8_t *d0, size_t n0, void *c1, const uint8_t *d1, size_t n1, ' +
    'void *c2, const uint8_t *d2, size_t n2, void *c3, const uint8_t *d3, size_t n3)',
  wd_final: 'void wd_final(void *ctx, _Out_ uint8_t *md5_out, _Out_ uint8_t *sha_out)',
};

/**
 * Where the library is: beside the host bundle's directory (build/out/native/ next to
 * build/out/host/), or in the repository's build output when running from source (tests). Packaged,
 * the bundle is inside app.asar and the library is unpacked beside it (electron-builder.yml
 * asarUnpack): a .so cannot be dlopen()ed from inside an asar archive.
 */
export function digestLibraryPath(from: string = __dirname): string | null {
  const candidates = [
    path.join(from, '..', 'native', DIGEST_LIBRARY),
    path.join(from, '..', '..', 'build', 'out', 'native', DIGEST_LIBRARY),
  ].map((file) => file.replace(`${path.sep}app.asar${path.sep}`, `${path.sep}app.asar.unpacked${path.sep}`));
  return candidates.find((file) => existsSync(file)) ?? null;
}

interface Waiting {
  context: NativePointer;
  data: Uint8Array;
  resolve: () => void;
  reject: (error: Error) => void;
}

const EMPTY_LANE: readonly unknown[] = [null, null, 0];

export class DigestLanes {
  /** True when contexts carry SHA-256 too (this CPU has the SHA extensions and it was asked for). */
  readonly sha256: boolean;
  private readonly lib: DigestFunctions;
  private readonly updateAsync: AsyncNativeFunction;
  private readonly waiting: Waiting[] = [];
  private running = false;
  /** Calls to the worker thread and the files they carried (tests; lanes > calls means interleaving). */
  readonly stats = { calls: 0, lanes: 0 };

  /**
   * Throws when the library is missing or computes a wrong digest (the caller falls back).
   * `sha256: false` makes MD5-only contexts even where the CPU could do both.
   */
  constructor(file: string, options: { sha256?: boolean } = {}) {
    const library = configuredKoffi().load(file);
    const functions: Partial<Record<keyof DigestFunctions, unknown>> = {};
    for (const [name, prototype] of Object.entries(PROTOTYPES)) {
      functions[name as keyof DigestFunctions] = library.func(prototype);
    }
    this.lib = functions as DigestFunctions;
    this.updateAsync = functions.wd_update as AsyncNativeFunction;
    this.sha256 = options.sha256 !== false && this.lib.wd_has_sha256() === 1;
    const probe = this.create();
    probe.updateSync(Buffer.from('abc'));
    const { md5, sha256 } = probe.finish();
    if (
      md5 !== '900150983cd24fb0d6963f7d28e17f72' ||
      (this.sha256 && sha256 !== 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    ) {
      throw new Error(`${file} computes wrong digests`);
    }
  }

  create(): LaneDigest {
    const context = this.lib.wd_new(this.sha256 ? 1 : 0);
    if (context === null) throw new Error('wd_new failed');
    return new LaneDigest(this, context);
  }

  /** @internal LaneDigest's calls. */
  updateNow(context: NativePointer, data: Uint8Array): void {
    if (this.lib.wd_update(context, data, data.byteLength, ...EMPTY_LANE, ...EMPTY_LANE, ...EMPTY_LANE) !== 1)
      throw new Error('wd_update failed');
  }

  /** @internal */
  updateLater(context: NativePointer, data: Uint8Array): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ context, data, resolve, reject });
      this.pump();
    });
  }

  /** @internal */
  final(context: NativePointer): { md5: string; sha256: string | null } {
    const md5 = Buffer.alloc(16);
    const sha256 = this.sha256 ? Buffer.alloc(32) : null;
    this.lib.wd_final(context, md5, sha256);
    return { md5: md5.toString('hex'), sha256: sha256 ? sha256.toString('hex') : null };
  }

  /** @internal */
  free(context: NativePointer): void {
    this.lib.wd_free(context);
  }

  /**
   * One call at a time: what waits meanwhile goes into the next call together. Three 512 KB chunks
   * take ~1.5 ms, so a chunk waits at most that long, and the lanes fill when hashing is busy.
   */
  private pump(): void {
    if (this.running || this.waiting.length === 0) return;
    const batch: Waiting[] = [];
    const taken = new Set<NativePointer>();
    for (let at = 0; at < this.waiting.length && batch.length < MAX_LANES;) {
      const entry = this.waiting[at]!;
      if (taken.has(entry.context)) {
        at += 1;
        continue;
      }
      taken.add(entry.context);
      batch.push(entry);
      this.waiting.splice(at, 1);
    }
    const args: unknown[] = [];
    for (const entry of batch) args.push(entry.context, entry.data, entry.data.byteLength);
    while (args.length < MAX_LANES * EMPTY_LANE.length) args.push(...EMPTY_LANE);
    this.running = true;
    this.stats.calls += 1;
    this.stats.lanes += batch.length;
    const settle = (error: Error | null) => {
      this.running = false;
      for (const entry of batch) {
        if (error) entry.reject(error);
        else entry.resolve();
      }
      this.pump();
    };
    callAsync<number>(this.updateAsync, args).then(
      (rc) => settle(rc === 1 ? null : new Error('wd_update failed')),
      (error: Error) => settle(error),
    );
  }
}

/**
 * One file's digests. The caller must not start an update before the previous one settled, nor
 * dispose it while one runs (mediaDigest's running digests chain and count their updates).
 */
export class LaneDigest {
  private context: NativePointer | null;

  constructor(
    private readonly lanes: DigestLanes,
    context: NativePointer,
  ) {
    this.context = context;
  }

  /** Small pieces at once; large ones on a worker thread, batched with other files'. */
  update(data: Uint8Array): Promise<void> {
    const context = this.live();
    if (data.byteLength < SYNC_BELOW_BYTES) {
      this.lanes.updateNow(context, data);
      return Promise.resolve();
    }
    return this.lanes.updateLater(context, data);
  }

  updateSync(data: Uint8Array): void {
    this.lanes.updateNow(this.live(), data);
  }

  /** Lowercase hex (sha256 null for an MD5-only context); the digest is freed. */
  finish(): { md5: string; sha256: string | null } {
    const context = this.live();
    try {
      return this.lanes.final(context);
    } finally {
      this.dispose();
    }
  }

  dispose(): void {
    if (this.context === null) return;
    this.lanes.free(this.context);
    this.context = null;
  }

  private live(): NativePointer {
    if (this.context === null) throw new Error('the digest is finished');
    return this.context;
  }
}
