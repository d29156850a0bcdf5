import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * RSA-2048 key pairs per publickey_ver (docs/wecom-sdk.md §3.4/§3.5): `pub_v<N>.pem` as SPKI PEM (what an admin
 * uploads; the stand-in encrypts random keys with it) and `pri_v<N>.pem` as PKCS#1 PEM (the app's side).
 * Keys are the only random part of a corpus, so existing keys are kept: first from `reuseFrom`, then from
 * the output directory itself.
 */
export function ensureKeys(keysDir: string, versions: readonly number[], reuseFromKeysDir?: string): void {
  mkdirSync(keysDir, { recursive: true });
  for (const version of versions) {
    const priPath = path.join(keysDir, `pri_v${version}.pem`);
    const pubPath = path.join(keysDir, `pub_v${version}.pem`);
    const reused = reuseFromKeysDir ? path.join(reuseFromKeysDir, `pri_v${version}.pem`) : undefined;
    let privatePem: string;
    if (reused && existsSync(reused) && path.resolve(reused) !== path.resolve(priPath)) {
      privatePem = readFileSync(reused, 'utf8');
    } else if (existsSync(priPath)) {
      privatePem = readFileSync(priPath, 'utf8');
    } else {
      privatePem = generateKeyPairSync('rsa', {
        modulusLength: 2048,
        publicKeyEncoding: { type: 'spki', format: 'pem' },
        privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
      }).privateKey;
    }
    // Re-derive both files from the private key so a pair can never drift apart.
    const key = createPrivateKey(privatePem);
    writeFileSync(priPath, key.export({ type: 'pkcs1', format: 'pem' }), { mode: 0o600 });
    writeFileSync(pubPath, createPublicKey(key).export({ type: 'spki', format: 'pem' }));
  }
}
