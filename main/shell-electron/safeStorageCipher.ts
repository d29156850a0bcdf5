import { safeStorage } from 'electron';
import type { SecretCipher } from '../services/config/secretStore';

/**
 * Secrets at rest in the Electron shell (docs/style.md §5): encrypted with `safeStorage`, i.e. a key held
 * by the OS keyring (libsecret / KWallet on Linux).
 *
 * The choice where no keyring is usable: on Linux, `safeStorage` still "encrypts" when it falls back
 * to the `basic_text` backend, but with a fixed, public password
 * (https://www.electronjs.org/docs/latest/api/safe-storage#safestoragegetselectedstoragebackend-linux),
 * which protects nothing. Rather than pretend, the shell then stores secrets in the 0600 file as the
 * browser shell does, reports `file-0600` in getAppInfo so the UI shows its warning, and logs how to
 * pick a keyring (`--password-store=gnome-libsecret`). It does not refuse: an offline review
 * workstation without a keyring must still be able to pull.
 *
 * Stored values are tagged, so a file written without a keyring stays readable after one appears.
 */
export type KeyringStatus = { usable: true; backend: string } | { usable: false; reason: string };

const KEYRING_TAG = 'safeStorage:';
const PLAIN_TAG = 'plain:';

/** Call after `app` is ready: before it, Linux reports the backend as `unknown`. */
export function keyringStatus(): KeyringStatus {
  if (!safeStorage.isEncryptionAvailable())
    return { usable: false, reason: 'safeStorage encryption is unavailable' };
  if (process.platform !== 'linux') return { usable: true, backend: process.platform };
  const backend = safeStorage.getSelectedStorageBackend();
  if (backend === 'basic_text' || backend === 'unknown') {
    return { usable: false, reason: `no OS keyring (safeStorage backend "${backend}")` };
  }
  return { usable: true, backend };
}

export function createSafeStorageCipher(status: KeyringStatus): SecretCipher {
  return {
    encrypt(plain) {
      return status.usable
        ? `${KEYRING_TAG}${safeStorage.encryptString(plain).toString('base64')}`
        : `${PLAIN_TAG}${plain}`;
    },
    decrypt(stored) {
      if (stored.startsWith(PLAIN_TAG)) return stored.slice(PLAIN_TAG.length);
      if (stored.startsWith(KEYRING_TAG)) {
        if (!status.usable) {
          throw new Error(
            'This secret was saved with the OS keyring, which is not available in this session',
          );
        }
        return safeStorage.decryptString(Buffer.from(stored.slice(KEYRING_TAG.length), 'base64'));
      }
      throw new Error('Unrecognised secret format in the secrets file');
    },
  };
}
