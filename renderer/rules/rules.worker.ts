import { ArchiveDb, DataKeyHolder } from '../db';
import { answerRequests } from '../lib/workerRpc';
import type { RulesReply, RulesRequest } from './protocol';
import { RuleRunner } from './runner';

/**
 * The rules worker (issue 12): retroactive runs, the editor's previews and the incremental check of
 * new ingest batches, all off the UI thread. It polls the search index's block counter: new blocks
 * are checked once ingest has been quiet for a moment, and during a long pull at least every few
 * seconds, in few large checks rather than one per batch, so the pull never waits for it and shares
 * the CPU and the database with it as little as possible.
 */
interface WorkerScope {
  onmessage: ((event: MessageEvent<RulesRequest>) => void) | null;
  postMessage(message: RulesReply): void;
}
const scope = self as unknown as WorkerScope;

// Opens once the page hands over the data key (a 'dataKey' request): the index's texts are sealed at rest.
const keys = new DataKeyHolder();
const runner = new RuleRunner(new ArchiveDb({ dataKey: keys }));
const POLL_MS = 400;
/** New blocks wait for this long a pause in ingest… */
const QUIET_MS = 1000;
/** …but never longer than this. */
const MAX_DELAY_MS = 5000;
const cancelled = new Set<number>();
/** Only the newest preview matters: an older one stops as soon as a newer one arrives. */
let previewGeneration = 0;
let checking: Promise<number> | null = null;

function checkNew(): Promise<number> {
  checking ??= (async () => {
    let total = 0;
    try {
      for (let n = await runner.checkNew(); n > 0; n = await runner.checkNew()) {
        total += n;
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      if (total > 0) scope.postMessage({ seq: 0, type: 'checked', messages: total });
    } catch (error) {
      console.warn('[rules] incremental check failed', error);
    } finally {
      checking = null;
    }
    return total;
  })();
  return checking;
}

answerRequests(scope, async (message): Promise<unknown> => {
  switch (message.type) {
    case 'run':
      try {
        return await runner.retroactive(message.ruleIds, {
          onProgress: (progress) =>
            scope.postMessage({ seq: 0, type: 'progress', runId: message.runId, progress }),
          isCancelled: () => cancelled.has(message.runId),
        });
      } finally {
        cancelled.delete(message.runId);
      }
    case 'cancel':
      cancelled.add(message.runId);
      return null;
    case 'preview': {
      previewGeneration += 1;
      const generation = previewGeneration;
      return runner.preview(message.rule, message.limit, () => generation !== previewGeneration);
    }
    case 'checkNew':
      return checkNew();
    case 'dataKey':
      if (message.key) keys.set(message.key);
      else keys.forget();
      return null;
  }
});

let lastBlock = -1;
let lastChange = 0;
let waitingSince = 0;

async function poll(): Promise<void> {
  if (checking) return;
  const { checked, last } = await runner.backlog();
  const now = performance.now();
  if (last !== lastBlock) {
    lastBlock = last;
    lastChange = now;
  }
  if (checked >= last) {
    waitingSince = 0;
    return;
  }
  waitingSince ||= now;
  if (now - lastChange < QUIET_MS && now - waitingSince < MAX_DELAY_MS) return;
  await checkNew();
  waitingSince = 0;
}

setInterval(() => void poll().catch((error: unknown) => console.warn('[rules] poll failed', error)), POLL_MS);
