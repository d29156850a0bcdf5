import type { ArchiveDb } from '../../db';
import { readCursor, statusCounts } from '../../db';
import type { AppStore } from '../../state';
import { exportLedger, ledgerReport, type LedgerGapRow, type LedgerRunRow } from '../ledger';
import type { PullController } from './pullController';
import type { RedecryptRunner } from './redecryptRunner';
import type { StorageSnapshot } from './storageGuard';

/**
 * `window.__archiveTest`: readiness signals for e2e tests, so they wait on the app instead of
 * sleeping (docs/style.md §12). Read-only: it exposes counts and promises, never message content or
 * anything secret. The same moments are also dispatched as DOM events on `window`:
 * `archive:ready` (connected, corps and statuses loaded) and
 * `archive:pull-settled` ({ detail: { corpId, state } }) each time a corp's pull comes to rest.
 */
export interface ArchiveTestHook {
  readonly version: 1;
  /** Resolves once connected to main with corps and pull statuses loaded. */
  readonly ready: Promise<void>;
  /** The configured corps (ids and names only). */
  corps(): Array<{ id: string; corpid: string; name: string; isDemo: boolean }>;
  /** Resolves when the corp (or every corp) has no pull running and no batch waiting to be stored. */
  pullIdle(corpId?: string): Promise<void>;
  /** Resolves when no re-decryption runs for the corp (or any corp). */
  redecryptIdle(corpId?: string): Promise<void>;
  /** Stored counts from IndexedDB. */
  counts(corpId: string): Promise<{
    total: number;
    ok: number;
    decryptFailed: number;
    missingKey: Record<string, number>;
    cursor: string;
  }>;
  /** The corp's ledger (runs, gaps, error kinds) once every queued ledger write is done. */
  ledger(corpId: string): Promise<{ runs: LedgerRunRow[]; gaps: LedgerGapRow[]; errorKinds: string[] }>;
  /** The ledger export's files and manifest, as the Export button would save them. */
  ledgerExport(corpId: string): Promise<Array<{ name: string; text: string }>>;
  /** Persistence, usage and quota as the app last saw them (refreshed first). */
  storage(): Promise<StorageSnapshot>;
  /** Caps the quota the pull checks before each batch (null: the browser's own); see StorageGuard. */
  capStorageQuota(bytes: number | null): Promise<StorageSnapshot>;
}

declare global {
  interface Window {
    __archiveTest?: ArchiveTestHook;
  }
}

export function installTestHook(deps: {
  ready: Promise<void>;
  store: AppStore;
  db: ArchiveDb;
  pulls: PullController;
  redecrypts: RedecryptRunner;
}): void {
  const { store, db, pulls, redecrypts } = deps;
  const report = async (corpId: string) => {
    await pulls.ledger.flushed();
    const corp = store.getState().corps.find((candidate) => candidate.id === corpId);
    return ledgerReport(db, corpId, corp?.lastSuccessAt ?? null, Date.now());
  };
  window.__archiveTest = {
    version: 1,
    ready: deps.ready,
    corps: () => store.getState().corps.map(({ id, corpid, name, isDemo }) => ({ id, corpid, name, isDemo })),
    pullIdle: (corpId) => pulls.whenSettled(corpId),
    redecryptIdle: (corpId) => redecrypts.whenIdle(corpId),
    counts: async (corpId) => {
      const [counts, cursor] = await Promise.all([statusCounts(db, corpId), readCursor(db, corpId)]);
      return {
        total: counts.total,
        ok: counts.ok,
        decryptFailed: counts.decryptFailed,
        missingKey: Object.fromEntries(counts.missingKey.map(({ version, count }) => [`v${version}`, count])),
        cursor,
      };
    },
    ledger: async (corpId) => {
      const { runs, gaps, errors } = await report(corpId);
      return { runs, gaps, errorKinds: errors.map((error) => error.kind) };
    },
    ledgerExport: async (corpId) => {
      const { files, manifest } = await exportLedger(await report(corpId), `ledger-${corpId}`);
      return [...files, manifest].map(({ name, text }) => ({ name, text }));
    },
    storage: () => pulls.storage.refresh(),
    capStorageQuota: (bytes) => pulls.storage.capQuotaForTests(bytes),
  };
  void deps.ready.then(() => window.dispatchEvent(new CustomEvent('archive:ready')));
  pulls.onSettled((corpId) => {
    const state = store.getState().pullStatuses[corpId]?.state ?? 'idle';
    window.dispatchEvent(new CustomEvent('archive:pull-settled', { detail: { corpId, state } }));
  });
}
