/**
 * Pure helpers around the RSA step of docs/wecom-sdk.md §3.2: private-key PEM normalisation, strict base64 of
 * `encrypt_random_key`, and validation of the decrypted random key. No koffi, no node imports.
 */

export type RsaFailureReason = 'bad-private-key' | 'bad-ciphertext' | 'decrypt-failed' | 'invalid-random-key';

/** RSA step failed. The message never contains key material or the decrypted bytes. */
export class RsaDecryptError extends Error {
  override readonly name = 'RsaDecryptError';

  constructor(
    readonly reason: RsaFailureReason,
    message: string,
  ) {
    super(message);
  }
}

const PEM_BLOCK = /-----BEGIN ((?:RSA )?PRIVATE KEY)-----([\s\S]*?)-----END \1-----/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Accepts PKCS#1 (`RSA PRIVATE KEY`) or PKCS#8 (`PRIVATE KEY`) PEM, or the header-less base64 form some
 * consoles ask for (docs/wecom-sdk.md §3.4 "去掉头尾"), and returns a PEM block both OpenSSL and node read.
 */
export function normalizePrivateKeyPem(text: string): string {
  const block = PEM_BLOCK.exec(text);
  const label = block ? block[1] : undefined;
  const body = (block ? (block[2] ?? '') : text).replace(/\s+/g, '');
  if (/-----(BEGIN|END)/.test(block ? '' : text)) {
    throw new RsaDecryptError('bad-private-key', 'not an unencrypted RSA private key PEM (PKCS#1 or PKCS#8)');
  }
  if (body.length === 0 || body.length % 4 !== 0 || !BASE64.test(body)) {
    throw new RsaDecryptError('bad-private-key', 'the private key body is not base64');
  }
  const pemLabel = label ?? (derLooksLikePkcs8(base64ToBytes(body)) ? 'PRIVATE KEY' : 'RSA PRIVATE KEY');
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${pemLabel}-----\n${lines.join('\n')}\n-----END ${pemLabel}-----\n`;
}

/** SEQUENCE { INTEGER 0, SEQUENCE AlgorithmIdentifier … } is PKCS#8; PKCS#1 has the modulus INTEGER there. */
function derLooksLikePkcs8(der: Uint8Array): boolean {
  if (der[0] !== 0x30) return false;
  const lengthByte = der[1] ?? 0;
  const headerLength = lengthByte < 0x80 ? 2 : 2 + (lengthByte & 0x7f);
  return der[headerLength] === 0x02 && der[headerLength + 1] === 0x01 && der[headerLength + 3] === 0x30;
}

/** Strict base64 (the SDK's own alphabet, padded); throws `bad-ciphertext` otherwise. */
export function decodeEncryptedRandomKey(encryptRandomKey: string): Uint8Array {
  const compact = encryptRandomKey.trim();
  if (compact.length === 0 || compact.length % 4 !== 0 || !BASE64.test(compact)) {
    throw new RsaDecryptError('bad-ciphertext', 'encrypt_random_key is not base64');
  }
  return base64ToBytes(compact);
}

function base64ToBytes(text: string): Uint8Array {
  // atob is a global in Node ≥ 16 and in Electron; keeps this file free of node imports.
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/** The stand-in's keys are 32 chars of [A-Za-z0-9]; the vendor's exact form is unknown (docs/wecom-sdk.md §3.3 [UNK]). */
export const RANDOM_KEY_MIN_LENGTH = 8;
/** RSA-2048 PKCS#1 v1.5 carries at most 245 bytes. */
export const RANDOM_KEY_MAX_LENGTH = 245;

/**
 * The decrypted random key must be printable ASCII of a sane length: DecryptData takes it as a C
 * string (docs/wecom-sdk.md §3.3), and with implicit rejection (OpenSSL ≥ 3.2, Node ≥ 22) a wrong private key
 * yields pseudo-random bytes instead of an error — those almost never pass this check.
 */
export function validateRandomKey(bytes: Uint8Array): string {
  if (bytes.length < RANDOM_KEY_MIN_LENGTH || bytes.length > RANDOM_KEY_MAX_LENGTH) {
    throw new RsaDecryptError(
      'invalid-random-key',
      `the decrypted random key has ${bytes.length} bytes (expected ${RANDOM_KEY_MIN_LENGTH}–${RANDOM_KEY_MAX_LENGTH}); wrong private key version?`,
    );
  }
  let text = '';
  for (const byte of bytes) {
    if (byte < 0x21 || byte > 0x7e) {
      throw new RsaDecryptError(
        'invalid-random-key',
        'the decrypted random key is not printable ASCII; wrong private key version?',
      );
    }
    text += String.fromCharCode(byte);
  }
  return text;
}
