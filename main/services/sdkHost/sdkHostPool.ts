import type { CorpCredentials, CorpRecord } from '../config/corpStore';
import { SdkProcessCrash, SdkUnavailable, type PullSdk } from '../pull/pullSdk';
import { MEDIA_CONCURRENCY, type MediaChunkSource } from '../media/mediaDownloader';
import type { HostResult } from '../../../native/host/protocol';
import { HostClosedError, isHostRestart } from './hostErrors';
import type { HostLauncher } from './hostLauncher';
import { hostAsPullSdk, inPullTerms } from './hostPullSdk';
import { SdkHostClient } from './sdkHostClient';

/**
 * One SDK host process per corp (each corp may use its own library, proxy and secret), started on
 * first use and replaced when the corp's settings change. Exposes each host to the pull as a PullSdk
 * and translates host errors into the pull's vocabulary.
 */
export interface SdkHostPoolOptions {
  launcher: HostLauncher;
  /** The bundled stand-in serves corps without a library path (demo mode). */
  demo: { libraryPath: string; corpusDir: string } | null;
  credentials: (corpId: string) => Promise<CorpCredentials>;
  /**
   * Throws unless the corp's library file is the one the user confirmed (libraryTrust.ts); run before
   * a host is started or reused, so nothing is loaded from, or handed to, an unconfirmed file.
   */
  verifyLibrary?: (corp: CorpRecord) => Promise<void>;
  log: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
  /**
   * Media handles each host opens beside its chat handle (1..8); default MEDIA_CONCURRENCY, one per
   * chunk request the media queue has in flight, so none of them waits for a handle.
   */
  mediaHandles?: number;
  onCrash: (corpId: string, crash: { signal: string | null; exitCode: number | null }) => void;
}

interface PooledHost {
  client: SdkHostClient;
  ready: Promise<PullSdk>;
  /** The proxy's user:password, fetched on the first media chunk. */
  proxyPasswd?: Promise<string>;
  /** Media chunks that were in flight when the host died are retried alone (see CrashIsolation). */
  isolation: CrashIsolation;
}

interface NetworkParams {
  proxy: string;
  passwd: string;
  timeout: number;
}

/** The media downloader's source, plus the bare chunk call (for the benchmark's baseline and tests). */
export interface HostMediaSource extends MediaChunkSource {
  getMediaChunk(sdkfileid: string, indexbuf: string): Promise<HostResult<'getMediaChunk'>>;
}

export class SdkHostPool {
  private readonly hosts = new Map<string, PooledHost>();
  private lastRsaBackend: string | null = null;

  constructor(private readonly options: SdkHostPoolOptions) {}

  get rsaBackend(): string | null {
    return this.lastRsaBackend;
  }

  async pullSdkFor(corp: CorpRecord): Promise<PullSdk> {
    if (this.options.verifyLibrary) {
      try {
        await this.options.verifyLibrary(corp);
      } catch (error) {
        await this.release(corp.id);
        throw error;
      }
    }
    let host = this.hosts.get(corp.id);
    if (!host) {
      host = this.start(corp);
      this.hosts.set(corp.id, host);
      // A failed start is not cached: the next pull tries again (e.g. after the library was fixed).
      host.ready.catch(() => {
        if (this.hosts.get(corp.id) === host) {
          this.hosts.delete(corp.id);
          void host?.client.close();
        }
      });
    }
    return host.ready;
  }

  /**
   * The corp's host (the pull's process) as a media chunk source (docs/wecom-sdk.md §5). The host is looked up
   * per chunk, so a host replaced after a settings change or a crash is picked up on the next chunk.
   */
  mediaSourceFor(corp: CorpRecord): HostMediaSource {
    const call = async <T>(
      run: (client: SdkHostClient, network: NetworkParams) => Promise<T>,
    ): Promise<T> => {
      try {
        await this.pullSdkFor(corp);
      } catch (error) {
        // An unconfirmed or changed library pauses media like a missing one (the queue's vocabulary).
        if (error instanceof SdkUnavailable || !(error instanceof Error)) throw error;
        if (error.name === 'LibraryTrustError') throw new SdkUnavailable(error.message);
        throw error;
      }
      const host = this.hosts.get(corp.id);
      if (!host) throw new SdkProcessCrash('The SDK host was replaced; retrying.');
      // Read once per host: a change of proxy settings replaces the host.
      if (!host.proxyPasswd) {
        const pending = this.options.credentials(corp.id).then((c) => c.proxyCredentials ?? '');
        host.proxyPasswd = pending;
        pending.catch(() => {
          if (host.proxyPasswd === pending) delete host.proxyPasswd;
        });
      }
      const network = {
        proxy: corp.proxyUrl ?? '',
        passwd: await host.proxyPasswd,
        timeout: corp.timeoutSec,
      };
      try {
        try {
          return await host.isolation.shared(() => run(host.client, network));
        } catch (error) {
          if (!isHostRestart(error)) throw error;
          // Every chunk in flight fails when one of them kills the host: each is tried again alone,
          // so only the poison item's own download counts the crash (and fails in the end).
          return await host.isolation.exclusive(() => run(host.client, network));
        }
      } catch (error) {
        // Closed under us (settings changed): the next chunk goes to the new host.
        if (error instanceof HostClosedError) throw new SdkProcessCrash(error.message);
        throw inPullTerms(error);
      }
    };
    return {
      getMediaChunk: (sdkfileid, indexbuf) =>
        call((client, network) => client.getMediaChunk({ sdkfileid, indexbuf, ...network })),
      chunkToFile: (request) =>
        call((client, network) => client.mediaChunkToFile({ ...request, ...network })),
    };
  }

  async release(corpId: string): Promise<void> {
    const host = this.hosts.get(corpId);
    this.hosts.delete(corpId);
    await host?.client.close();
  }

  async closeAll(): Promise<void> {
    const hosts = [...this.hosts.values()];
    this.hosts.clear();
    await Promise.all(hosts.map((h) => h.client.close()));
  }

  private start(corp: CorpRecord): PooledHost {
    const { demo, launcher, log } = this.options;
    const libraryPath = corp.libraryPath ?? demo?.libraryPath ?? null;
    const env: Record<string, string> = {};
    if (corp.libraryPath === null && demo) env.WEWORK_STANDIN_DATA = demo.corpusDir;
    const client = new SdkHostClient({ launcher, launchOptions: { env } });
    client.subscribe((event) => {
      if (event.type === 'host-crashed') {
        log('warn', 'SDK host crashed; restarting', {
          corpId: corp.id,
          signal: event.signal,
          exitCode: event.exitCode,
        });
        this.options.onCrash(corp.id, { signal: event.signal, exitCode: event.exitCode });
      } else if (event.type === 'host-log') {
        log(
          event.level === 'error' ? 'error' : event.level === 'warn' ? 'warn' : 'info',
          `sdk host: ${event.message}`,
          {
            corpId: corp.id,
          },
        );
      } else if (event.type === 'host-start-failed') {
        log('warn', 'SDK host failed to start', {
          corpId: corp.id,
          attempt: event.attempt,
          message: event.message,
        });
      }
    });

    const ready = (async (): Promise<PullSdk> => {
      if (!libraryPath) throw new SdkUnavailable('No SDK library is configured for this corp.');
      try {
        const loaded = await client.load({ libraryPath });
        this.lastRsaBackend = loaded.rsa.backend ? loaded.rsa.description : null;
        const { secret } = await this.options.credentials(corp.id);
        const mediaHandles = this.options.mediaHandles ?? MEDIA_CONCURRENCY;
        await client.init({ corpid: corp.corpid, secret, mediaHandles });
      } catch (error) {
        throw inPullTerms(error);
      }
      log('info', 'SDK host ready', { corpId: corp.id, libraryPath });
      return hostAsPullSdk(client);
    })();
    return { client, ready, isolation: new CrashIsolation() };
  }
}

/**
 * Requests run shared, except a retry after a crash, which runs alone: no other request is sent
 * until it is answered, so a crash then is that request's own (a poison sdkfileid), not a neighbour's.
 */
export class CrashIsolation {
  private active = 0;
  private isolating: Promise<void> | null = null;
  private idle: Array<() => void> = [];

  async shared<T>(request: () => Promise<T>): Promise<T> {
    while (this.isolating) await this.isolating;
    this.active += 1;
    try {
      return await request();
    } finally {
      this.active -= 1;
      if (this.active === 0) for (const wake of this.idle.splice(0)) wake();
    }
  }

  async exclusive<T>(request: () => Promise<T>): Promise<T> {
    while (this.isolating) await this.isolating;
    let release = (): void => undefined;
    this.isolating = new Promise<void>((resolve) => {
      release = resolve;
    });
    try {
      while (this.active > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
      return await request();
    } finally {
      this.isolating = null;
      release();
    }
  }
}
