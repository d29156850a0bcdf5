import type { Bridge } from '../bridge';
import { ArchiveDataKey, ArchiveDb, buildPendingChatDays } from '../db';
import type { ArchiveDbOptions, DerivedIndex } from '../db';
import type { AppServices } from '../features/appServices';
import { AlertTriage } from '../features/alerts/alertTriage';
import { AuditTrail } from '../features/audit/auditTrail';
import { Cases } from '../features/cases/cases';
import { Marks } from '../features/review/marks';
import { archiveNoteSealer } from '../features/review/noteSealer';
import { MediaController } from '../features/media/mediaController';
import { mediaDerivedIndex } from '../features/media/mediaRows';
import { PullController } from '../features/pull/pullController';
import { RedecryptRunner } from '../features/pull/redecryptRunner';
import type { KeyValueStorage } from '../features/pull/runningPulls';
import { ReviewerIdentity } from '../features/reviewer/reviewerIdentity';
import { conversationDerivedIndex } from '../features/reading/conversations/conversationIndex';
import { RulesController } from '../features/rules/rulesController';
import { InThreadRules, RulesClient, startRulesWorker, type RulesWorker } from '../rules';
import { SearchClient } from '../search/searchClient';
import type { SearchWorker } from '../search/searchClient';
import { searchDerivedIndex } from '../search/searchIndex';
import { createAppStore } from '../state';
import type { AppStore } from '../state';

/**
 * Every derived index the app's archive keeps in step with its messages (db/derived.ts), in the
 * order they run inside each messages transaction: the conversation summaries (reading), the media
 * rows (media), the full-text index (search). A new one is added here, nowhere else.
 */
export const ARCHIVE_DERIVED_INDEXES: readonly DerivedIndex[] = [
  conversationDerivedIndex,
  mediaDerivedIndex,
  searchDerivedIndex,
];

/** What the composition needs from the page; app/startApp.ts passes the browser's, a test its fakes. */
export interface Platform {
  bridge: Bridge;
  /** The IndexedDB to open the archive in (fake-indexeddb in tests); the browser's by default. */
  database?: Pick<ArchiveDbOptions, 'indexedDB' | 'IDBKeyRange'>;
  /** sessionStorage in the app: remembers the pulls that were running across a reload of the tab. */
  storage: KeyValueStorage;
  /** localStorage in the app: the reviewer's name (issue 11), per browser profile. In memory by default. */
  preferences?: KeyValueStorage;
  /** Starts the search worker (a bundled module worker in the app). */
  startSearchWorker: () => SearchWorker;
  /** Starts the rules worker (issue 12); the bundled one where module workers exist, else rules run in-thread. */
  startRulesWorker?: () => RulesWorker;
  log: (message: string, detail?: unknown) => void;
}

export interface Composition {
  services: AppServices;
  store: AppStore;
  /** Resolves once app info, corps and pull statuses are loaded and interrupted pulls resumed. */
  ready: Promise<void>;
}

/**
 * The renderer's one composition root: builds the store, the archive DB with its derived indexes,
 * and every service once, wires the connection state and main's events into the store, and starts
 * the pull controller. Components reach the services only through `AppServicesContext` and the
 * store only through `AppStoreContext` (app/App.tsx); nothing is kept in module state.
 */
export function composeApp(platform: Platform): Composition {
  const { bridge, storage, log } = platform;
  const { archive, connection } = bridge;
  const store = createAppStore();
  // Built with its indexes before anything can write to it: the first ingest already keeps them.
  // The archive's text is sealed under main's data key (docs/security.md §8): the database waits for it.
  const dataKey = new ArchiveDataKey({ archive, log });
  const db = new ArchiveDb({
    ...platform.database,
    derived: ARCHIVE_DERIVED_INDEXES,
    dataKey: dataKey.holder,
  });
  void dataKey.load();
  // Chats stored before the day counts existed are counted in the background (db/chatDays.ts); until
  // then their timeline reads as it did. A failure is logged and the count resumes at the next start.
  void buildPendingChatDays(db).catch((error: unknown) =>
    log('chat days: counting the stored chats failed', {
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    }),
  );

  const showConnection = () => store.getState().setConnection(connection.state, connection.failedAttempts);
  showConnection();
  connection.subscribe(showConnection);

  const loadAppInfo = async () => {
    const answer = await archive.getAppInfo({});
    if (answer.ok) store.getState().setAppInfo(answer.value);
  };
  connection.onReconnect(() => void loadAppInfo());
  connection.onReconnect(() => {
    if (!dataKey.loaded && !dataKey.locked) void dataKey.load();
  });

  // The worker loads the index (and backfills/merges it) before anyone searches.
  const search = new SearchClient(platform.startSearchWorker());
  dataKey.holder.onChange((key) => search.setDataKey(key));
  const media = new MediaController({ archive, db, store, log });
  const pulls = new PullController({ archive, connection, db, store, storage, log });
  const redecrypts = new RedecryptRunner({ archive, db, store });
  const ready = Promise.all([loadAppInfo(), pulls.start()]).then(() => undefined);
  const reviewer = new ReviewerIdentity(platform.preferences ?? memoryPreferences());
  const auditTrail = new AuditTrail({ db, archive, reviewer, log });
  const marks = new Marks({ db, auditTrail, reviewer, sealer: archiveNoteSealer(db) });
  const cases = new Cases({ db, auditTrail, reviewer });

  // Lexicon rules (issue 12): retroactive runs, previews and the check of each new batch in their worker.
  const rulesWorker = platform.startRulesWorker ?? (typeof Worker === 'undefined' ? null : startRulesWorker);
  const rules = new RulesController({
    db,
    backend: rulesWorker ? new RulesClient(rulesWorker()) : new InThreadRules(db),
    auditTrail,
    log,
  });
  const alerts = new AlertTriage({ db, auditTrail, reviewer, cases });
  dataKey.holder.onChange((key) => rules.backend.setDataKey(key));
  if (dataKey.holder.loaded) rules.backend.setDataKey(dataKey.holder.current());

  return {
    services: {
      archive,
      db,
      dataKey,
      pulls,
      redecrypts,
      media,
      search,
      reviewer,
      auditTrail,
      marks,
      cases,
      rules,
      alerts,
    },
    store,
    ready,
  };
}

function memoryPreferences(): KeyValueStorage {
  const values = new Map<string, string>();
  return { getItem: (key) => values.get(key) ?? null, setItem: (key, value) => void values.set(key, value) };
}
