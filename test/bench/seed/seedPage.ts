import type { IngestMessageDto } from '../../../main/contract';
import { createBridge } from '../../../renderer/bridge';
import { ArchiveDataKey, ArchiveDb, commitBatch } from '../../../renderer/db';
import { mediaDerivedIndex } from '../../../renderer/features/media/mediaRows';
import { conversationDerivedIndex } from '../../../renderer/features/reading/conversations/conversationIndex';
import { searchDerivedIndex } from '../../../renderer/search/searchIndex';

/**
 * Evaluated inside the app's page by seedChat.ts: a second handle on the app's own archive, built the
 * way renderer/app/compose.ts builds it — the data key fetched from main over the page's channel, rows
 * sealed at rest (docs/security.md §8) and the derived indexes (conversations, media, search) kept —
 * and stored with the pull's own `commitBatch`. So a bench reads exactly what a pulled archive holds.
 */
export interface BenchSeedApi {
  ingest(corpId: string, cursor: string, messages: IngestMessageDto[]): Promise<void>;
  close(): void;
}

declare global {
  interface Window {
    __benchSeed?: BenchSeedApi;
  }
}

let opened: Promise<ArchiveDb> | null = null;
let batchId = 0;

async function openArchive(): Promise<ArchiveDb> {
  const { archive } = createBridge();
  let why = '';
  const dataKey = new ArchiveDataKey({
    archive,
    log: (message, detail) => (why = `${message} ${JSON.stringify(detail)}`),
  });
  if (!(await dataKey.load())) throw new Error(`main did not hand over the archive data key: ${why}`);
  return new ArchiveDb({
    derived: [conversationDerivedIndex, mediaDerivedIndex, searchDerivedIndex],
    dataKey: dataKey.holder,
  });
}

window.__benchSeed = {
  async ingest(corpId, cursor, messages) {
    opened ??= openArchive();
    const db = await opened;
    batchId += 1;
    try {
      await commitBatch(db, corpId, { batchId, cursor, messages });
    } catch (error) {
      // page.evaluate keeps only the class name of a DexieError; say what failed and why.
      const inner = (error as { inner?: unknown }).inner;
      const describe = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));
      throw new Error(
        `batch ${batchId} (cursor ${cursor}): ${describe(error)}${inner ? ` (inner ${describe(inner)})` : ''}\n${(error as Error).stack ?? ''}`,
        { cause: error },
      );
    }
  },
  close() {
    void opened?.then((db) => db.close());
    opened = null;
  },
};
