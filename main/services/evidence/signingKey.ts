import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  type KeyObject,
} from 'node:crypto';
import type { EvidenceSignerDto } from '../../contract';
import type { SecretStore } from '../config/secretStore';
import type { BundleSigner } from './bundleWriter';

/** The secret store's entry holding the installation's Ed25519 private key (PKCS#8 PEM). */
export const SIGNING_KEY_SECRET = 'evidence.signing-key';

/** SHA-256 of the DER (SPKI) public key, lowercase hex in groups of four: what a recipient pins. */
export function publicKeyFingerprint(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256')
    .update(der)
    .digest('hex')
    .replace(/(.{4})(?!$)/g, '$1 ');
}

/**
 * The per-installation evidence signing key (issue 13, docs/evidence.md §4). Created on first use and
 * kept where the other secrets are — the OS keyring through safeStorage (Electron) or the 0600 secrets
 * file (browser shell). The private half never leaves this class: callers get signatures and the
 * public key.
 */
export class EvidenceSigningKey {
  private key: Promise<{ privateKey: KeyObject; publicKey: KeyObject }> | null = null;

  constructor(private readonly secrets: SecretStore) {}

  private load(): Promise<{ privateKey: KeyObject; publicKey: KeyObject }> {
    this.key ??= (async () => {
      const stored = await this.secrets.get(SIGNING_KEY_SECRET);
      if (stored) {
        const privateKey = createPrivateKey(stored);
        return { privateKey, publicKey: createPublicKey(privateKey) };
      }
      const pair = generateKeyPairSync('ed25519');
      await this.secrets.set(
        SIGNING_KEY_SECRET,
        pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      );
      return pair;
    })().catch((error: unknown) => {
      this.key = null;
      throw error;
    });
    return this.key;
  }

  async describe(): Promise<EvidenceSignerDto> {
    const { publicKey } = await this.load();
    return {
      algorithm: 'Ed25519',
      publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      fingerprint: publicKeyFingerprint(publicKey),
      storage: this.secrets.kind,
    };
  }

  /** The raw 64-byte Ed25519 signature of `data` (what `openssl pkeyutl -verify -rawin` reads). */
  async sign(data: Buffer): Promise<Buffer> {
    const { privateKey } = await this.load();
    return sign(null, data, privateKey);
  }
  /** This key as a folder writer's signer: the evidence bundle's and the backup's. */
  asSigner(): BundleSigner {
    return {
      fingerprint: async () => (await this.describe()).fingerprint,
      publicKeyPem: async () => (await this.describe()).publicKeyPem,
      sign: (data) => this.sign(data),
    };
  }
}
