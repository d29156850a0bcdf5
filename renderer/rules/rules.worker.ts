import { ArchiveDb } from '../db';
import type { RulesReply, RulesRequest } from './protocol';
import { RuleRunner } from './runner';

/**
 * The rules worker (issue 12): retroactive runs, the editor's previews and the incremental check of
 * new ingest batches, all off the UI thread. It polls the search index's block counter, so every
 * batch ingest commits is checked soon after without the pull ever waiting for it.
 */
interface WorkerScope {
  onmessage: ((event: MessageEvent<RulesRequest>) => void) | null;
  postMessage(message: RulesReply): void;
}
const scope = self as unknown as WorkerScope;

const runner = new RuleRunner(new ArchiveDb());
const CHECK_MS = 400;
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

scope.onmessage = (event) => {
  const message = event.data;
  const answer = async (): Promise<unknown> => {
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
    }
  };
  answer().then(
    (value) => scope.postMessage({ seq: message.seq, ok: true, value }),
    (error: unknown) =>
      scope.postMessage({
        seq: message.seq,
        ok: false,
        error: error instanceof Error ? error.message : String(error),
      }),
  );
};

setInterval(() => void checkNew(), CHECK_MS);
