import { createHash, type Hash } from 'node:crypto';
import type { LibraryHandle } from 'koffi';
import { DigestLanes, digestLibraryPath, type LaneDigest } from './digestLanes';
import { callAsync, configuredKoffi, type AsyncNativeFunction, type NativePointer } from './koffiRuntime';

/**
 * MD5 (checked against the SDK's md5sum) and SHA-256 (the content address) of media files, in the
 * SDK host (docs/ARCHITECTURE.md §7.1). Hashing is about half of the media queue's CPU, so the host
 * takes the cheapest backend that works here:
 * - `lanes`: native/digest's library computes both digests in one pass, several files interleaved
 *   (CPUs with the SHA extensions);
 * - `lanes+libcrypto`: that library for MD5, libcrypto for SHA-256 (CPUs without them);
 * - `libcrypto`: the system libcrypto for both (the library missing);
 * - `node-crypto`: node:crypto on the event loop (no libcrypto either).
 * Large pieces are hashed on libuv worker threads through koffi `.async` calls, so the host's event
 * loop stays free for the next chunk and for chat pulls; small pieces are hashed at once, where a
 * thread hop would cost more than the hashing.
 */
export interface Digests {
  md5: string;
  sha256: string;
}

export interface RunningDigest {
  /** Adds `data`; calls are applied in order (the caller need not wait before the next one). */
  update(data: Uint8Array): Promise<void>;
  /** Both digests, lowercase hex; the digest is finished and freed. */
  finish(): Promise<Digests>;
  /** Frees it without a result (an abandoned download). Safe with updates still running. */
  dispose(): void;
}

export type DigestBackend = 'lanes' | 'lanes+libcrypto' | 'libcrypto' | 'node-crypto';

export interface MediaDigester {
  readonly backend: DigestBackend;
  /** Digests of one piece of data (a file that came in one chunk). */
  digest(data: Uint8Array): Promise<Digests>;
  /** Digests of data that arrives in pieces (a file of several chunks). */
  create(): RunningDigest;
}

/** Below this, hashing on the event loop is cheaper than a hop to a worker thread and back. */
const ASYNC_FROM_BYTES = 64 * 1024;

export interface MediaDigesterOptions {
  /** native/digest's library; null for none. By default found beside the host bundle. */
  digestLibrary?: string | null;
  /** false: SHA-256 from libcrypto even where the library could do it (tests of CPUs without SHA-NI). */
  laneSha256?: boolean;
}

/** The cheapest backend that works here (see above). */
export function createMediaDigester(options: MediaDigesterOptions = {}): MediaDigester {
  const file = options.digestLibrary === undefined ? digestLibraryPath() : options.digestLibrary;
  let lanes: DigestLanes | null = null;
  if (file !== null) {
    try {
      lanes = new DigestLanes(file, { sha256: options.laneSha256 !== false });
    } catch {
      lanes = null;
    }
  }
  if (lanes?.sha256) return new LanesDigester(lanes);
  try {
    return new LibcryptoDigester(lanes);
  } catch {
    return nodeDigester;
  }
}

const nodeDigester: MediaDigester = {
  backend: 'node-crypto',
  digest: (data) =>
    Promise.resolve({
      md5: createHash('md5').update(data).digest('hex'),
      sha256: createHash('sha256').update(data).digest('hex'),
    }),
  create: () => new NodeRunningDigest(),
};

class NodeRunningDigest implements RunningDigest {
  private md5: Hash | null = createHash('md5');
  private sha256: Hash | null = createHash('sha256');

  update(data: Uint8Array): Promise<void> {
    if (!this.md5 || !this.sha256) return Promise.reject(new Error('the digest is finished'));
    this.md5.update(data);
    this.sha256.update(data);
    return Promise.resolve();
  }

  finish(): Promise<Digests> {
    if (!this.md5 || !this.sha256) return Promise.reject(new Error('the digest is finished'));
    const digests = { md5: this.md5.digest('hex'), sha256: this.sha256.digest('hex') };
    this.dispose();
    return Promise.resolve(digests);
  }

  dispose(): void {
    this.md5 = null;
    this.sha256 = null;
  }
}

/** The native state of one file's digests, whatever holds it. */
interface DigestState {
  /** Resolves once `data` is in; small pieces are taken at once. Never called twice at a time. */
  update(data: Uint8Array): Promise<void>;
  finish(): Digests;
  free(): void;
}

/**
 * Updates chained in order (native contexts are not thread-safe, and the caller need not wait
 * between updates); freed once no update is running on the state.
 */
class ChainedDigest implements RunningDigest {
  private state: DigestState | null;
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;
  private disposed = false;
  /** An update failed: the state is missing bytes, so it can give no digest. */
  private failed = false;

  constructor(state: DigestState) {
    this.state = state;
  }

  update(data: Uint8Array): Promise<void> {
    this.pending += 1;
    const step = this.tail.then(() => {
      if (!this.state || this.disposed) throw new Error('the digest is finished');
      return this.state.update(data);
    });
    const settled = step.finally(() => {
      this.pending -= 1;
      if (this.disposed) this.free();
    });
    this.tail = settled.catch(() => {
      this.failed = true;
    });
    return settled;
  }

  async finish(): Promise<Digests> {
    await this.tail;
    if (!this.state || this.disposed) throw new Error('the digest is finished');
    if (this.failed) {
      this.dispose();
      throw new Error('a digest update failed, so the digest would be wrong');
    }
    try {
      return this.state.finish();
    } finally {
      this.dispose();
    }
  }

  dispose(): void {
    this.disposed = true;
    if (this.pending === 0) this.free();
  }

  private free(): void {
    const state = this.state;
    this.state = null;
    state?.free();
  }
}

/** Both digests from native/digest's library, files interleaved (CPUs with the SHA extensions). */
class LanesDigester implements MediaDigester {
  readonly backend = 'lanes';

  constructor(private readonly lanes: DigestLanes) {}

  async digest(data: Uint8Array): Promise<Digests> {
    const state = laneState(this.lanes.create());
    try {
      await state.update(data);
      return state.finish();
    } finally {
      state.free();
    }
  }

  create(): RunningDigest {
    return new ChainedDigest(laneState(this.lanes.create()));
  }
}

function laneState(digest: LaneDigest): DigestState {
  return {
    update: (data) => digest.update(data),
    finish: () => {
      const { md5, sha256 } = digest.finish();
      if (sha256 === null) throw new Error('this digest has no SHA-256');
      return { md5, sha256 };
    },
    free: () => digest.dispose(),
  };
}

interface DigestFunctions {
  EVP_md5(): NativePointer;
  EVP_sha256(): NativePointer;
  EVP_MD_CTX_new(): NativePointer | null;
  EVP_MD_CTX_free(context: NativePointer): void;
  EVP_DigestInit_ex(context: NativePointer, type: NativePointer, engine: null): number;
  EVP_DigestUpdate(context: NativePointer, data: Uint8Array, length: number): number;
  EVP_DigestFinal_ex(context: NativePointer, out: Uint8Array, length: [number]): number;
  EVP_Digest(
    data: Uint8Array,
    length: number,
    out: Uint8Array,
    outLength: [number],
    type: NativePointer,
    engine: null,
  ): number;
}

const DIGEST_PROTOTYPES: Readonly<Record<keyof DigestFunctions, string>> = {
  EVP_md5: 'const void *EVP_md5()',
  EVP_sha256: 'const void *EVP_sha256()',
  EVP_MD_CTX_new: 'void *EVP_MD_CTX_new()',
  EVP_MD_CTX_free: 'void EVP_MD_CTX_free(void *ctx)',
  EVP_DigestInit_ex: 'int EVP_DigestInit_ex(void *ctx, const void *type, void *impl)',
  EVP_DigestUpdate: 'int EVP_DigestUpdate(void *ctx, const void *d, size_t cnt)',
  EVP_DigestFinal_ex: 'int EVP_DigestFinal_ex(void *ctx, _Out_ uint8_t *md, _Out_ unsigned int *s)',
  EVP_Digest:
    'int EVP_Digest(const void *data, size_t count, _Out_ uint8_t *md, _Out_ unsigned int *size, const void *type, void *impl)',
};

/**
 * libcrypto's EVP digests, SHA-256 always and MD5 unless native/digest's library does it (`lanes`,
 * MD5-only contexts). `deep: true` (RTLD_DEEPBIND) as for RSA: inside Node, libcrypto's own symbols
 * must not bind to the OpenSSL linked into `node`.
 */
class LibcryptoDigester implements MediaDigester {
  readonly backend: 'lanes+libcrypto' | 'libcrypto';
  private readonly lib: DigestFunctions;
  private readonly updateAsync: AsyncNativeFunction;
  private readonly digestAsync: AsyncNativeFunction;
  private readonly md5Type: NativePointer;
  private readonly sha256Type: NativePointer;

  constructor(private readonly lanes: DigestLanes | null) {
    this.backend = lanes ? 'lanes+libcrypto' : 'libcrypto';
    const library: LibraryHandle = configuredKoffi().load('libcrypto.so.3', { deep: true });
    const functions: Partial<Record<keyof DigestFunctions, unknown>> = {};
    for (const [name, prototype] of Object.entries(DIGEST_PROTOTYPES)) {
      functions[name as keyof DigestFunctions] = library.func(prototype);
    }
    this.lib = functions as DigestFunctions;
    this.updateAsync = functions.EVP_DigestUpdate as AsyncNativeFunction;
    this.digestAsync = functions.EVP_Digest as AsyncNativeFunction;
    this.md5Type = this.lib.EVP_md5();
    this.sha256Type = this.lib.EVP_sha256();
    // Proves the whole path once, so a broken libcrypto falls back to node:crypto at start-up.
    const probe = Buffer.from('abc');
    const out = Buffer.alloc(32);
    const length: [number] = [0];
    if (
      this.lib.EVP_Digest(probe, probe.length, out, length, this.md5Type, null) !== 1 ||
      out.subarray(0, length[0]).toString('hex') !== '900150983cd24fb0d6963f7d28e17f72'
    ) {
      throw new Error('libcrypto MD5 does not work');
    }
  }

  async digest(data: Uint8Array): Promise<Digests> {
    if (data.byteLength < ASYNC_FROM_BYTES) return nodeDigester.digest(data);
    const one = async (type: NativePointer): Promise<string> => {
      const out = Buffer.alloc(32);
      const length: [number] = [0];
      const rc = await callAsync<number>(this.digestAsync, [data, data.byteLength, out, length, type, null]);
      if (rc !== 1) throw new Error('libcrypto EVP_Digest failed');
      return out.subarray(0, length[0]).toString('hex');
    };
    const md5 = async (): Promise<string> => {
      if (!this.lanes) return one(this.md5Type);
      const digest = this.lanes.create();
      try {
        await digest.update(data);
        return digest.finish().md5;
      } finally {
        digest.dispose();
      }
    };
    const [md5Hex, sha256] = await Promise.all([md5(), one(this.sha256Type)]);
    return { md5: md5Hex, sha256 };
  }

  create(): RunningDigest {
    const sha256 = this.newContext(this.sha256Type);
    let md5: DigestPart;
    try {
      md5 = this.lanes ? laneMd5Part(this.lanes.create()) : this.digestPart(this.newContext(this.md5Type));
    } catch (error) {
      this.lib.EVP_MD_CTX_free(sha256);
      throw error;
    }
    const sha = this.digestPart(sha256);
    return new ChainedDigest({
      update: async (data) => {
        await Promise.all([md5.update(data), sha.update(data)]);
      },
      finish: () => ({ md5: md5.finish(), sha256: sha.finish() }),
      free: () => {
        md5.dispose();
        sha.dispose();
      },
    });
  }

  private newContext(type: NativePointer): NativePointer {
    const context = this.lib.EVP_MD_CTX_new();
    if (context === null) throw new Error('libcrypto cannot set up a digest');
    if (this.lib.EVP_DigestInit_ex(context, type, null) !== 1) {
      this.lib.EVP_MD_CTX_free(context);
      throw new Error('libcrypto cannot set up a digest');
    }
    return context;
  }

  /** One EVP context: large updates on a worker thread, small ones at once. */
  private digestPart(initial: NativePointer): DigestPart {
    let context: NativePointer | null = initial;
    const live = (): NativePointer => {
      if (context === null) throw new Error('the digest is finished');
      return context;
    };
    return {
      update: async (data) => {
        const rc =
          data.byteLength < ASYNC_FROM_BYTES
            ? this.lib.EVP_DigestUpdate(live(), data, data.byteLength)
            : await callAsync<number>(this.updateAsync, [live(), data, data.byteLength]);
        if (rc !== 1) throw new Error('libcrypto EVP_DigestUpdate failed');
      },
      finish: () => {
        const out = Buffer.alloc(32);
        const length: [number] = [0];
        try {
          if (this.lib.EVP_DigestFinal_ex(live(), out, length) !== 1)
            throw new Error('libcrypto EVP_DigestFinal_ex failed');
          return out.subarray(0, length[0]).toString('hex');
        } finally {
          // Freed here, like LaneDigest.finish.
          const finished = context;
          context = null;
          if (finished !== null) this.lib.EVP_MD_CTX_free(finished);
        }
      },
      dispose: () => {
        const finished = context;
        context = null;
        if (finished !== null) this.lib.EVP_MD_CTX_free(finished);
      },
    };
  }
}

/** One digest of a file: its hex on finish, freed then. */
interface DigestPart {
  update(data: Uint8Array): Promise<void>;
  finish(): string;
  dispose(): void;
}

/** MD5 from an MD5-only lane context. */
function laneMd5Part(digest: LaneDigest): DigestPart {
  return {
    update: (data) => digest.update(data),
    finish: () => digest.finish().md5,
    dispose: () => digest.dispose(),
  };
}
