import { randomBytes } from 'node:crypto';
import type { DataKeyDto } from '../../contract';
import { secretMadeOnce, type SecretStore } from '../config/secretStore';

/** The secret store's entry holding the archive's data key (32 random bytes, base64). */
export const DATA_KEY_SECRET = 'archive:data-key';
const KEY_BYTES = 32;

/**
 * The key the renderer seals the archive's text under in IndexedDB (docs/security.md §8). Created on
 * first use and kept where the other secrets are — wrapped by the OS keyring through safeStorage
 * (Electron), or in the 0600 secrets file the browser shell already warns about. It leaves main only
 * as the answer to `getDataKey` over the authenticated channel; it is never logged, and errors about
 * it never carry it.
 */
export class DataKeyService {
  private readonly load: () => Promise<string>;

  constructor(secrets: SecretStore) {
    this.load = secretMadeOnce(secrets, DATA_KEY_SECRET, {
      parse: (stored) => {
        if (Buffer.from(stored, 'base64').length !== KEY_BYTES)
          throw new Error('the stored archive data key is damaged (not 32 bytes)');
        return stored;
      },
      create: () => {
        const fresh = randomBytes(KEY_BYTES).toString('base64');
        return { value: fresh, stored: fresh };
      },
    });
  }

  async get(): Promise<DataKeyDto> {
    return { key: await this.load() };
  }
}
