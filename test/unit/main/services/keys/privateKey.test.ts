import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KeyParseError, normalizePrivateKey } from '../../../../../main/services/keys/privateKey';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pkcs1 = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const spki = publicKey.export({ type: 'spki', format: 'pem' }).toString();

const bodyOf = (pem: string) => pem.split('\n').filter((line) => line && !line.startsWith('-----'));

function problemOf(text: string): string {
  try {
    normalizePrivateKey(text);
  } catch (error) {
    if (error instanceof KeyParseError) return error.problem;
    throw error;
  }
  return 'accepted';
}

describe('normalizePrivateKey', () => {
  it('accepts PKCS#1 and PKCS#8 PEM and yields the same canonical PKCS#1 key', () => {
    const a = normalizePrivateKey(pkcs1);
    const b = normalizePrivateKey(pkcs8);
    expect(a.sourceFormat).toBe('pkcs1-pem');
    expect(b.sourceFormat).toBe('pkcs8-pem');
    expect(a.pem).toBe(pkcs1);
    expect(b.pem).toBe(pkcs1);
    expect(a.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(b.fingerprint).toBe(a.fingerprint);
    expect(a.modulusBits).toBe(2048);
  });

  it('accepts header-less keys with and without line breaks (去掉头尾)', () => {
    const lines = bodyOf(pkcs1);
    expect(normalizePrivateKey(lines.join('')).sourceFormat).toBe('bare-pkcs1');
    expect(normalizePrivateKey(lines.join('\r\n')).pem).toBe(pkcs1);
    expect(normalizePrivateKey(`  ${lines.join(' ')}  `).pem).toBe(pkcs1);
    expect(normalizePrivateKey(bodyOf(pkcs8).join('')).sourceFormat).toBe('bare-pkcs8');
  });

  it('accepts Windows line endings, a BOM and surrounding blank lines', () => {
    expect(normalizePrivateKey(`\uFEFF\n\n${pkcs1.replace(/\n/g, '\r\n')}\n`).pem).toBe(pkcs1);
  });

  it('rejects public keys, encrypted keys, damaged PEM and non-base64 with specific problems', () => {
    expect(problemOf(spki)).toBe('public-key');
    const encrypted = privateKey
      .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' })
      .toString();
    expect(problemOf(encrypted)).toBe('encrypted-key');
    expect(problemOf('')).toBe('empty');
    expect(problemOf('   \n ')).toBe('empty');
    expect(problemOf(pkcs1.replace('-----END RSA PRIVATE KEY-----', ''))).toBe('unparseable');
    expect(problemOf('这不是私钥')).toBe('not-base64');
    expect(problemOf(Buffer.from('hello world, not a key').toString('base64'))).toBe('unparseable');
  });

  it('rejects RSA keys that are not 2048 bits and non-RSA keys', () => {
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    expect(problemOf(small.export({ type: 'pkcs1', format: 'pem' }).toString())).toBe('not-2048');
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    expect(problemOf(ec.export({ type: 'pkcs8', format: 'pem' }).toString())).toBe('not-rsa');
  });

  it('never includes key material in error messages', () => {
    const damaged = pkcs1.slice(0, 200);
    try {
      normalizePrivateKey(damaged);
      expect.unreachable();
    } catch (error) {
      const message = (error as Error).message;
      for (const line of bodyOf(pkcs1).slice(0, 2)) expect(message).not.toContain(line.slice(0, 20));
    }
  });
});
