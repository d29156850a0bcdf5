import { createHash, type Hash } from 'node:crypto';
import type { LibraryHandle } from 'koffi';
import { callAsync, configuredKoffi, type AsyncNativeFunction, type NativePointer } from './koffiRuntime';

/**
 * MD5 (checked against the SDK's md5sum) and SHA-256 (the content address) of media files, in the
 * SDK host. Large pieces are hashed by the system libcrypto through koffi `.async` calls: the two
 * digests run side by side on libuv worker threads and the host's event loop stays free for the
 * next chunk and for chat pulls (a 100 MB video is ~170 ms of MD5+SHA-256). Small pieces are hashed
 * at once, where a thread hop would cost more than the hashing. Without libcrypto, node:crypto
 * does all of it on the event loop.
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

export interface MediaDigester {
  readonly backend: 'libcrypto' | 'node-crypto';
  /** Digests of one piece of data (a file that came in one chunk). */
  digest(data: Uint8Array): Promise<Digests>;
  /** Digests of data that arrives in pieces (a file of several chunks). */
  create(): RunningDigest;
}

/** Below this, hashing on the event loop is cheaper than a hop to a worker thread and back. */
const ASYNC_FROM_BYTES = 64 * 1024;

export function createMediaDigester(): MediaDigester {
  try {
    return new LibcryptoDigester();
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
 * libcrypto's EVP digests. `deep: true` (RTLD_DEEPBIND) as for RSA: inside Node, libcrypto's own
 * symbols must not bind to the OpenSSL linked into `node`.
 */
class LibcryptoDigester implements MediaDigester {
  readonly backend = 'libcrypto';
  private readonly lib: DigestFunctions;
  private readonly updateAsync: AsyncNativeFunction;
  private readonly digestAsync: AsyncNativeFunction;
  private readonly md5Type: NativePointer;
  private readonly sha256Type: NativePointer;

  constructor() {
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
    const [md5, sha256] = await Promise.all([one(this.md5Type), one(this.sha256Type)]);
    return { md5, sha256 };
  }

  create(): RunningDigest {
    return new LibcryptoRunningDigest(this.lib, this.updateAsync, this.md5Type, this.sha256Type);
  }
}

/** Two EVP_MD_CTX (MD5, SHA-256), updated side by side; freed once no update is running on them. */
class LibcryptoRunningDigest implements RunningDigest {
  private contexts: [NativePointer, NativePointer] | null;
  /** Updates in order: each waits for the one before (EVP contexts are not thread-safe). */
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;
  private disposed = false;

  constructor(
    private readonly lib: DigestFunctions,
    private readonly updateAsync: AsyncNativeFunction,
    md5Type: NativePointer,
    sha256Type: NativePointer,
  ) {
    const md5 = lib.EVP_MD_CTX_new();
    const sha256 = lib.EVP_MD_CTX_new();
    if (
      md5 === null ||
      sha256 === null ||
      lib.EVP_DigestInit_ex(md5, md5Type, null) !== 1 ||
      lib.EVP_DigestInit_ex(sha256, sha256Type, null) !== 1
    ) {
      if (md5 !== null) lib.EVP_MD_CTX_free(md5);
      if (sha256 !== null) lib.EVP_MD_CTX_free(sha256);
      throw new Error('libcrypto cannot set up MD5/SHA-256 digests');
    }
    this.contexts = [md5, sha256];
  }

  update(data: Uint8Array): Promise<void> {
    this.pending += 1;
    const step = this.tail.then(async () => {
      const contexts = this.contexts;
      if (!contexts || this.disposed) throw new Error('the digest is finished');
      const [md5, sha256] = contexts;
      if (data.byteLength < ASYNC_FROM_BYTES) {
        if (
          this.lib.EVP_DigestUpdate(md5, data, data.byteLength) !== 1 ||
          this.lib.EVP_DigestUpdate(sha256, data, data.byteLength) !== 1
        )
          throw new Error('libcrypto EVP_DigestUpdate failed');
        return;
      }
      const results = await Promise.all([
        callAsync<number>(this.updateAsync, [md5, data, data.byteLength]),
        callAsync<number>(this.updateAsync, [sha256, data, data.byteLength]),
      ]);
      if (results.some((rc) => rc !== 1)) throw new Error('libcrypto EVP_DigestUpdate failed');
    });
    const settled = step.finally(() => {
      this.pending -= 1;
      if (this.disposed) this.free();
    });
    this.tail = settled.catch(() => undefined);
    return settled;
  }

  async finish(): Promise<Digests> {
    await this.tail;
    const contexts = this.contexts;
    if (!contexts || this.disposed) throw new Error('the digest is finished');
    const hex = (context: NativePointer): string => {
      const out = Buffer.alloc(32);
      const length: [number] = [0];
      if (this.lib.EVP_DigestFinal_ex(context, out, length) !== 1)
        throw new Error('libcrypto EVP_DigestFinal_ex failed');
      return out.subarray(0, length[0]).toString('hex');
    };
    try {
      return { md5: hex(contexts[0]), sha256: hex(contexts[1]) };
    } finally {
      this.dispose();
    }
  }

  dispose(): void {
    this.disposed = true;
    if (this.pending === 0) this.free();
  }

  private free(): void {
    const contexts = this.contexts;
    this.contexts = null;
    if (!contexts) return;
    this.lib.EVP_MD_CTX_free(contexts[0]);
    this.lib.EVP_MD_CTX_free(contexts[1]);
  }
}
