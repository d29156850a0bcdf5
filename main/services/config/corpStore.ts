import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { CorpDto, CorpInputDto, KeyDto } from '../../contract';
import { readJsonFile, writeFileAtomic } from './atomicFile';
import { checkSdkLibrary, LibraryProblem } from './libraryCheck';
import type { ConfirmedLibrary } from './libraryTrust';
import type { SecretStore } from './secretStore';

/**
 * Corp settings: plain settings in `config.json`, secrets and private keys in the SecretStore.
 * Records leave this module only as `CorpDto` (no secrets) or, inside main, as `CorpCredentials`.
 */
export const DEFAULT_API_BASE_URL = 'https://qyapi.weixin.qq.com';

/** A corp as `config.json` stores it: the DTO without the flags that say which secrets the SecretStore holds. */
export interface CorpRecord extends Omit<
  CorpDto,
  'hasSecret' | 'hasContactSecret' | 'hasProxyCredentials' | 'librarySha256'
> {
  /** SHA-256 of the library file the user confirmed in main; absent in configs written before. */
  librarySha256?: string | null;
}

/** Everything the SDK host and HTTP client need; main-only, never serialised to the renderer. */
export interface CorpCredentials {
  secret: string;
  contactSecret: string | null;
  proxyCredentials: string | null;
  privateKeys: Record<number, string>;
}

export class CorpValidationError extends Error {
  constructor(
    readonly field: keyof CorpInputDto,
    message: string,
    /** Which rule failed, for a specific explanation in the form (`corpid-format`, `library-exports`…). */
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'CorpValidationError';
  }
}

/**
 * A stored secret would travel to a new destination (API base URL, proxy or library) unless the user
 * types it again in the same request (issue: secrets bound to their destination).
 */
export class SecretRequiredError extends Error {
  constructor(readonly field: 'secret' | 'contactSecret' | 'proxyCredentials') {
    super(
      `The ${field} must be entered again: the API base URL, proxy or SDK library changed, and a stored secret never follows a new destination.`,
    );
    this.name = 'SecretRequiredError';
  }
}

/** A new or changed library path that was not confirmed in main (dialog or terminal code). */
export class LibraryNotConfirmedError extends Error {
  constructor(libraryPath: string) {
    super(`The SDK library ${libraryPath} was not confirmed in main; choose it with “Choose library…”.`);
    this.name = 'LibraryNotConfirmedError';
  }
}

interface ConfigFile {
  version: 1;
  corps: CorpRecord[];
}

const secretName = {
  secret: (id: string) => `corp:${id}:secret`,
  contactSecret: (id: string) => `corp:${id}:contactSecret`,
  proxyCredentials: (id: string) => `corp:${id}:proxyCredentials`,
  key: (id: string, version: number) => `corp:${id}:key:v${version}`,
  all: (id: string) => `corp:${id}:`,
};

/** The one API host a corp's secrets may be sent to (docs/wecom-sdk.md §6: qyapi.weixin.qq.com). */
function isOfficialApiBase(url: URL): boolean {
  return (
    url.origin === DEFAULT_API_BASE_URL &&
    (url.pathname === '/' || url.pathname === '') &&
    !url.search &&
    !url.hash &&
    !url.username &&
    !url.password
  );
}

/** A WeCom corp ID: "ww" (or "wx", older corps) and 16 hexadecimal characters, e.g. ww0123456789abcdef. */
const WECOM_CORPID = /^w[wx][0-9a-f]{16}$/i;

export function validateCorpInput(
  input: CorpInputDto,
  isNew: boolean,
  isDemo: boolean,
  /** Corp IDs the bundled stand-in serves (its demo corpus), accepted beside WeCom's own form. */
  standinCorpids: ReadonlySet<string> = new Set(),
): void {
  if (!isDemo && !WECOM_CORPID.test(input.corpid) && !standinCorpids.has(input.corpid)) {
    throw new CorpValidationError(
      'corpid',
      'A WeCom corp ID is "ww" or "wx" followed by 16 hexadecimal characters (e.g. ww0123456789abcdef).',
      'corpid-format',
    );
  }
  if (isDemo && !/^[A-Za-z0-9_-]{4,64}$/.test(input.corpid)) {
    throw new CorpValidationError('corpid', 'The demo corp ID may contain only letters and digits.');
  }
  if (isNew && !isDemo && !input.secret) {
    throw new CorpValidationError('secret', 'The chat archive secret (会话内容存档 Secret) is required.');
  }
  if (input.libraryPath !== null && !path.isAbsolute(input.libraryPath)) {
    throw new CorpValidationError(
      'libraryPath',
      'The SDK library path must be absolute (…/libWeWorkFinanceSdk_C.so).',
    );
  }
  if (!isDemo && input.libraryPath === null) {
    throw new CorpValidationError(
      'libraryPath',
      'Choose the vendor libWeWorkFinanceSdk_C.so; the bundled stand-in serves only the demo archive.',
    );
  }
  if (input.proxyUrl) {
    const match = /^(socks5h?|http|https):\/\/[^\s:/@]+:(\d{1,5})\/?$/.exec(input.proxyUrl);
    if (!match || Number(match[2]) < 1 || Number(match[2]) > 65_535) {
      throw new CorpValidationError(
        'proxyUrl',
        'The proxy must look like socks5://10.0.0.1:1080 or http://10.0.0.1:8080.',
      );
    }
  }
  if (input.proxyCredentials && !/^[^:\s]+:\S*$/.test(input.proxyCredentials)) {
    throw new CorpValidationError('proxyCredentials', 'Proxy credentials must be written user:password.');
  }
  let api: URL;
  try {
    api = new URL(input.apiBaseUrl);
  } catch {
    throw new CorpValidationError('apiBaseUrl', 'The API base URL is not a valid URL.');
  }
  // The demo's emulator URL is set by main (DemoArchive); the renderer cannot mark a corp as demo.
  if (isDemo) {
    const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(api.hostname);
    if (api.protocol !== 'http:' || !loopback) {
      throw new CorpValidationError('apiBaseUrl', 'The demo corp uses the local API emulator only.');
    }
  } else if (!isOfficialApiBase(api)) {
    throw new CorpValidationError(
      'apiBaseUrl',
      `The API base URL must be the official WeCom host ${DEFAULT_API_BASE_URL}.`,
    );
  }
}

export interface SaveCorpOptions {
  /** Set by main only (DemoArchive): the corp serves the bundled demo through the API emulator. */
  isDemo?: boolean;
  /** The library choice the user confirmed in main for `input.libraryPath` (see libraryTrust.ts). */
  confirmedLibrary?: ConfirmedLibrary | null;
  /** Corp IDs the bundled stand-in serves (main reads them from the demo corpus). */
  standinCorpids?: ReadonlySet<string>;
}

export class CorpStore {
  private readonly file: string;
  private config: ConfigFile | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    dataDir: string,
    private readonly secrets: SecretStore,
    /** Throws LibraryProblem for a library that cannot work (libraryCheck.ts); replaceable in tests. */
    private readonly checkLibrary: (libraryPath: string) => Promise<void> = checkSdkLibrary,
  ) {
    this.file = path.join(dataDir, 'config.json');
  }

  async list(): Promise<CorpRecord[]> {
    return (await this.load()).corps.map((c) => structuredClone(c));
  }

  async get(id: string): Promise<CorpRecord | null> {
    const found = (await this.load()).corps.find((c) => c.id === id);
    return found ? structuredClone(found) : null;
  }

  async save(input: CorpInputDto, options: SaveCorpOptions = {}): Promise<CorpRecord> {
    return this.mutate(async (config) => {
      const existing = input.id ? config.corps.find((c) => c.id === input.id) : undefined;
      if (input.id && !existing) throw new CorpValidationError('id', `No corp with id ${input.id}.`);
      const isDemo = existing?.isDemo ?? options.isDemo ?? false;
      validateCorpInput(input, !existing, isDemo, options.standinCorpids);
      const apiBaseUrl = isDemo ? input.apiBaseUrl : DEFAULT_API_BASE_URL;
      const librarySha256 = this.librarySha256Of(input, existing, options.confirmedLibrary ?? null);
      // Confirmed in main first (libraryTrust.ts); then read, never loaded, to see it can work.
      if (input.libraryPath !== null) await this.requireUsableLibrary(input.libraryPath);
      if (existing) {
        // The demo's API URL is moved by main alone (a new emulator port at each start).
        const changed =
          (!isDemo && existing.apiBaseUrl !== apiBaseUrl) ||
          (existing.proxyUrl ?? null) !== (input.proxyUrl || null) ||
          existing.libraryPath !== input.libraryPath ||
          (existing.librarySha256 ?? null) !== librarySha256;
        if (changed) await this.requireSecretsAgain(existing.id, input);
      }
      const duplicate = config.corps.find((c) => c.corpid === input.corpid && c.id !== existing?.id);
      if (duplicate)
        throw new CorpValidationError(
          'corpid',
          `The corp ${input.corpid} is already configured as “${duplicate.name}”.`,
          'corpid-duplicate',
        );

      const record: CorpRecord = {
        id: existing?.id ?? randomUUID(),
        corpid: input.corpid,
        name: input.name,
        libraryPath: input.libraryPath,
        librarySha256,
        proxyUrl: input.proxyUrl || null,
        timeoutSec: input.timeoutSec,
        batchLimit: input.batchLimit,
        apiBaseUrl,
        scheduleMinutes: input.scheduleMinutes,
        isDemo,
        lastSuccessAt: existing?.lastSuccessAt ?? null,
        keys: existing?.keys ?? [],
      };
      await this.writeSecret(secretName.secret(record.id), input.secret);
      await this.writeSecret(secretName.contactSecret(record.id), input.contactSecret);
      await this.writeSecret(secretName.proxyCredentials(record.id), input.proxyCredentials);
      config.corps = existing
        ? config.corps.map((c) => (c.id === record.id ? record : c))
        : [...config.corps, record];
      return record;
    });
  }

  /** The library exists, is x86-64 ELF and exports the SDK (else: which of these is wrong). */
  private async requireUsableLibrary(libraryPath: string): Promise<void> {
    try {
      await this.checkLibrary(libraryPath);
    } catch (error) {
      if (error instanceof LibraryProblem)
        throw new CorpValidationError('libraryPath', error.message, error.kind);
      throw error;
    }
  }

  /** A new or changed library needs the user's confirmation from main; an unchanged one keeps its hash. */
  private librarySha256Of(
    input: CorpInputDto,
    existing: CorpRecord | undefined,
    confirmed: ConfirmedLibrary | null,
  ): string | null {
    if (input.libraryPath === null) return null;
    if (confirmed && confirmed.libraryPath === input.libraryPath) return confirmed.sha256;
    if (existing && existing.libraryPath === input.libraryPath) return existing.librarySha256 ?? null;
    throw new LibraryNotConfirmedError(input.libraryPath);
  }

  /**
   * Every stored secret that would reach the new destination must be in this request: the archive
   * secret always; the contact secret and the proxy credentials when stored and not being removed.
   */
  private async requireSecretsAgain(id: string, input: CorpInputDto): Promise<void> {
    if (!input.secret) throw new SecretRequiredError('secret');
    if (input.contactSecret === undefined && (await this.secrets.get(secretName.contactSecret(id))) !== null)
      throw new SecretRequiredError('contactSecret');
    if (
      input.proxyUrl &&
      input.proxyCredentials === undefined &&
      (await this.secrets.get(secretName.proxyCredentials(id))) !== null
    )
      throw new SecretRequiredError('proxyCredentials');
  }

  async remove(id: string): Promise<void> {
    await this.mutate(async (config) => {
      config.corps = config.corps.filter((c) => c.id !== id);
      await this.secrets.deletePrefix(secretName.all(id));
    });
  }

  async setKey(
    id: string,
    key: { version: number; pem: string; fingerprint: string; verified: boolean },
  ): Promise<KeyDto> {
    return this.mutate(async (config) => {
      const corp = requireCorp(config, id);
      await this.secrets.set(secretName.key(id, key.version), key.pem);
      const dto: KeyDto = {
        version: key.version,
        fingerprint: key.fingerprint,
        verified: key.verified,
        importedAt: Date.now(),
      };
      corp.keys = [...corp.keys.filter((k) => k.version !== key.version), dto].sort(
        (a, b) => a.version - b.version,
      );
      return dto;
    });
  }

  async removeKey(id: string, version: number): Promise<void> {
    await this.mutate(async (config) => {
      const corp = requireCorp(config, id);
      corp.keys = corp.keys.filter((k) => k.version !== version);
      await this.secrets.delete(secretName.key(id, version));
    });
  }

  async markKeysVerified(id: string, versions: readonly number[]): Promise<void> {
    const corp = await this.get(id);
    if (!corp || !corp.keys.some((k) => versions.includes(k.version) && !k.verified)) return;
    await this.mutate(async (config) => {
      for (const key of requireCorp(config, id).keys) if (versions.includes(key.version)) key.verified = true;
    });
  }

  async setLastSuccess(id: string, at: number): Promise<void> {
    await this.mutate(async (config) => {
      const corp = config.corps.find((c) => c.id === id);
      if (corp) corp.lastSuccessAt = at;
    });
  }

  async credentials(id: string): Promise<CorpCredentials> {
    const corp = await this.get(id);
    if (!corp) throw new CorpValidationError('id', `No corp with id ${id}.`);
    const privateKeys: Record<number, string> = {};
    for (const key of corp.keys) {
      const pem = await this.secrets.get(secretName.key(id, key.version));
      if (pem) privateKeys[key.version] = pem;
    }
    return {
      secret: (await this.secrets.get(secretName.secret(id))) ?? '',
      contactSecret: await this.secrets.get(secretName.contactSecret(id)),
      proxyCredentials: await this.secrets.get(secretName.proxyCredentials(id)),
      privateKeys,
    };
  }

  async toDto(corp: CorpRecord): Promise<CorpDto> {
    const has = async (name: string) => (await this.secrets.get(name)) !== null;
    return {
      id: corp.id,
      corpid: corp.corpid,
      name: corp.name,
      hasSecret: await has(secretName.secret(corp.id)),
      hasContactSecret: await has(secretName.contactSecret(corp.id)),
      keys: corp.keys.map((k) => ({ ...k })),
      libraryPath: corp.libraryPath,
      librarySha256: corp.librarySha256 ?? null,
      proxyUrl: corp.proxyUrl,
      hasProxyCredentials: await has(secretName.proxyCredentials(corp.id)),
      timeoutSec: corp.timeoutSec,
      batchLimit: corp.batchLimit,
      apiBaseUrl: corp.apiBaseUrl,
      scheduleMinutes: corp.scheduleMinutes,
      isDemo: corp.isDemo,
      lastSuccessAt: corp.lastSuccessAt,
    };
  }

  /** undefined keeps the stored value, '' removes it, anything else replaces it. */
  private async writeSecret(name: string, value: string | undefined): Promise<void> {
    if (value === undefined) return;
    if (value === '') await this.secrets.delete(name);
    else await this.secrets.set(name, value);
  }

  /** Reads config.json again at the next use (a restore wrote it, docs/backup.md §5). */
  reload(): Promise<void> {
    const next = this.queue.then(() => {
      this.config = null;
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async load(): Promise<ConfigFile> {
    this.config ??= await readJsonFile<ConfigFile>(this.file, { version: 1, corps: [] });
    return this.config;
  }

  private mutate<T>(change: (config: ConfigFile) => Promise<T>): Promise<T> {
    const next = this.queue.then(async () => {
      const draft = structuredClone(await this.load());
      const result = await change(draft);
      await writeFileAtomic(this.file, `${JSON.stringify(draft, null, 2)}\n`, 0o600);
      this.config = draft;
      return result;
    });
    this.queue = next.catch(() => undefined);
    return next;
  }
}

function requireCorp(config: ConfigFile, id: string): CorpRecord {
  const corp = config.corps.find((c) => c.id === id);
  if (!corp) throw new CorpValidationError('id', `No corp with id ${id}.`);
  return corp;
}
