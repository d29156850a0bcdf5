/** Public types of the corpus generator (re-exported by index.ts). */

/** One corp of a generated corpus. */
export interface CorpSpec {
  corpid: string;
  /** The 会话内容存档 secret; corps.tsv stores its sha256. */
  secret: string;
  name: string;
  messages: number;
  /** publickey_ver values in use, e.g. [1, 2]: the archive rotates part-way (at ~60% for two keys). */
  keyVersions: number[];
  /** corps.tsv flags for the stand-in: whitelisted=0, msgaudit=0, expired=1 (CORPUS-FORMAT.md). */
  flags?: Record<string, string>;
  /** Seqs start at 9007199254740990 (just below 2^53) instead of 1. */
  bigSeq?: boolean;
  /** Secret of the 客户联系 app whose token the externalcontact API accepts (docs/wecom-sdk.md §6.3). */
  contactSecret?: string;
}

export interface GenerateOptions {
  outDir: string;
  seed: number;
  profile: 'demo' | 'test' | 'bench';
  /** demo: the demo corp's count; test: the total, split across the test corps in proportion; bench: the big corp's count. */
  messages?: number;
  /** A corpus root whose `<corpid>/keys` are reused instead of generating new RSA keys. */
  reuseKeysFrom?: string;
}

export interface CorpSummary {
  corpid: string;
  secret: string;
  messages: number;
  /** Decimal strings: seqs may exceed 2^53. */
  firstSeq: string;
  lastSeq: string;
  keyVersions: number[];
  /** Distinct files under media/ that this corp's messages reference. */
  mediaFiles: number;
  msgtypes: Record<string, number>;
  // Extras beyond the agreed API, for consumers such as the demo mode (main/services/demo).
  name: string;
  contactSecret?: string;
  flags: Record<string, string>;
  /** media.tsv entries (one sdkfileid per media reference). */
  mediaItems: number;
}

export interface CorpusSummary {
  root: string;
  seed: number;
  corps: CorpSummary[];
}

export interface CorpusRecord {
  seq: bigint;
  publickeyVer: number;
  msgid: string;
  body: Buffer;
}
