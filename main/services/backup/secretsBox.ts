import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';

/**
 * secrets.enc (docs/backup.md §4): what a backup must carry but nobody may read without the backup
 * passphrase — the archive's data key always, the corps' secrets and private keys and the signing key
 * only when the user ticked "include secrets". scrypt (N 2^15, r 8, p 1) derives a 256-bit key from
 * the passphrase; AES-256-GCM seals the JSON, bound (AAD) to the backup's id so the file cannot be
 * moved into another backup. The passphrase is never stored or logged.
 */

export const SECRETS_FORMAT = 'wecom-archive-backup-secrets/1';

export interface BackupSecrets {
  /** The archive's data key, base64 (main/services/dataKey). */
  dataKey: string;
  /** Secret store entries by name (corp secrets, private keys, signing key); absent unless included. */
  secrets?: Record<string, string>;
}

interface SecretsFile {
  format: typeof SECRETS_FORMAT;
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  cipher: 'AES-256-GCM';
  aad: string;
  iv: string;
  tag: string;
  ciphertext: string;
}

const SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const;
const MAX_MEM = 128 * 1024 * 1024;

/** The passphrase did not open secrets.enc (or the file was altered: GCM cannot tell which). */
export class BackupPassphraseError extends Error {
  constructor() {
    super('The backup passphrase is wrong, or secrets.enc was altered.');
    this.name = 'BackupPassphraseError';
  }
}

function deriveKey(
  passphrase: string,
  salt: Buffer,
  params: { N: number; r: number; p: number },
): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(passphrase.normalize('NFC'), salt, 32, { ...params, maxmem: MAX_MEM }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

export async function sealSecrets(
  passphrase: string,
  backupId: string,
  value: BackupSecrets,
): Promise<string> {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const key = await deriveKey(passphrase, salt, SCRYPT);
  try {
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(backupId, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    const file: SecretsFile = {
      format: SECRETS_FORMAT,
      kdf: { name: 'scrypt', ...SCRYPT, salt: salt.toString('base64') },
      cipher: 'AES-256-GCM',
      aad: backupId,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      ciphertext: ciphertext.toString('base64'),
    };
    return `${JSON.stringify(file, null, 1)}\n`;
  } finally {
    key.fill(0);
  }
}

/** Opens secrets.enc of backup `backupId`; BackupPassphraseError when it does not open. */
export async function openSecrets(
  passphrase: string,
  backupId: string,
  text: string,
): Promise<BackupSecrets> {
  let file: SecretsFile;
  try {
    file = JSON.parse(text) as SecretsFile;
  } catch {
    throw new Error('secrets.enc is not JSON.');
  }
  const { kdf } = file;
  if (
    file.format !== SECRETS_FORMAT ||
    file.cipher !== 'AES-256-GCM' ||
    kdf?.name !== 'scrypt' ||
    ![kdf.N, kdf.r, kdf.p].every((n) => Number.isInteger(n) && n > 0) ||
    kdf.N > 2 ** 20 ||
    kdf.r > 32 ||
    kdf.p > 16
  )
    throw new Error(`secrets.enc is not of format ${SECRETS_FORMAT}.`);
  if (file.aad !== backupId) throw new Error('secrets.enc belongs to another backup.');
  const key = await deriveKey(passphrase, Buffer.from(kdf.salt, 'base64'), kdf);
  let plain: string;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(file.iv, 'base64'));
    decipher.setAAD(Buffer.from(backupId, 'utf8'));
    decipher.setAuthTag(Buffer.from(file.tag, 'base64'));
    plain = Buffer.concat([
      decipher.update(Buffer.from(file.ciphertext, 'base64')),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    throw new BackupPassphraseError();
  } finally {
    key.fill(0);
  }
  const value = JSON.parse(plain) as BackupSecrets;
  if (typeof value.dataKey !== 'string' || Buffer.from(value.dataKey, 'base64').length !== 32)
    throw new Error('secrets.enc holds no valid data key.');
  return value;
}
