import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { startApiEmulator } from '../../../native/standin/emulator/server';
import type { CorpRecord, CorpStore } from '../config/corpStore';
import { normalizePrivateKey } from '../keys/privateKey';

/**
 * Demo mode (docs/product.md §1, first run): the bundled stand-in library serves the generated demo archive,
 * and the WeCom HTTP API emulator answers name lookups on loopback. The demo corp's private keys ship
 * with the demo archive; they are imported like any user key.
 */
const DEMO_CORPID = 'wwdemo00000000001';

interface DemoManifest {
  corps: Array<{
    corpid: string;
    secret: string;
    name?: string;
    keyVersions: number[];
    contactSecret?: string;
  }>;
}

export class DemoArchive {
  /** One emulator per app run, shared by concurrent callers. */
  private emulator: Promise<{ url: string; close(): Promise<void> }> | null = null;

  constructor(
    private readonly paths: { libraryPath: string; corpusDir: string } | null,
    private readonly corps: CorpStore,
    private readonly log: (
      level: 'info' | 'warn' | 'error',
      message: string,
      fields?: Record<string, unknown>,
    ) => void,
  ) {}

  get available(): boolean {
    return (
      this.paths !== null &&
      existsSync(this.paths.libraryPath) &&
      existsSync(path.join(this.paths.corpusDir, 'manifest.json'))
    );
  }

  /**
   * The corp IDs the bundled stand-in serves (its demo corpus). They are not of WeCom's form, yet a
   * corp configured by hand with one of them and the stand-in library pulls (the e2e tests do).
   */
  async standinCorpids(): Promise<ReadonlySet<string>> {
    if (!this.available || !this.paths) return new Set();
    try {
      const manifest = JSON.parse(
        await readFile(path.join(this.paths.corpusDir, 'manifest.json'), 'utf8'),
      ) as DemoManifest;
      return new Set(manifest.corps.map((corp) => corp.corpid));
    } catch {
      return new Set();
    }
  }

  /** Creates (or returns) the demo corp with its keys, pointing at a running API emulator. */
  async enable(): Promise<CorpRecord> {
    const paths = this.requirePaths();
    const existing = (await this.corps.list()).find((c) => c.isDemo);
    if (existing) return this.pointAtEmulator(existing);

    const manifest = JSON.parse(
      await readFile(path.join(paths.corpusDir, 'manifest.json'), 'utf8'),
    ) as DemoManifest;
    const entry = manifest.corps.find((c) => c.corpid === DEMO_CORPID) ?? manifest.corps[0];
    if (!entry) throw new Error('The demo archive lists no corp.');
    const url = await this.startEmulator();
    const corp = await this.corps.save(
      {
        corpid: entry.corpid,
        name: entry.name ?? '演示企业 Demo Corp',
        secret: entry.secret,
        ...(entry.contactSecret ? { contactSecret: entry.contactSecret } : {}),
        libraryPath: null,
        proxyUrl: null,
        timeoutSec: 5,
        batchLimit: 500,
        apiBaseUrl: url,
        scheduleMinutes: null,
      },
      { isDemo: true },
    );
    const keyDir = path.join(paths.corpusDir, entry.corpid, 'keys');
    for (const file of await readdir(keyDir)) {
      const match = /^pri_v(\d+)\.pem$/.exec(file);
      if (!match) continue;
      const key = normalizePrivateKey(await readFile(path.join(keyDir, file), 'utf8'));
      await this.corps.setKey(corp.id, {
        version: Number(match[1]),
        pem: key.pem,
        fingerprint: key.fingerprint,
        verified: false,
      });
    }
    this.log('info', 'demo archive enabled', { corpId: corp.id, corpid: entry.corpid });
    return (await this.corps.get(corp.id)) ?? corp;
  }

  /** At start-up: a configured demo corp needs its emulator again (on a new loopback port). */
  async resume(): Promise<void> {
    const existing = (await this.corps.list()).find((c) => c.isDemo);
    if (existing && this.available) await this.pointAtEmulator(existing);
  }

  async close(): Promise<void> {
    const emulator = this.emulator;
    this.emulator = null;
    await (await emulator?.catch(() => null))?.close();
  }

  private async pointAtEmulator(corp: CorpRecord): Promise<CorpRecord> {
    const url = await this.startEmulator();
    if (corp.apiBaseUrl === url) return corp;
    return this.corps.save({
      id: corp.id,
      corpid: corp.corpid,
      name: corp.name,
      libraryPath: corp.libraryPath,
      proxyUrl: corp.proxyUrl,
      timeoutSec: corp.timeoutSec,
      batchLimit: corp.batchLimit,
      apiBaseUrl: url,
      scheduleMinutes: corp.scheduleMinutes,
    });
  }

  private async startEmulator(): Promise<string> {
    if (!this.emulator) {
      const { corpusDir } = this.requirePaths();
      const starting = startApiEmulator({ root: corpusDir, port: 0 });
      this.emulator = starting;
      starting.then(
        (e) => this.log('info', 'API emulator listening', { url: e.url }),
        () => {
          if (this.emulator === starting) this.emulator = null;
        },
      );
    }
    return (await this.emulator).url;
  }

  private requirePaths(): { libraryPath: string; corpusDir: string } {
    if (!this.paths || !this.available) {
      throw new Error('The demo archive is not installed (run `npm run build` to generate it).');
    }
    return this.paths;
  }
}
