import koffi from 'koffi';

/**
 * Process-wide koffi set-up shared by the SDK and libcrypto bindings, plus the two primitives both
 * need: copying native bytes out by length, and promisified `.async` calls.
 */

/** koffi 3 returns pointers as BigInt, and NULL as null. */
export type NativePointer = bigint;

/**
 * koffi runs `.async` calls on its own stack block, 128 KiB by default. The vendor SDK has crashed on
 * small thread stacks (docs/wecom-sdk.md §1.5, WxJava #3744), so give async calls 1 MiB. koffi only accepts
 * configuration before the first library load, hence one place that every loader goes through.
 */
const ASYNC_STACK_BYTES = 1024 * 1024;
let configured = false;

export function configuredKoffi(): typeof koffi {
  if (!configured) {
    configured = true;
    try {
      koffi.config({ ...koffi.config(), async_stack_size: ASYNC_STACK_BYTES });
    } catch {
      // Some other code loaded a library first; the defaults still work for the stand-in.
    }
  }
  return koffi;
}

type MemcpyFunction = (destination: Uint8Array, source: NativePointer, length: number) => unknown;
let memcpy: MemcpyFunction | null = null;

/**
 * Copies exactly `length` bytes from native memory into a new Buffer — never NUL-terminated
 * decoding, never `koffi.view` (refused inside Electron). libc memcpy into a Buffer is used rather
 * than `koffi.decode(ptr, koffi.array('uint8_t', n))`: measured with koffi 3.3.4, every
 * `koffi.array()` type stays registered (~750 B each, 360 MB over 500k calls) and
 * `koffi.decode(ptr, 'uint8_t', n)` still grows RSS ~17 B per call; memcpy into a Buffer is flat.
 */
export function copyFromNative(
  pointer: NativePointer | null,
  length: number,
  /** Where to copy `length` bytes to (chunkBuffers.ts); a fresh Buffer by default. */
  allocate: (length: number) => Buffer = (size) => Buffer.allocUnsafe(size),
): Buffer {
  if (length <= 0) return Buffer.alloc(0);
  if (pointer === null) throw new Error(`native buffer is NULL but its length is ${length}`);
  memcpy ??= configuredKoffi()
    .load('libc.so.6')
    .func('void *memcpy(void *dest, const void *src, size_t n)') as unknown as MemcpyFunction;
  const copy = allocate(length);
  memcpy(copy, pointer, length);
  return copy;
}

type MemcmpFunction = (native: NativePointer, bytes: Uint8Array, length: number) => number;
let memcmp: MemcmpFunction | null = null;

/** True when the `length` bytes at `pointer` equal the first `length` bytes of `bytes` (libc memcmp). */
export function compareNative(pointer: NativePointer, bytes: Uint8Array, length: number): boolean {
  if (length > bytes.byteLength) return false;
  memcmp ??= configuredKoffi()
    .load('libc.so.6')
    .func('int memcmp(const void *s1, const void *s2, size_t n)') as unknown as MemcmpFunction;
  return memcmp(pointer, bytes, length) === 0;
}

/** The shape of a koffi function that we call through its `.async` member. */
export interface AsyncNativeFunction {
  async: (...args: unknown[]) => void;
}

/**
 * Runs a koffi `.async` call on the libuv pool. `keepAlive` holds every Buffer argument until the
 * callback: koffi passes Buffer memory by pointer and does not itself keep the JS object alive, so a
 * Buffer collected mid-call is a use-after-free (measured: ~50% wrong RSA results without it).
 */
export function callAsync<Result>(fn: AsyncNativeFunction, args: readonly unknown[]): Promise<Result> {
  return new Promise<Result>((resolve, reject) => {
    const keepAlive = args;
    fn.async(...args, (error: unknown, result: Result) => {
      void keepAlive;
      if (error) reject(error instanceof Error ? error : new Error(String(error)));
      else resolve(result);
    });
  });
}
