import { ArchiveDb, DataKeyHolder } from '../db';
import { answerRequests } from '../lib/workerRpc';
import { compactSegments } from './compaction';
import { buildDocRun } from './docRuns';
import { SearchEngine } from './engine';
import { PLAIN_ARCHIVE_WORKER, type WorkerReply, type WorkerRequest } from './protocol';
import { backfillStep } from './searchIndex';

/**
 * The search worker: owns the query engine and the index's background work (backfill of messages
 * stored before the index existed, merging per-batch segments, and docs blocks into runs), so none of
 * it runs on the UI thread. Requests carry a seq; replies echo it. The renderer's tsconfig has no WebWorker lib: the few
 * worker globals used are typed here.
 */
interface WorkerScope {
  readonly name: string;
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerReply): void;
}
const scope = self as unknown as WorkerScope;

// Opens once the page hands over the data key (a 'dataKey' request); sealed texts need it. An archive
// stored without a key (PLAIN_ARCHIVE_WORKER) is read as it is.
const keys = new DataKeyHolder();
const db = new ArchiveDb(scope.name === PLAIN_ARCHIVE_WORKER ? {} : { dataKey: keys });
const engine = new SearchEngine(db);
const MAINTENANCE_MS = 1500;
let maintaining = false;

async function maintain(): Promise<void> {
  if (maintaining) return;
  maintaining = true;
  try {
    for (let step = await backfillStep(db); !step.done; step = await backfillStep(db)) {
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    engine.setBackfillPending(false);
    while ((await compactSegments(db)) > 0) await new Promise((resolve) => setTimeout(resolve, 0));
    while (await buildDocRun(db)) await new Promise((resolve) => setTimeout(resolve, 0));
    scope.postMessage({ seq: 0, type: 'status', status: await engine.status() });
  } catch (error) {
    console.warn('[search] maintenance failed', error);
  } finally {
    maintaining = false;
  }
}

answerRequests(scope, async (message): Promise<unknown> => {
  switch (message.type) {
    case 'search':
      return engine.search(message.request);
    case 'status':
      return engine.status();
    case 'warm':
      await engine.startWarming();
      return engine.status();
    case 'dataKey':
      if (message.key) keys.set(message.key);
      else {
        keys.forget();
        engine.forgetTexts();
      }
      return null;
  }
});

void engine.startWarming().then(() => maintain());
setInterval(() => void maintain(), MAINTENANCE_MS);
