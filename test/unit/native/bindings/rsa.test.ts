import { availableParallelism } from 'node:os';
import { constants, generateKeyPairSync, publicEncrypt, type KeyObject } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import {
  decodeEncryptedRandomKey,
  normalizePrivateKeyPem,
  RsaDecryptError,
  validateRandomKey,
} from '../../../../native/bindings/randomKey';
import {
  createRandomKeyDecryptor,
  probeNodeCryptoPkcs1,
  type RandomKeyDecryptor,
} from '../../../../native/bindings/rsa';

const right = generateKeyPairSync('rsa', { modulusLength: 2048 });
const wrong = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pkcs1 = right.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const pkcs8 = right.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const wrongPem = wrong.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();

function encryptRandomKey(publicKey: KeyObject, randomKey: string): string {
  return publicEncrypt(
    { key: publicKey, padding: constants.RSA_PKCS1_PADDING },
    Buffer.from(randomKey),
  ).toString('base64');
}

function reasonOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof RsaDecryptError) return error.reason;
    throw error;
  }
  return 'no error';
}

describe('private key PEM normalisation', () => {
  const bare = (pem: string) =>
    pem
      .split('\n')
      .filter((line) => line && !line.startsWith('-----'))
      .join('');

  it('keeps PKCS#1 and PKCS#8 labels and re-wraps header-less keys by their DER form', () => {
    expect(normalizePrivateKeyPem(pkcs1)).toBe(pkcs1);
    expect(normalizePrivateKeyPem(pkcs8)).toBe(pkcs8);
    expect(normalizePrivateKeyPem(bare(pkcs1))).toBe(pkcs1);
    expect(normalizePrivateKeyPem(bare(pkcs8))).toBe(pkcs8);
  });

  it('refuses public keys, encrypted keys and non-base64 bodies without quoting them', () => {
    const spki = right.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const encrypted = right.privateKey
      .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' })
      .toString();
    for (const text of [spki, encrypted, 'not a key!', '']) {
      expect(reasonOf(() => normalizePrivateKeyPem(text))).toBe('bad-private-key');
    }
  });
});

describe('random key checks', () => {
  it('decodes strict base64 only', () => {
    expect(decodeEncryptedRandomKey('AAEC')).toEqual(new Uint8Array([0, 1, 2]));
    expect(reasonOf(() => decodeEncryptedRandomKey('AAE'))).toBe('bad-ciphertext');
    expect(reasonOf(() => decodeEncryptedRandomKey('AA!C'))).toBe('bad-ciphertext');
    expect(reasonOf(() => decodeEncryptedRandomKey(''))).toBe('bad-ciphertext');
  });

  it('accepts printable ASCII keys of a sane length and refuses garbage', () => {
    expect(validateRandomKey(Buffer.from('Ab3dEf7hIj9kLm1nOp2qRs4tUv6wXy8z'))).toBe(
      'Ab3dEf7hIj9kLm1nOp2qRs4tUv6wXy8z',
    );
    expect(reasonOf(() => validateRandomKey(Buffer.from('short')))).toBe('invalid-random-key');
    expect(reasonOf(() => validateRandomKey(Buffer.from('has a space in it')))).toBe('invalid-random-key');
    expect(
      reasonOf(() => validateRandomKey(Buffer.from([0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x00]))),
    ).toBe('invalid-random-key');
    expect(reasonOf(() => validateRandomKey(Buffer.alloc(246, 0x41)))).toBe('invalid-random-key');
  });
});

describe('node crypto probe', () => {
  it('reports whether this runtime allows PKCS#1 v1.5 private decryption', () => {
    const probe = probeNodeCryptoPkcs1();
    // vitest workers run without --security-revert, so Node 20 refuses (CVE-2023-46809).
    if (!probe.usable) expect(probe.reason).toMatch(/RSA_PKCS1_PADDING|CVE-2023-46809/);
    // With several cores, auto prefers libcrypto's async calls (every core); on one core node crypto
    // when it allows PKCS#1 v1.5, libcrypto otherwise.
    const auto = createRandomKeyDecryptor('auto');
    const expected = availableParallelism() > 1 || !probe.usable ? 'libcrypto' : 'node-crypto';
    expect(auto.backend).toBe(expected);
    if (availableParallelism() > 1) expect(auto.description).toContain('async calls use every core');
    else if (!probe.usable) expect(auto.description).toContain('node crypto refused PKCS#1 v1.5');
    auto.dispose();
  });
});

const backends: Array<'libcrypto' | 'node-crypto'> = probeNodeCryptoPkcs1().usable
  ? ['libcrypto', 'node-crypto']
  : ['libcrypto'];

describe.each(backends)('%s backend', (backend) => {
  const decryptor: RandomKeyDecryptor = createRandomKeyDecryptor(backend);
  afterAll(() => decryptor.dispose());
  const randomKey = 'Ab3dEf7hIj9kLm1nOp2qRs4tUv6wXy8z';
  const ciphertext = encryptRandomKey(right.publicKey, randomKey);

  it('decrypts with PKCS#1 and PKCS#8 keys, sync and async', async () => {
    expect(decryptor.backend).toBe(backend);
    expect(decryptor.decrypt(pkcs1, ciphertext)).toBe(randomKey);
    expect(decryptor.decrypt(pkcs8, ciphertext)).toBe(randomKey);
    await expect(decryptor.decryptAsync(pkcs1, ciphertext)).resolves.toBe(randomKey);
  });

  it('keeps 200 concurrent async decryptions apart', async () => {
    const keys = Array.from({ length: 200 }, (_, index) => `random-key-${String(index).padStart(6, '0')}`);
    const ciphertexts = keys.map((key) => encryptRandomKey(right.publicKey, key));
    const results = await Promise.all(ciphertexts.map((text) => decryptor.decryptAsync(pkcs8, text)));
    expect(results).toEqual(keys);
  });

  it('fails clearly for a wrong key, bad input and a bad PEM', async () => {
    expect(['decrypt-failed', 'invalid-random-key']).toContain(
      reasonOf(() => decryptor.decrypt(wrongPem, ciphertext)),
    );
    await expect(decryptor.decryptAsync(wrongPem, ciphertext)).rejects.toBeInstanceOf(RsaDecryptError);
    expect(reasonOf(() => decryptor.decrypt(pkcs1, ciphertext.slice(4)))).toBe('bad-ciphertext');
    expect(reasonOf(() => decryptor.decrypt(pkcs1, Buffer.alloc(128).toString('base64')))).toBe(
      'bad-ciphertext',
    );
    expect(
      reasonOf(() =>
        decryptor.decrypt('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----', ciphertext),
      ),
    ).toBe('bad-private-key');
  });

  it('refuses a decrypted key that is not printable text', () => {
    const binary = publicEncrypt(
      { key: right.publicKey, padding: constants.RSA_PKCS1_PADDING },
      Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
    ).toString('base64');
    expect(reasonOf(() => decryptor.decrypt(pkcs1, binary))).toBe('invalid-random-key');
  });

  it('never puts key material in error messages', () => {
    try {
      decryptor.decrypt(wrongPem, ciphertext);
    } catch (error) {
      const message = (error as Error).message;
      const body = wrongPem.split('\n')[1] ?? '';
      expect(message).not.toContain(body.slice(0, 20));
    }
  });
});
