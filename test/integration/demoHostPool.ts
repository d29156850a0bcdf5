import type { CorpRecord } from '../../main/services/config/corpStore';
import { createNodeHostLauncher } from '../../main/services/sdkHost/nodeHostLauncher';
import { SdkHostPool, type SdkHostPoolOptions } from '../../main/services/sdkHost/sdkHostPool';

export interface DemoHostPoolOptions {
  /** build/out/host/sdk-host.cjs */
  hostBundle: string;
  /** The stand-in library and its generated corpus. */
  library: string;
  corpusDir: string;
  /** The corp's secret; no private keys, so these hosts serve media and raw pages only. */
  secret: string;
  /** The hosts' environment (the stand-in reads WEWORK_STANDIN_FAULTS from it). */
  env: NodeJS.ProcessEnv;
  onCrash?: SdkHostPoolOptions['onCrash'];
  /** Media handles per host; absent: the app's default (SdkHostPool's). */
  mediaHandles?: number;
}

/** SDK hosts (child_process.fork) on the stand-in's demo corpus: the media tests' and bench's pool. */
export function demoHostPool(options: DemoHostPoolOptions): SdkHostPool {
  return new SdkHostPool({
    launcher: createNodeHostLauncher({ hostBundle: options.hostBundle, env: options.env }),
    demo: { libraryPath: options.library, corpusDir: options.corpusDir },
    credentials: async () => ({
      secret: options.secret,
      contactSecret: null,
      proxyCredentials: null,
      privateKeys: {},
    }),
    log: () => undefined,
    onCrash: options.onCrash ?? (() => undefined),
    ...(options.mediaHandles === undefined ? {} : { mediaHandles: options.mediaHandles }),
  });
}

/** The record of a corp served from the stand-in's corpus: demo, no library path, no keys. */
export function demoCorpRecord(
  record: Pick<CorpRecord, 'id' | 'corpid' | 'name' | 'timeoutSec'> & Partial<CorpRecord>,
): CorpRecord {
  return {
    libraryPath: null,
    proxyUrl: null,
    batchLimit: 1000,
    apiBaseUrl: '',
    scheduleMinutes: null,
    isDemo: true,
    lastSuccessAt: null,
    keys: [],
    ...record,
  };
}
