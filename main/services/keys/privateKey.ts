import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

/**
 * Normalises a pasted or imported RSA private key (docs/wecom-sdk.md §3.4): PKCS#1 or PKCS#8 PEM, or the
 * "去掉头尾" form (base64 without BEGIN/END lines, with or without line breaks). The result is
 * canonical PKCS#1 PEM; the key text itself never appears in an error.
 */
export type KeyProblem =
  | 'empty'
  | 'encrypted-key'
  | 'public-key'
  | 'certificate'
  | 'not-base64'
  | 'unparseable'
  | 'not-rsa'
  | 'not-2048';

export class KeyParseError extends Error {
  constructor(
    readonly problem: KeyProblem,
    message: string,
  ) {
    super(message);
    this.name = 'KeyParseError';
  }
}

export interface NormalizedPrivateKey {
  /** Canonical PKCS#1 PEM (`-----BEGIN RSA PRIVATE KEY-----`, 64-char lines). */
  pem: string;
  /** The form it arrived in. */
  sourceFormat: 'pkcs1-pem' | 'pkcs8-pem' | 'bare-pkcs1' | 'bare-pkcs8';
  /** First 16 hex chars of SHA-256 over the SPKI DER public key. */
  fingerprint: string;
  modulusBits: number;
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/;
const BASE64_BODY = /^[A-Za-z0-9+/]+={0,2}$/;

export function normalizePrivateKey(text: string): NormalizedPrivateKey {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed.length === 0) throw new KeyParseError('empty', 'The private key is empty.');

  const block = PEM_BLOCK.exec(trimmed);
  if (block) {
    const label = block[1] ?? '';
    if (label === 'ENCRYPTED PRIVATE KEY' || /Proc-Type:\s*4,ENCRYPTED/.test(block[2] ?? '')) {
      throw new KeyParseError(
        'encrypted-key',
        'The private key is password-protected; export it without a passphrase.',
      );
    }
    if (label === 'PUBLIC KEY' || label === 'RSA PUBLIC KEY') {
      throw new KeyParseError('public-key', 'This is a public key; import the matching private key.');
    }
    if (label === 'CERTIFICATE')
      throw new KeyParseError('certificate', 'This is a certificate, not a private key.');
    if (label === 'RSA PRIVATE KEY') return fromDer(pemBody(block[2] ?? ''), 'pkcs1', 'pkcs1-pem');
    if (label === 'PRIVATE KEY') return fromDer(pemBody(block[2] ?? ''), 'pkcs8', 'pkcs8-pem');
    throw new KeyParseError('unparseable', `Unsupported PEM block "${label}".`);
  }
  if (/-----BEGIN|-----END/.test(trimmed)) {
    throw new KeyParseError(
      'unparseable',
      'The PEM header or footer is damaged (BEGIN/END lines do not match).',
    );
  }
  const der = pemBody(trimmed);
  return derLooksLikePkcs8(der) ? fromDer(der, 'pkcs8', 'bare-pkcs8') : fromDer(der, 'pkcs1', 'bare-pkcs1');
}

/**
 * Both forms open with SEQUENCE { INTEGER 0, … }; PKCS#8 continues with the AlgorithmIdentifier
 * SEQUENCE (0x30), PKCS#1 with the modulus INTEGER (0x02). OpenSSL would accept either under
 * either type hint, so the DER decides which form we report.
 */
function derLooksLikePkcs8(der: Buffer): boolean {
  if (der[0] !== 0x30) return false;
  const lengthByte = der[1] ?? 0;
  const headerLength = lengthByte < 0x80 ? 2 : 2 + (lengthByte & 0x7f);
  const versionEnd = headerLength + 3; // 02 01 00
  return der[headerLength] === 0x02 && der[headerLength + 1] === 0x01 && der[versionEnd] === 0x30;
}

function pemBody(body: string): Buffer {
  const compact = body.replace(/\s+/g, '');
  if (compact.length === 0 || compact.length % 4 === 1 || !BASE64_BODY.test(compact)) {
    throw new KeyParseError('not-base64', 'The key body is not base64 text.');
  }
  return Buffer.from(compact, 'base64');
}

function fromDer(
  der: Buffer,
  type: 'pkcs1' | 'pkcs8',
  sourceFormat: NormalizedPrivateKey['sourceFormat'],
): NormalizedPrivateKey {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: der, format: 'der', type });
  } catch {
    throw new KeyParseError('unparseable', `The key could not be read as ${type.toUpperCase()} DER.`);
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new KeyParseError('not-rsa', `The key is ${key.asymmetricKeyType ?? 'unknown'}, not RSA.`);
  }
  const modulusBits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (modulusBits !== 2048) {
    throw new KeyParseError('not-2048', `WeCom uses RSA-2048 keys; this key has ${modulusBits} bits.`);
  }
  const pem = key.export({ type: 'pkcs1', format: 'pem' }).toString();
  return { pem, sourceFormat, fingerprint: keyFingerprint(key), modulusBits };
}

export function keyFingerprint(privateKey: KeyObject): string {
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('hex').slice(0, 16);
}
