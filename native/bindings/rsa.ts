import { availableParallelism } from 'node:os';
import {
  constants,
  createPrivateKey,
  generateKeyPairSync,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import type { LibraryHandle } from 'koffi';
import { callAsync, configuredKoffi, type AsyncNativeFunction, type NativePointer } from './koffiRuntime';
import {
  decodeEncryptedRandomKey,
  normalizePrivateKeyPem,
  RsaDecryptError,
  validateRandomKey,
} from './randomKey';

/**
 * RSA-2048 PKCS#1 v1.5 private decryption of `encrypt_random_key` (docs/wecom-sdk.md §3.2 step 2).
 *
 * Node ≥ 20.11.1 refuses RSA_PKCS1_PADDING in `privateDecrypt` (CVE-2023-46809, nodejs/node #51799)
 * unless started with `--security-revert=CVE-2023-46809`; Electron's BoringSSL allows it. So the
 * factory probes `privateDecrypt` once with a generated key and falls back to the system
 * `libcrypto.so.3` through koffi when Node refuses. Either way the result is validated
 * (`validateRandomKey`), because implicit rejection turns a wrong key into garbage, not an error.
 */

export { RsaDecryptError, type RsaFailureReason } from './randomKey';

export type RsaBackendName = 'node-crypto' | 'libcrypto';
export type RsaBackendPreference = 'auto' | RsaBackendName;

export interface RandomKeyDecryptor {
  readonly backend: RsaBackendName;
  /** Human-readable backend description, e.g. the OpenSSL version and why node-crypto was skipped. */
  readonly description: string;
  /** Decrypts base64 `encrypt_random_key` with a PEM private key; returns the validated random key. */
  decrypt(privateKeyPem: string, encryptRandomKey: string): string;
  /** Same, off the event loop when the backend allows it (libcrypto: koffi `.async`). */
  decryptAsync(privateKeyPem: string, encryptRandomKey: string): Promise<string>;
  /** Releases cached native keys; call only when no decryptAsync is pending. */
  dispose(): void;
}

export type NodeCryptoProbe = { usable: true } | { usable: false; reason: string };

let probeResult: NodeCryptoProbe | null = null;

/** Self-test of `crypto.privateDecrypt` with PKCS#1 v1.5 padding on a fresh RSA-2048 key (once per process). */
export function probeNodeCryptoPkcs1(): NodeCryptoProbe {
  if (probeResult) return probeResult;
  try {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const plaintext = Buffer.from(randomBytes(16).toString('hex'));
    const ciphertext = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, plaintext);
    const decrypted = privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, ciphertext);
    probeResult = decrypted.equals(plaintext)
      ? { usable: true }
      : { usable: false, reason: 'privateDecrypt returned the wrong plaintext' };
  } catch (error) {
    probeResult = { usable: false, reason: error instanceof Error ? error.message : String(error) };
  }
  return probeResult;
}

export function createRandomKeyDecryptor(preference: RsaBackendPreference = 'auto'): RandomKeyDecryptor {
  if (preference === 'libcrypto') return new LibcryptoDecryptor('requested explicitly');
  // RSA dominates ingest cost. node:crypto's privateDecrypt is synchronous, so it uses one core;
  // libcrypto through koffi's async calls runs on worker threads and uses them all. Prefer it
  // whenever there is more than one core and the system libcrypto loads.
  if (preference === 'auto' && availableParallelism() > 1) {
    try {
      return new LibcryptoDecryptor('preferred: async calls use every core');
    } catch {
      // No usable system libcrypto: node:crypto below, if it allows PKCS#1 v1.5.
    }
  }
  const probe = probeNodeCryptoPkcs1();
  if (probe.usable) return new NodeCryptoDecryptor();
  if (preference === 'node-crypto') {
    throw new RsaDecryptError(
      'decrypt-failed',
      `node crypto cannot do PKCS#1 v1.5 decryption: ${probe.reason}`,
    );
  }
  return new LibcryptoDecryptor(`node crypto refused PKCS#1 v1.5: ${probe.reason}`);
}

class NodeCryptoDecryptor implements RandomKeyDecryptor {
  readonly backend = 'node-crypto';
  readonly description = `node crypto.privateDecrypt (${process.versions.openssl ? `OpenSSL ${process.versions.openssl}` : 'BoringSSL'})`;
  private readonly keys = new Map<string, KeyObject>();

  decrypt(privateKeyPem: string, encryptRandomKey: string): string {
    const key = this.keyFor(privateKeyPem);
    const ciphertext = decodeEncryptedRandomKey(encryptRandomKey);
    checkCiphertextLength(ciphertext, (key.asymmetricKeyDetails?.modulusLength ?? 2048) / 8);
    let plaintext: Buffer;
    try {
      plaintext = privateDecrypt({ key, padding: constants.RSA_PKCS1_PADDING }, ciphertext);
    } catch (error) {
      throw new RsaDecryptError('decrypt-failed', `RSA decryption failed: ${opensslReason(error)}`);
    }
    return validateRandomKey(plaintext);
  }

  decryptAsync(privateKeyPem: string, encryptRandomKey: string): Promise<string> {
    try {
      return Promise.resolve(this.decrypt(privateKeyPem, encryptRandomKey));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  dispose(): void {
    this.keys.clear();
  }

  private keyFor(privateKeyPem: string): KeyObject {
    const cached = this.keys.get(privateKeyPem);
    if (cached) return cached;
    let key: KeyObject;
    try {
      key = createPrivateKey({ key: normalizePrivateKeyPem(privateKeyPem), format: 'pem' });
    } catch (error) {
      if (error instanceof RsaDecryptError) throw error;
      throw new RsaDecryptError('bad-private-key', 'the private key cannot be parsed (PKCS#1 or PKCS#8 PEM)');
    }
    if (key.asymmetricKeyType !== 'rsa') {
      throw new RsaDecryptError(
        'bad-private-key',
        `the private key is ${key.asymmetricKeyType ?? 'unknown'}, not RSA`,
      );
    }
    this.keys.set(privateKeyPem, key);
    return key;
  }
}

function checkCiphertextLength(ciphertext: Uint8Array, modulusBytes: number): void {
  if (ciphertext.length !== modulusBytes) {
    throw new RsaDecryptError(
      'bad-ciphertext',
      `encrypt_random_key is ${ciphertext.length} bytes, the key's modulus is ${modulusBytes} bytes`,
    );
  }
}

/** OpenSSL's reason text without anything from the input. */
function opensslReason(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown error';
  const reason = (error as Error & { reason?: unknown }).reason;
  return typeof reason === 'string' ? reason : error.message;
}

const EVP_PKEY_RSA = 6;
const RSA_PKCS1_PADDING = 1;

interface LibcryptoFunctions {
  OpenSSL_version(type: number): string | null;
  BIO_new_mem_buf(buffer: Uint8Array, length: number): NativePointer | null;
  BIO_free(bio: NativePointer): number;
  PEM_read_bio_PrivateKey(
    bio: NativePointer,
    out: null,
    callback: null,
    passphrase: string,
  ): NativePointer | null;
  EVP_PKEY_free(key: NativePointer): void;
  EVP_PKEY_get_base_id(key: NativePointer): number;
  EVP_PKEY_get_size(key: NativePointer): number;
  EVP_PKEY_CTX_new(key: NativePointer, engine: null): NativePointer | null;
  EVP_PKEY_CTX_free(context: NativePointer): void;
  EVP_PKEY_decrypt_init(context: NativePointer): number;
  EVP_PKEY_CTX_set_rsa_padding(context: NativePointer, padding: number): number;
  EVP_PKEY_decrypt(
    context: NativePointer,
    out: Uint8Array,
    outLength: [number],
    input: Uint8Array,
    inputLength: number,
  ): number;
  ERR_get_error(): number | bigint;
  ERR_error_string_n(code: number | bigint, buffer: Uint8Array, length: number): void;
  ERR_clear_error(): void;
}

const LIBCRYPTO_PROTOTYPES: Readonly<Record<keyof LibcryptoFunctions, string>> = {
  OpenSSL_version: 'const char *OpenSSL_version(int type)',
  BIO_new_mem_buf: 'void *BIO_new_mem_buf(const void *buf, int len)',
  BIO_free: 'int BIO_free(void *bio)',
  // u = "" makes OpenSSL's default callback use an empty passphrase instead of prompting on a TTY.
  PEM_read_bio_PrivateKey: 'void *PEM_read_bio_PrivateKey(void *bio, void *x, void *cb, const char *u)',
  EVP_PKEY_free: 'void EVP_PKEY_free(void *pkey)',
  EVP_PKEY_get_base_id: 'int EVP_PKEY_get_base_id(const void *pkey)',
  EVP_PKEY_get_size: 'int EVP_PKEY_get_size(const void *pkey)',
  EVP_PKEY_CTX_new: 'void *EVP_PKEY_CTX_new(void *pkey, void *engine)',
  EVP_PKEY_CTX_free: 'void EVP_PKEY_CTX_free(void *ctx)',
  EVP_PKEY_decrypt_init: 'int EVP_PKEY_decrypt_init(void *ctx)',
  EVP_PKEY_CTX_set_rsa_padding: 'int EVP_PKEY_CTX_set_rsa_padding(void *ctx, int padding)',
  EVP_PKEY_decrypt:
    'int EVP_PKEY_decrypt(void *ctx, void *out, _Inout_ size_t *outlen, const void *in, size_t inlen)',
  ERR_get_error: 'unsigned long ERR_get_error()',
  ERR_error_string_n: 'void ERR_error_string_n(unsigned long e, void *buf, size_t len)',
  ERR_clear_error: 'void ERR_clear_error()',
};

interface CachedNativeKey {
  pointer: NativePointer;
  modulusBytes: number;
}

/**
 * System OpenSSL through koffi. `deep: true` (RTLD_DEEPBIND) is required inside Node: otherwise
 * ~3,200 of libcrypto's symbols bind to the OpenSSL statically linked into `node` (docs/platform-facts.md §2).
 */
class LibcryptoDecryptor implements RandomKeyDecryptor {
  readonly backend = 'libcrypto';
  readonly description: string;
  private readonly lib: LibcryptoFunctions;
  private readonly decryptNative: AsyncNativeFunction;
  private readonly keys = new Map<string, CachedNativeKey>();

  constructor(whyNotNode: string) {
    const koffi = configuredKoffi();
    let library: LibraryHandle;
    try {
      library = koffi.load('libcrypto.so.3', { deep: true });
    } catch (error) {
      throw new RsaDecryptError(
        'decrypt-failed',
        `no RSA PKCS#1 v1.5 backend: ${whyNotNode}; libcrypto.so.3 cannot be loaded (${error instanceof Error ? error.message : String(error)})`,
      );
    }
    const functions: Partial<Record<keyof LibcryptoFunctions, unknown>> = {};
    for (const [name, prototype] of Object.entries(LIBCRYPTO_PROTOTYPES)) {
      functions[name as keyof LibcryptoFunctions] = library.func(prototype);
    }
    this.lib = functions as LibcryptoFunctions;
    this.decryptNative = functions.EVP_PKEY_decrypt as AsyncNativeFunction;
    this.description = `libcrypto.so.3 via koffi (${this.lib.OpenSSL_version(0) ?? 'OpenSSL 3'}); ${whyNotNode}`;
  }

  decrypt(privateKeyPem: string, encryptRandomKey: string): string {
    const { context, ciphertext, out, outLength } = this.prepare(privateKeyPem, encryptRandomKey);
    try {
      const rc = this.lib.EVP_PKEY_decrypt(context, out, outLength, ciphertext, ciphertext.length);
      return this.finish(rc, out, outLength);
    } finally {
      this.lib.EVP_PKEY_CTX_free(context);
    }
  }

  async decryptAsync(privateKeyPem: string, encryptRandomKey: string): Promise<string> {
    const { context, ciphertext, out, outLength } = this.prepare(privateKeyPem, encryptRandomKey);
    try {
      // The context is per call; the EVP_PKEY is shared read-only, which OpenSSL 3 allows across threads.
      const rc = await callAsync<number>(this.decryptNative, [
        context,
        out,
        outLength,
        ciphertext,
        ciphertext.length,
      ]);
      return this.finish(rc, out, outLength);
    } finally {
      this.lib.EVP_PKEY_CTX_free(context);
    }
  }

  dispose(): void {
    for (const key of this.keys.values()) this.lib.EVP_PKEY_free(key.pointer);
    this.keys.clear();
  }

  private prepare(
    privateKeyPem: string,
    encryptRandomKey: string,
  ): { context: NativePointer; ciphertext: Uint8Array; out: Buffer; outLength: [number] } {
    const key = this.keyFor(privateKeyPem);
    const ciphertext = decodeEncryptedRandomKey(encryptRandomKey);
    checkCiphertextLength(ciphertext, key.modulusBytes);
    const context = this.lib.EVP_PKEY_CTX_new(key.pointer, null);
    if (context === null)
      throw new RsaDecryptError('decrypt-failed', `EVP_PKEY_CTX_new failed: ${this.lastError()}`);
    if (
      this.lib.EVP_PKEY_decrypt_init(context) <= 0 ||
      this.lib.EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PADDING) <= 0
    ) {
      const reason = this.lastError();
      this.lib.EVP_PKEY_CTX_free(context);
      throw new RsaDecryptError('decrypt-failed', `cannot set up PKCS#1 v1.5 decryption: ${reason}`);
    }
    return { context, ciphertext, out: Buffer.alloc(key.modulusBytes), outLength: [key.modulusBytes] };
  }

  private finish(rc: number, out: Buffer, outLength: [number]): string {
    if (rc <= 0) {
      // After an async call the reason sits in the worker thread's error queue; say what we know.
      throw new RsaDecryptError('decrypt-failed', `RSA decryption failed: ${this.lastError()}`);
    }
    return validateRandomKey(out.subarray(0, outLength[0]));
  }

  private keyFor(privateKeyPem: string): CachedNativeKey {
    const cached = this.keys.get(privateKeyPem);
    if (cached) return cached;
    const pem = Buffer.from(normalizePrivateKeyPem(privateKeyPem), 'utf8');
    const bio = this.lib.BIO_new_mem_buf(pem, pem.length);
    if (bio === null) throw new RsaDecryptError('bad-private-key', 'BIO_new_mem_buf failed');
    let pointer: NativePointer | null;
    try {
      pointer = this.lib.PEM_read_bio_PrivateKey(bio, null, null, '');
    } finally {
      this.lib.BIO_free(bio);
    }
    if (pointer === null) {
      this.lib.ERR_clear_error();
      throw new RsaDecryptError('bad-private-key', 'the private key cannot be parsed (PKCS#1 or PKCS#8 PEM)');
    }
    if (this.lib.EVP_PKEY_get_base_id(pointer) !== EVP_PKEY_RSA) {
      this.lib.EVP_PKEY_free(pointer);
      throw new RsaDecryptError('bad-private-key', 'the private key is not an RSA key');
    }
    const key = { pointer, modulusBytes: this.lib.EVP_PKEY_get_size(pointer) };
    this.keys.set(privateKeyPem, key);
    return key;
  }

  private lastError(): string {
    const code = this.lib.ERR_get_error();
    if (code === 0 || code === 0n) return 'no OpenSSL error recorded';
    const buffer = Buffer.alloc(256);
    this.lib.ERR_error_string_n(code, buffer, buffer.length);
    this.lib.ERR_clear_error();
    const end = buffer.indexOf(0);
    return buffer.subarray(0, end < 0 ? buffer.length : end).toString('latin1');
  }
}
