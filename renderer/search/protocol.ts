import type { SnippetPart } from './snippet';

/** What the search UI asks. Every filter is optional; several values of one filter are OR. */
export interface SearchFilters {
  corpIds?: string[];
  convIds?: string[];
  sender?: 'internal' | 'external';
  /** Specific senders by user id (the header's `from`). */
  senders?: string[];
  msgtypes?: string[];
  hasMedia?: boolean;
  /** Inclusive msgtime range, ms UTC. */
  fromTime?: number;
  toTime?: number;
}

export interface SearchRequest {
  query: string;
  filters: SearchFilters;
  offset: number;
  limit: number;
}

export interface SearchHit {
  corpId: string;
  msgid: string;
  convId: string;
  from: string;
  fromExternal: boolean;
  msgtype: string;
  msgtime: number;
  snippet: SnippetPart[];
}

export interface SearchPage {
  hits: SearchHit[];
  /** Matches in all; an estimate when `totalExact` is false (long terms not all verified yet). */
  total: number;
  totalExact: boolean;
  /** `index` once the worker is warm; `scan` (newest messages first, bounded) before. */
  mode: 'index' | 'scan';
  /** The normalised terms, for highlighting elsewhere. */
  terms: string[];
  tookMs: number;
}

export interface SearchStatus {
  warm: boolean;
  documents: number;
  backfillPending: boolean;
  segments: number;
}

/**
 * The worker's `name` for an archive stored without a data key (plain rows, as unit tests and
 * `bench:search --unsealed` build it); any other name means the archive is sealed and the worker
 * waits for the key (a 'dataKey' request) before it reads texts.
 */
export const PLAIN_ARCHIVE_WORKER = 'search:plain-archive';

export type WorkerRequest =
  | { seq: number; type: 'search'; request: SearchRequest }
  | { seq: number; type: 'status' }
  | { seq: number; type: 'warm' }
  /** The archive's data key (docs/security.md §8), or null when the app lock forgot it. */
  | { seq: number; type: 'dataKey'; key: CryptoKey | null };

export type WorkerReply =
  | { seq: number; ok: true; value: unknown }
  | { seq: number; ok: false; error: string }
  | { seq: 0; type: 'status'; status: SearchStatus };
